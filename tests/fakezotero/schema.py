"""The Zotero schema (item types, fields, creator types) and the type/field endpoints built from it."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from .errors import ApiError

DEFAULT_PATH = Path(__file__).with_name("zotero-schema.json")
NON_REGULAR = ("note", "attachment", "annotation")
LINK_MODES = ("imported_file", "imported_url", "linked_file", "linked_url", "embedded_image")
ANNOTATION_TYPES = ("highlight", "note", "image", "ink", "underline", "text")


class Schema:
    """The look-ups the dataserver does against its schema tables, read from ``schema.json``."""

    def __init__(self, path: str | Path | None = None) -> None:
        raw = json.loads(Path(path or DEFAULT_PATH).read_text(encoding="utf-8"))
        self.version: int = raw["version"]
        self._types: dict[str, dict[str, Any]] = {t["itemType"]: t for t in raw["itemTypes"]}
        self._locales: dict[str, dict[str, dict[str, str]]] = raw["locales"]
        self.all_fields: set[str] = {f["field"] for t in raw["itemTypes"] for f in t["fields"]}
        # Base fields (``publisher``, ``number``...) exist in the field table even where no type uses them.
        self.known_fields = self.all_fields | {
            f["baseField"] for t in raw["itemTypes"] for f in t["fields"] if "baseField" in f
        }
        self.all_creator_types: set[str] = {
            c["creatorType"] for t in raw["itemTypes"] for c in t["creatorTypes"]
        }

    def is_type(self, item_type: str) -> bool:
        """True for every item type in the schema, including note/attachment/annotation."""
        return item_type in self._types

    def fields(self, item_type: str) -> list[str]:
        """Field names of *item_type* in schema order (the order of ``data`` in item JSON)."""
        return [f["field"] for f in self._types[item_type]["fields"]]

    def field_for_base(self, item_type: str, base: str) -> str | None:
        """The field of *item_type* that is *base* or maps to it (``title`` → ``caseName``)."""
        for f in self._types[item_type]["fields"]:
            if f["field"] == base or f.get("baseField") == base:
                return f["field"]
        return None

    def creator_types(self, item_type: str) -> list[str]:
        """Creator types valid for *item_type*, primary first as in the schema."""
        return [c["creatorType"] for c in self._types[item_type]["creatorTypes"]]

    def primary_creator_type(self, item_type: str) -> str | None:
        """The creator type that ``creatorSummary`` tries first."""
        primary = [c["creatorType"] for c in self._types[item_type]["creatorTypes"] if c.get("primary")]
        return primary[0] if primary else None

    def localized(self, kind: str, name: str, locale: str = "en-US") -> str:
        """Display name of an item type, field or creator type; unknown locales fall back to en-US."""
        table = self._locales.get(locale) or self._locales["en-US"]
        return table.get(kind, {}).get(name, name)

    # Bodies of the type/field endpoints (dataserver MappingsController).

    def item_types_json(self, locale: str) -> list[dict[str, str]]:
        """``GET /itemTypes``: every type but attachment and annotation, sorted by display name."""
        rows = [
            {"itemType": t, "localized": self.localized("itemTypes", t, locale)}
            for t in self._types
            if t not in ("attachment", "annotation")
        ]
        return sorted(rows, key=lambda row: row["localized"])

    def item_fields_json(self, locale: str) -> list[dict[str, str]]:
        """``GET /itemFields``: every field used by some type, sorted by display name."""
        rows = [{"field": f, "localized": self.localized("fields", f, locale)} for f in self.all_fields]
        return sorted(rows, key=lambda row: row["localized"])

    def item_type_fields_json(self, item_type: str | None, locale: str) -> list[dict[str, str]]:
        """``GET /itemTypeFields?itemType=``: the type's fields in schema order."""
        self._require_type(item_type)
        return [
            {"field": f, "localized": self.localized("fields", f, locale)} for f in self.fields(item_type)
        ]

    def creator_types_json(self, item_type: str | None, locale: str) -> list[dict[str, str]]:
        """``GET /itemTypeCreatorTypes?itemType=``: the type's creator types, primary first."""
        self._require_type(item_type)
        return [
            {"creatorType": c, "localized": self.localized("creatorTypes", c, locale)}
            for c in self.creator_types(item_type)
        ]

    @staticmethod
    def creator_fields_json() -> list[dict[str, str]]:
        """``GET /creatorFields``: fixed, English only on the real server too."""
        return [
            {"field": "firstName", "localized": "First"},
            {"field": "lastName", "localized": "Last"},
            {"field": "name", "localized": "Name"},
        ]

    def template(self, item_type: str | None, link_mode: str | None, annotation_type: str | None) -> dict:
        """``GET /items/new``: the empty editable JSON a client fills in before a POST."""
        if not item_type:
            raise ApiError(400, "'itemType' not provided")
        if item_type == "attachment" and not link_mode:
            raise ApiError(400, "linkMode required for itemType=attachment")
        if item_type == "attachment" and link_mode not in LINK_MODES:
            raise ApiError(400, f"Invalid linkMode '{link_mode}'")
        if item_type == "annotation" and annotation_type not in ANNOTATION_TYPES:
            raise ApiError(400, f"Invalid annotationType '{annotation_type}'")
        if not self.is_type(item_type):
            raise ApiError(400, f"Invalid item type '{item_type}'")
        json_: dict[str, Any] = {"itemType": item_type}
        if item_type == "attachment":
            json_["linkMode"] = link_mode
        for i, name in enumerate(self.fields(item_type)):
            if item_type == "attachment" and name == "url" and not str(link_mode).endswith("_url"):
                continue
            json_[name] = ""
            if i == 0 and item_type not in NON_REGULAR:
                creator = self.primary_creator_type(item_type)
                json_["creators"] = [{"creatorType": creator, "firstName": "", "lastName": ""}]
        if item_type == "annotation":
            json_.update(_annotation_template(str(annotation_type)))
            return json_
        if item_type in ("note", "attachment"):
            json_["note"] = ""
        json_.update({"tags": [], "collections": [], "relations": {}})
        if item_type == "attachment":
            json_.update({"contentType": "", "charset": ""})
            if link_mode == "linked_file":
                json_["path"] = ""
            if str(link_mode).startswith("imported_"):
                json_.update({"filename": "", "md5": None, "mtime": None})
        return json_

    def _require_type(self, item_type: str | None) -> None:
        if not item_type:
            raise ApiError(400, "'itemType' not provided")
        if not self.is_type(item_type) or item_type == "annotation":
            raise ApiError(400, f"Invalid item type '{item_type}'")


@functools.lru_cache(maxsize=4)
def load(path: str | None = None) -> Schema:
    """Parse each schema file once per process: it is read-only and 400 kB of JSON."""
    return Schema(path)


def _annotation_template(annotation_type: str) -> dict[str, Any]:
    """Annotation templates carry position/sort placeholders instead of collections/relations."""
    json_: dict[str, Any] = {"parentItem": "", "annotationType": annotation_type}
    if annotation_type in ("highlight", "underline"):
        json_["annotationText"] = ""
    json_.update({"annotationComment": "", "annotationColor": "", "annotationPageLabel": ""})
    json_["annotationSortIndex"] = "00000|000000|00000"
    if annotation_type == "ink":
        json_["annotationPosition"] = {"pageIndex": 0, "paths": [], "width": 2}
    else:
        json_["annotationPosition"] = {"pageIndex": 0, "rects": []}
    if annotation_type == "image":
        json_["annotationPosition"].update({"width": 0, "height": 0})
    json_["tags"] = []
    return json_
