"""The dataserver's per-property rules for uploaded item JSON, with its exact messages.

Mirrors ``Zotero_Items::validateJSONItem`` and ``Zotero_Item::setField``; each failure is an
``ItemError`` so a multi-object write can report it under ``failed`` and go on.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import ItemError
from .schema import LINK_MODES, Schema

#: The dataserver's limits: a field value in bytes (a 413 above it), a tag in characters.
MAX_FIELD_BYTES = 65535
MAX_TAG_CHARS = 255
KEY_RE = re.compile(r"^[23456789ABCDEFGHIJKLMNPQRSTUVWXYZ]{8}$")
ATTACHMENT_PROPS = ("contentType", "charset", "filename", "md5", "mtime", "path")
ANNOTATION_PROPS = (
    "annotationType",
    "annotationAuthorName",
    "annotationText",
    "annotationComment",
    "annotationColor",
    "annotationPageLabel",
    "annotationSortIndex",
    "annotationPosition",
)
PREDICATES = (
    "owl:sameAs",
    "dc:replaces",
    "dc:relation",
    "mendeleyDB:documentUUID",
    "mendeleyDB:remoteDocumentUUID",
    "mendeleyDB:fileHash",
)
ZOTERO_URI_RE = re.compile(r"^http://zotero.org/(users|groups)/[0-9]+/(publications/)?items/[A-Z0-9]{8}$")
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")
SQL_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
SQL_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Keys a merge handles itself rather than as item fields.
PROPS = {
    "key",
    "version",
    "itemType",
    "parentItem",
    "creators",
    "tags",
    "collections",
    "relations",
    "deleted",
    "inPublications",
    "note",
    "linkMode",
    "dateAdded",
    "dateModified",
    *ATTACHMENT_PROPS,
    *ANNOTATION_PROPS,
}


def is_key(value: object) -> bool:
    """``Zotero_ID::isValidKey``: 8 characters from the unambiguous alphabet."""
    return isinstance(value, str) and bool(KEY_RE.match(value))


def require(json_: dict[str, Any], old: dict[str, Any] | None, *, partial: bool, is_child: bool) -> None:
    """The properties a full (PUT-style) write must carry, as in ``validateJSONItem``."""
    if partial and old is not None:
        return
    if json_.get("itemType") == "attachment":
        required = ["linkMode"]
    elif old is None:
        required = ["itemType"]
    else:
        required = ["itemType", "tags", "relations"] + ([] if is_child else ["collections"])
    for prop in required:
        if prop not in json_:
            raise ItemError(400, f"'{prop}' property not provided")


def check(
    schema: Schema,
    name: str,
    value: Any,
    *,
    item_type: str,
    key: str,
    is_child: bool,
    link_mode: str | None,
    old: dict[str, Any] | None,
) -> None:
    """Reject one property the way the dataserver does (message texts are the server's)."""
    if name in ("key", "version", "itemType", "dateAdded", "dateModified") or name in ANNOTATION_PROPS:
        if name in ("dateAdded", "dateModified") and not (
            SQL_DATETIME_RE.match(str(value)) or ISO_RE.match(str(value))
        ):
            raise ItemError(
                400, f"'{name}' must be in ISO 8601 or UTC 'YYYY-MM-DD hh:mm:ss' format ({value})"
            )
        if name in ANNOTATION_PROPS and item_type != "annotation":
            raise ItemError(400, f"'{name}' is valid only for annotation items")
    elif name == "parentItem":
        if value not in (None, False, "") and not is_key(value):
            raise ItemError(400, "'parentItem' must be a valid item key or false")
        if value == key:
            raise ItemError(400, f"Item {key} cannot be a child of itself")
    elif name in ("tags", "collections", "creators") and not isinstance(value, list):
        raise ItemError(400, f"'{name}' property must be an array")
    elif name == "tags":
        _check_tags(value)
    elif name == "collections":
        _check_collections(value, is_child=is_child)
    elif name == "creators":
        _check_creators(schema, value, item_type=item_type, is_new=old is None)
    elif name == "relations":
        _check_relations(value)
    elif name == "note" and item_type not in ("note", "attachment"):
        raise ItemError(400, "'note' property is valid only for note and attachment items")
    elif name == "linkMode":
        if value not in LINK_MODES:
            raise ItemError(400, f"'{value}' is not a valid linkMode")
        if old is not None and old.get("linkMode") not in (None, value):
            raise ItemError(400, "Cannot change attachment linkMode")
    elif name in ATTACHMENT_PROPS:
        _check_attachment_prop(name, value, item_type=item_type, link_mode=link_mode)
    elif name == "deleted" and value not in (True, False, 0, 1):
        raise ItemError(400, "'deleted' must be a boolean")
    elif name == "inPublications" and value:
        raise ItemError(400, "Group items cannot be added to My Publications")
    elif name in ("attachments", "notes"):
        raise ItemError(400, f"'{name}' property is no longer supported")
    elif name not in PROPS:
        _check_field(schema, name, value, item_type)


def _check_field(schema: Schema, name: str, value: Any, item_type: str) -> None:
    """``Zotero_Item::setField``: unknown field, or a non-empty value in a field the type lacks."""
    if name not in schema.known_fields:
        raise ItemError(400, f"'{name}' is not a valid itemData field")
    if value not in ("", None) and name not in schema.fields(item_type):
        raise ItemError(400, f"'{name}' is not a valid field for type '{item_type}'")
    if isinstance(value, (dict, list)):
        raise ItemError(400, f"'{name}' value must be a string")
    if value is not None and len(str(value).encode("utf-8")) > MAX_FIELD_BYTES:
        # tests/remote/tests/3/object.test.js "should handle partial write failure with `unchanged`":
        # a 65 540-character title is a 413 for that object; the others are written
        label = schema.localized("fields", name)
        raise ItemError(
            413,
            f"{label} field value '{str(value)[:50]}…' too long",
            {"field": label, "value": str(value)[:50]},
        )
    if name == "accessDate" and value not in ("", None, "CURRENT_TIMESTAMP"):
        text = str(value)
        if not (SQL_DATE_RE.match(text) or SQL_DATETIME_RE.match(text) or ISO_RE.match(text)):
            formats = "ISO 8601 or UTC 'YYYY-MM-DD[ hh:mm:ss]' format or 'CURRENT_TIMESTAMP'"
            raise ItemError(400, f"'accessDate' must be in {formats} ({text})")


def _check_tags(tags: list[Any]) -> None:
    for tag in tags:
        if not isinstance(tag, dict):
            raise ItemError(400, "Tag must be an object")
        if not tag:
            raise ItemError(400, "Tag object is empty")
        for prop, value in tag.items():
            if prop == "tag" and isinstance(value, (dict, list)):
                raise ItemError(400, "Invalid tag name")
            if prop == "tag" and len(str(value)) > MAX_TAG_CHARS:
                # tests/remote/tests/3/tag.test.js "should reject tag too long" (300 characters: 413)
                raise ItemError(413, f"Tag '{str(value)[:50]}…' too long", {"tag": str(value)})
            if prop == "type" and not str(value).lstrip("-").isdigit():
                raise ItemError(400, f"Invalid tag type '{value}'")
            if prop not in ("tag", "type"):
                raise ItemError(400, f"Invalid tag property '{prop}'")


def _check_collections(keys: list[Any], *, is_child: bool) -> None:
    if is_child and keys:
        raise ItemError(400, "Child items cannot be assigned to collections")
    for key in keys:
        if not is_key(key):
            raise ItemError(400, f"'{key}' is not a valid collection key")


def _check_creators(schema: Schema, creators: list[Any], *, item_type: str, is_new: bool) -> None:
    for creator in creators:
        if not isinstance(creator, dict) or "creatorType" not in creator:
            raise ItemError(400, "creator object must contain 'creatorType'")
        names = [str(creator.get(k) or "").strip() for k in ("name", "firstName", "lastName")]
        if not any(names):
            if len(creators) == 1 and is_new:
                continue
            raise ItemError(400, "creator object must contain 'firstName'/'lastName' or 'name'")
        ctype = creator["creatorType"]
        if ctype not in schema.all_creator_types:
            raise ItemError(400, f"'{ctype}' is not a valid creator type")
        if ctype not in schema.creator_types(item_type) and ctype != "author":
            raise ItemError(400, f"'{ctype}' is not a valid creator type for item type '{item_type}'")
        for prop in creator:
            if prop not in ("creatorType", "name", "firstName", "lastName"):
                raise ItemError(400, f"Invalid creator property '{prop}'")
        if "name" in creator and ("firstName" in creator or "lastName" in creator):
            raise ItemError(400, "'firstName' and 'name' creator fields are mutually exclusive")
        if ("firstName" in creator) != ("lastName" in creator):
            missing, given = (
                ("lastName", "firstName") if "firstName" in creator else ("firstName", "lastName")
            )
            raise ItemError(400, f"'{missing}' creator field must be set if '{given}' is set")


def _check_relations(relations: Any) -> None:
    if relations == []:
        return
    if not isinstance(relations, dict):
        raise ItemError(400, "'relations' property must be an object")
    for predicate, target in relations.items():
        if predicate not in PREDICATES:
            raise ItemError(400, f"Unsupported predicate '{predicate}'")
        if predicate.startswith("mendeleyDB:"):
            continue
        for uri in [target] if isinstance(target, str) else target:
            if not ZOTERO_URI_RE.match(str(uri)):
                raise ItemError(400, "'relations' values currently must be Zotero item URIs")


def _check_attachment_prop(name: str, value: Any, *, item_type: str, link_mode: str | None) -> None:
    if item_type != "attachment":
        raise ItemError(400, f"'{name}' is valid only for attachment items")
    stored = str(link_mode).startswith("imported_") or link_mode == "embedded_image"
    if name in ("filename", "md5", "mtime") and not stored:
        raise ItemError(400, f"'{name}' is valid only for imported and embedded-image attachments")
    if name == "path" and link_mode != "linked_file":
        raise ItemError(400, f"'{name}' is valid only for linked file attachment items")
    if name == "md5" and value and not re.match(r"^[a-f0-9]{32}$", str(value)):
        raise ItemError(400, f"'{value}' is not a valid MD5 hash")
