"""Merge uploaded item JSON into stored data: each property is checked (``validate``), then normalised.

Stored data is a flat dict shaped like editable JSON but normalised: only non-empty field values,
``parentItem`` only on children, ``deleted`` only when trashed. ``render.item_data`` turns it back
into the full §1.9 shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import ItemError
from .schema import NON_REGULAR, Schema
from .validate import ANNOTATION_PROPS, ATTACHMENT_PROPS, SQL_DATETIME_RE, check, require


def to_iso(value: str) -> str:
    """Dates go out as ISO 8601 UTC with ``Z``, whatever form was uploaded."""
    if SQL_DATETIME_RE.match(value):
        return value.replace(" ", "T") + "Z"
    return value


def merge(
    schema: Schema,
    old: dict[str, Any] | None,
    json_: dict[str, Any],
    *,
    partial: bool,
    key: str,
    exists: Callable[[str, str], bool],
) -> dict[str, Any]:
    """Return the stored data for *json_* applied to *old* (``None`` for a new item).

    *partial* is PATCH semantics (POST updates too); otherwise missing properties are cleared.
    *exists(kind, key)* answers whether an item/collection key exists in the library.
    """
    is_child = bool(old and old.get("parentItem"))
    parent = json_.get("parentItem")
    if "parentItem" in json_:
        is_child = parent not in (None, False, "")
    require(json_, old, partial=partial, is_child=is_child)
    item_type = json_.get("itemType", old["itemType"] if old else None)
    if not schema.is_type(str(item_type)):
        raise ItemError(400, f"'{item_type}' is not a valid itemType")
    if is_child and item_type not in NON_REGULAR:
        raise ItemError(400, "Child item must be note, attachment, or annotation")
    base = dict(old) if (old and partial) else {}
    link_mode = json_.get("linkMode", (old or {}).get("linkMode"))
    for name, value in json_.items():
        check(
            schema, name, value, item_type=item_type, key=key, is_child=is_child, link_mode=link_mode, old=old
        )
    merged = {**base, **{k: v for k, v in json_.items() if k not in ("key", "version")}}
    merged["itemType"] = item_type
    return _normalise(schema, merged, exists)


def _normalise(schema: Schema, data: dict[str, Any], exists: Callable[[str, str], bool]) -> dict[str, Any]:
    """Drop empties, keep only fields of the (possibly new) type, check referenced keys exist."""
    item_type = data["itemType"]
    fields = set(schema.fields(item_type))
    out: dict[str, Any] = {"itemType": item_type}
    parent = data.get("parentItem")
    if parent not in (None, False, ""):
        if not exists("items", parent):
            raise ItemError(409, f"Parent item {parent} not found", {"parentItem": parent})
        out["parentItem"] = parent
    for name, value in data.items():
        if name in fields and value not in ("", None):
            out[name] = to_iso(str(value)) if name == "accessDate" else str(value)
    if item_type not in NON_REGULAR:
        out["creators"] = _creators(data.get("creators") or [])
    for prop in ("note", "linkMode", *ATTACHMENT_PROPS, *ANNOTATION_PROPS):
        if prop in data and data[prop] is not None:
            out[prop] = data[prop]
    out["tags"] = [_tag(t) for t in data.get("tags") or [] if str(t.get("tag", "")).strip()]
    collections = list(dict.fromkeys(data.get("collections") or [])) if "parentItem" not in out else []
    for key in collections:
        if not exists("collections", key):
            raise ItemError(409, f"Collection {key} not found", {"collection": key})
    out["collections"] = collections
    out["relations"] = dict(data.get("relations") or {})
    if data.get("deleted"):
        out["deleted"] = True
    for name in ("dateAdded", "dateModified"):
        if name in data:
            out[name] = to_iso(str(data[name]))
    return out


def _creators(creators: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Two-field or single-field form; like the server, stop at the first creator without a name."""
    out = []
    for creator in creators:
        if "name" in creator:
            entry = {"creatorType": creator["creatorType"], "name": str(creator["name"])}
        else:
            entry = {
                "creatorType": creator["creatorType"],
                "firstName": str(creator.get("firstName") or ""),
                "lastName": str(creator.get("lastName") or ""),
            }
        if not "".join(v for k, v in entry.items() if k != "creatorType").strip():
            break
        out.append(entry)
    return out


def _tag(tag: dict[str, Any]) -> dict[str, Any]:
    """Tag type 0 (manual) is implied; only automatic tags carry ``type``."""
    out: dict[str, Any] = {"tag": str(tag["tag"])}
    if int(tag.get("type") or 0):
        out["type"] = int(tag["type"])
    return out
