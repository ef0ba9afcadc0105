"""Which items a multi-object read returns and in what order (``Zotero_Items::search``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from .errors import ApiError
from .library import Collection, Item, Library
from .query import Params, SearchSet
from .render import creator_summary, date_of, parsed_date
from .schema import NON_REGULAR


def search(lib: Library, p: Params, candidates: Iterable[Item], *, top: bool = False) -> list[Item]:
    """Filter *candidates* by the parameters and sort them; *top* maps matches to top-level items.

    As on the server, ``/top`` with ``itemKey``/``itemType``/``q``/``tag`` matches any item and
    returns its top-level item; without them it matches top-level items only. ``since`` compares
    the returned item's own version.
    """
    type_filter = _type_filter(lib, p.item_type)
    mapped = top and bool(p.item_keys or p.item_type or p.q or p.tags)
    found: dict[str, Item] = {}
    for item in candidates:
        if top and not mapped and item.parent:
            continue
        if not p.include_trashed and (item.trashed or (top and lib.top_of(item).trashed)):
            continue
        if p.item_keys and item.key not in p.item_keys:
            continue
        if not (type_filter(item) and _tags_match(item, p.tags) and _text_match(lib, item, p.q)):
            continue
        result = lib.top_of(item) if mapped else item
        if p.since is None or result.version > p.since:
            found[result.key] = result
    return sort_items(lib, list(found.values()), p)


def sort_items(lib: Library, items: list[Item], p: Params) -> list[Item]:
    """ORDER BY the sort value (empties last unless the field sorts them first), version, insertion."""
    value = _sort_value(lib, p)

    def key(item: Item) -> tuple:
        v = value(item)
        empty_flag = () if p.empty_first else (v == "",)  # MySQL: IFNULL(x, '') = '' <direction>
        return (*empty_flag, v, item.version, item.seq)

    return sorted(items, key=key, reverse=p.direction == "desc")


def sort_collections(colls: list[Collection], p: Params) -> list[Collection]:
    """Collections sort by date or by name; other sort fields fall back to the name."""
    by_date = p.sort in ("dateModified", "dateAdded", "serverDateModified")

    def key(coll: Collection) -> tuple:
        return (coll.date_modified if by_date else fold(coll.name), coll.version, coll.seq)

    return sorted(colls, key=key, reverse=p.direction == "desc")


def fold(text: str) -> str:
    """MySQL's utf8mb4_unicode_ci compares case- and accent-insensitively."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _type_filter(lib: Library, sets: SearchSet | None) -> Callable[[Item], bool]:
    if sets is None:
        return lambda _item: True
    for name in sets.values:
        if not lib.schema.is_type(name):
            raise ApiError(400, f"Invalid itemType '{name}'")
    if sets.negation:  # a negation is not asking for annotations either
        return lambda item: item.item_type not in sets.values and item.item_type != "annotation"
    return lambda item: item.item_type in sets.values


def _tags_match(item: Item, sets: list[SearchSet]) -> bool:
    """Each ``tag`` parameter must hold (AND); within one, `` || `` is OR; names are case-insensitive."""
    names = {fold(t["tag"]) for t in item.data.get("tags", [])}
    for tag_set in sets:
        hit = any(fold(v) in names for v in tag_set.values)
        if hit == tag_set.negation or (tag_set.negation and item.item_type == "annotation"):
            return False
    return True


def _text_match(lib: Library, item: Item, q: str) -> bool:
    """Quick search: every word/phrase in title, note, creator name, or equal to the year."""
    if not q:
        return True
    creators = [
        f"{c.get('firstName', '')} {c.get('lastName', c.get('name', ''))}".strip()
        for c in item.data.get("creators", [])
    ]
    haystack = fold(" ".join([_title(lib, item), *creators]))
    year = date_of(lib, item)[:4]
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', q):
        part = phrase or word
        if fold(part) not in haystack and part != year:
            return False
    return True


def _title(lib: Library, item: Item) -> str:
    """Title or its base-mapped field, else the first line of the note (``INo.title``)."""
    name = lib.schema.field_for_base(item.item_type, "title") if item.item_type != "note" else None
    title = item.data.get(name, "") if name else ""
    if title or "note" not in item.data:
        return title
    text = re.sub(r"<[^>]*>", "\n", item.data["note"])
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _sort_value(lib: Library, p: Params) -> Callable[[Item], object]:
    sort = p.sort
    if sort in ("dateAdded", "dateModified", "serverDateModified"):
        return lambda i: i.date_added if sort == "dateAdded" else i.date_modified
    if sort == "title":
        return lambda i: fold(re.sub(r"^[^\w]+", "", _title(lib, i)))
    if sort == "creator":
        return lambda i: fold(creator_summary(lib, i)) if i.item_type not in NON_REGULAR else ""
    if sort == "itemType":
        return lambda i: lib.schema.localized("itemTypes", i.item_type)
    if sort == "date":
        return lambda i: _sql_date(parsed_date(date_of(lib, i)) or "")
    if sort == "addedBy":
        return lambda i: fold(i.created_by.username)
    if sort == "itemKeyList":
        return lambda i: p.item_keys.index(i.key)
    return lambda i: fold(i.data.get(sort, ""))


def _sql_date(parsed: str) -> str:
    """Multipart dates sort as YYYY-MM-DD with 00 for unknown parts."""
    if not parsed:
        return ""
    parts = [*parsed.split("-"), "00", "00"]
    return "-".join(parts[:3])
