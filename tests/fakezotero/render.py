"""Response JSON for items, collections, tags and groups, in the dataserver's exact shape and key order."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from .dates import parsed_date
from .library import Collection, Item, Library, User
from .schema import NON_REGULAR
from .validate import ANNOTATION_PROPS

WWW = "https://www.zotero.org"


def slugify(text: str) -> str:
    """``Zotero_Utilities::slugify``, used in www.zotero.org links."""
    return re.sub(r"[^a-z0-9 ._-]", "", text.strip().lower()).replace(" ", "_")


def www_library(lib: Library) -> str:
    slug = slugify(lib.name)
    return f"{WWW}/groups/{lib.id}" + (f"/{slug}" if slug else "")


def library_json(lib: Library) -> dict[str, Any]:
    return {
        "type": "group",
        "id": lib.id,
        "name": lib.name,
        "links": {"alternate": {"href": www_library(lib), "type": "text/html"}},
    }


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "name": "",
        "links": {"alternate": {"href": f"{WWW}/{slugify(user.username)}", "type": "text/html"}},
    }


def item_json(
    lib: Library, item: Item, base: str, include: list[str], extra: dict[str, str]
) -> dict[str, Any]:
    """``toResponseJSON``; *extra* holds ready-made export texts for ``include=bibtex`` etc."""
    api = f"{base}/groups/{lib.id}/items"
    links: dict[str, Any] = {
        "self": {"href": f"{api}/{item.key}", "type": "application/json"},
        "alternate": {"href": f"{www_library(lib)}/items/{item.key}", "type": "text/html"},
    }
    if item.parent:
        links["up"] = {"href": f"{api}/{item.parent}", "type": "application/json"}
    out: dict[str, Any] = {
        "key": item.key,
        "version": item.version,
        "library": library_json(lib),
        "links": links,
        "meta": _meta(lib, item),
    }
    for name in include:
        if name == "data":
            out["data"] = item_data(lib, item)
        elif name in extra:
            out[name] = extra[name]
    return out


def _meta(lib: Library, item: Item) -> dict[str, Any]:
    meta: dict[str, Any] = {"createdByUser": user_json(item.created_by)}
    if item.modified_by != item.created_by:
        meta["lastModifiedByUser"] = user_json(item.modified_by)
    regular = item.item_type not in NON_REGULAR
    if regular:
        summary = creator_summary(lib, item)
        if summary:
            meta["creatorSummary"] = summary
        parsed = parsed_date(date_of(lib, item))
        if parsed:
            meta["parsedDate"] = parsed
    is_pdf = item.item_type == "attachment" and item.data.get("contentType") == "application/pdf"
    if regular or item.item_type == "note" or is_pdf:
        meta["numChildren"] = len(lib.children(item.key))
    return meta


def item_data(lib: Library, item: Item) -> dict[str, Any]:
    """``Zotero_Item::toJSON(includeEmpty)``: every field of the type, ``""`` when empty."""
    data, kind = item.data, item.item_type
    out: dict[str, Any] = {"key": item.key, "version": item.version}
    if item.parent:
        out["parentItem"] = item.parent
    out["itemType"] = kind
    embedded = data.get("linkMode") == "embedded_image"
    if kind == "attachment":
        out["linkMode"] = data.get("linkMode")
    title = lib.schema.field_for_base(kind, "title") if kind not in NON_REGULAR else None
    if title:
        out[title] = data.get(title, "")
        out["creators"] = [dict(c) for c in data.get("creators", [])]
    for name in lib.schema.fields(kind):
        if name != title and not (embedded and name in ("title", "url", "accessDate")):
            out[name] = data.get(name, "")
    if kind == "note" or (kind == "attachment" and not embedded):
        out["note"] = data.get("note", "")
    if kind == "attachment":
        _attachment_props(data, out, embedded)
    if kind == "annotation":
        for name in ANNOTATION_PROPS:
            if name in data:
                out[name] = data[name]
    if item.trashed:
        out["deleted"] = 1
    if not embedded:
        out["tags"] = [dict(t) for t in data.get("tags", [])]
        if not item.parent:
            out["collections"] = list(data.get("collections", []))
        out["relations"] = dict(data.get("relations", {}))
    out["dateAdded"] = item.date_added
    out["dateModified"] = item.date_modified
    return out


def _attachment_props(data: dict[str, Any], out: dict[str, Any], embedded: bool) -> None:
    out["contentType"] = data.get("contentType", "")
    if not embedded:
        out["charset"] = data.get("charset", "")
    if str(data.get("linkMode")).startswith("imported_") or embedded:
        out["filename"] = data.get("filename", "")
        out["md5"] = data.get("md5")
        out["mtime"] = data.get("mtime")
    elif data.get("linkMode") == "linked_file":
        out["path"] = data.get("path", "")


def creator_summary(lib: Library, item: Item) -> str:
    """ "A", "A and B" or "A et al." from primary creators, else editors, else contributors."""
    creators = item.data.get("creators", [])
    for ctype in (lib.schema.primary_creator_type(item.item_type), "editor", "contributor"):
        names = [c.get("lastName", c.get("name", "")) for c in creators if c["creatorType"] == ctype]
        if len(names) == 1:
            return names[0]
        if len(names) == 2:
            return f"{names[0]} and {names[1]}"
        if names:
            return f"{names[0]} et al."
    return ""


def date_of(lib: Library, item: Item) -> str:
    """The value of ``date`` or the type's field based on it (``dateDecided``, ``issueDate``...)."""
    name = lib.schema.field_for_base(item.item_type, "date")
    return item.data.get(name, "") if name else ""


def collection_json(lib: Library, coll: Collection, base: str) -> dict[str, Any]:
    num_items = sum(
        1 for i in lib.items.values() if coll.key in i.data.get("collections", []) and not i.trashed
    )
    return {
        "key": coll.key,
        "version": coll.version,
        "library": library_json(lib),
        "links": {
            "self": {"href": f"{base}/groups/{lib.id}/collections/{coll.key}", "type": "application/json"},
            "alternate": {"href": f"{www_library(lib)}/collections/{coll.key}", "type": "text/html"},
        },
        "meta": {
            "numCollections": sum(1 for c in lib.collections.values() if c.parent == coll.key),
            "numItems": num_items,
        },
        "data": {
            "key": coll.key,
            "version": coll.version,
            "name": coll.name,
            "parentCollection": coll.parent or False,
            "relations": dict(coll.relations),
        },
    }


def tag_json(lib: Library, name: str, kind: int, count: int, base: str) -> dict[str, Any]:
    return {
        "tag": name,
        "links": {
            "self": {
                "href": f"{base}/groups/{lib.id}/tags/{quote(name, safe='')}",
                "type": "application/json",
            },
            "alternate": {"href": f"{www_library(lib)}/tags/{quote(name, safe='')}", "type": "text/html"},
        },
        "meta": {"type": kind, "numItems": count},
    }


def group_json(lib: Library, base: str) -> dict[str, Any]:
    return {
        "id": lib.id,
        "version": lib.group_version,
        "links": {
            "self": {"href": f"{base}/groups/{lib.id}", "type": "application/json"},
            "alternate": {"href": www_library(lib), "type": "text/html"},
        },
        "meta": {"created": lib.created, "lastModified": lib.created, "numItems": len(lib.items)},
        "data": {
            "id": lib.id,
            "version": lib.group_version,
            "name": lib.name,
            "owner": lib.owner.id,
            "type": "PublicClosed" if lib.public else "Private",
            "description": "",
            "url": "",
            "libraryEditing": "members",
            "libraryReading": "all" if lib.public else "members",
            "fileEditing": "members",
        },
    }
