"""Query parameters as ``Zotero_API::parseQueryParams`` reads them, and the paging/Link rules of v3."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from .errors import ApiError
from .validate import is_key

WWW_API = "https://www.zotero.org"
MAX_LIMIT = 100
MAX_OBJECT_KEYS = 100
FORMATS = {
    "items": {"json", "keys", "versions", "bibtex", "biblatex"},
    "collections": {"json", "keys", "versions"},
    "searches": {"json", "keys", "versions"},
}
MULTI_ONLY = {"keys", "versions"}
INCLUDES = {"data", "bibtex", "biblatex", "none"}
SORTS = {
    "title",
    "creator",
    "itemType",
    "date",
    "publisher",
    "publicationTitle",
    "journalAbbreviation",
    "language",
    "accessDate",
    "libraryCatalog",
    "callNumber",
    "rights",
    "extra",
    "dateAdded",
    "dateModified",
    "addedBy",
    "numItems",
    "serverDateModified",
    "collectionKeyList",
    "itemKeyList",
    "searchKeyList",
}
KEY_LIST_SORTS = {"itemKeyList": "items", "collectionKeyList": "collections", "searchKeyList": "searches"}
EMPTY_FIRST = {"title", "date", "collectionKeyList", "itemKeyList", "searchKeyList"}
NUMERIC_RE = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")


@dataclass(frozen=True)
class SearchSet:
    """One ``itemType``/``tag`` value: ``-a || b`` is negation of the set {a, b}."""

    negation: bool
    values: tuple[str, ...]


@dataclass
class Params:
    """Parsed parameters; ``link_params`` are the non-default ones Link URLs carry."""

    format: str = "json"
    include: list[str] = field(default_factory=lambda: ["data"])
    limit: int | None = 25
    start: int = 0
    sort: str = "dateModified"
    direction: str = "desc"
    since: float | None = None
    item_keys: list[str] = field(default_factory=list)
    item_type: SearchSet | None = None
    tags: list[SearchSet] = field(default_factory=list)
    q: str = ""
    qmode: str = ""
    include_trashed: bool = False
    locale: str = "en-US"
    link_params: dict[str, str] = field(default_factory=dict)

    @property
    def empty_first(self) -> bool:
        return self.sort in EMPTY_FIRST


def parse(query: dict[str, list[str]], action: str, single: bool, header_version: str | None) -> Params:
    """Validate and default the query string; errors are the server's 400 texts."""
    q = {k: v[-1] for k, v in query.items()}
    if "order" in q:  # v2 names, still mapped
        target = "direction" if q["order"] in ("asc", "desc") else "sort"
        q.setdefault(target, q.pop("order"))
    if "newer" in q:
        q.setdefault("since", q.pop("newer"))
    _check_version(q.get("v"), header_version)
    p = Params()
    p.format = q.get("format") or "json"
    if action in FORMATS and (p.format not in FORMATS[action] or (single and p.format in MULTI_ONLY)):
        raise ApiError(400, f"Invalid 'format' value '{p.format}'")
    if action not in FORMATS:
        p.format = "json"
    p.limit = None if p.format in MULTI_ONLY else 25
    if "include" in q:
        p.include = _include(q["include"], p.format)
    if "since" in q:
        if not NUMERIC_RE.match(q["since"]):
            raise ApiError(400, "Invalid value for 'since' parameter")
        p.since = float(q["since"])
    p.start = max(_int(q.get("start", "0")), 0)
    if "limit" in q and _int(q["limit"]) > 0:
        p.limit = _int(q["limit"]) if p.format in MULTI_ONLY else min(_int(q["limit"]), MAX_LIMIT)
    _sort(p, q, action)
    if "qmode" in q:
        if q["qmode"].lower() not in ("titlecreatoryear", "everything"):
            raise ApiError(400, f"Invalid 'qmode' value '{q['qmode']}'")
        p.qmode = q["qmode"].lower()
    if "itemKey" in q:
        p.item_keys = [k for k in q["itemKey"].strip(",").split(",") if is_key(k)]
        p.limit = MAX_OBJECT_KEYS
    p.include_trashed = q.get("includeTrashed", "") not in ("", "0")
    p.q = q.get("q", "").strip()
    p.locale = q.get("locale") or "en-US"
    types = search_sets(query.get("itemType", []))
    if len(types) > 1:
        raise ApiError(400, "Cannot specify 'itemType' more than once")
    p.item_type = types[0] if types else None
    p.tags = search_sets(query.get("tag", []))
    p.link_params = _non_defaults(p, q)
    return p


def _check_version(param: str | None, header: str | None) -> None:
    if header and param and param != header:
        raise ApiError(400, "Zotero-API-Version header does not match 'v' query parameter")
    version = param or header or "3"
    if version not in ("1", "2", "3"):
        raise ApiError(400, f"Invalid API version '{version}'")
    if version != "3":
        raise ApiError(400, f"API version {version} is not implemented by this fake server")


def _include(value: str, fmt: str) -> list[str]:
    if fmt != "json":
        raise ApiError(400, "'include' is valid only for format=json")
    names = sorted(set(value.split(",")))
    for name in names:
        if name not in INCLUDES:
            raise ApiError(400, f"Invalid 'include' value '{name}'")
    if "none" in names and len(names) > 1:
        raise ApiError(400, "include=none is not valid in multi-format responses")
    return names


def _sort(p: Params, q: dict[str, str], action: str) -> None:
    if q.get("sort") in ("asc", "desc"):
        q["direction"] = q.pop("sort")
    if "sort" in q:
        value = q["sort"]
        if value not in SORTS:
            raise ApiError(400, f"Invalid 'sort' value '{value}'")
        if value == "numItems" and action != "tags":
            raise ApiError(400, f"Invalid 'order' value '{value}'")
        if value in KEY_LIST_SORTS:
            if action != KEY_LIST_SORTS[value]:
                raise ApiError(400, f"order={value} is not valid for this request")
            if value[: -len("List")] not in q:
                raise ApiError(400, f"order={value} requires the {value[: -len('List')]} parameter")
        p.sort = value
        p.direction = default_direction(value)
    if "direction" in q:
        if q["direction"] not in ("asc", "desc"):
            raise ApiError(400, f"Invalid 'direction' value '{q['direction']}'")
        p.direction = q["direction"]


def default_direction(sort: str) -> str:
    """Dates sort newest first, everything else ascending."""
    return "desc" if sort.startswith("date") else "asc"


def search_sets(values: list[str]) -> list[SearchSet]:
    """``getSearchParamValues``: leading ``-`` negates, ``\\-`` is a literal hyphen, `` || `` is OR."""
    sets = []
    for value in (v.strip() for v in values):
        if not value:
            continue
        negation = value.startswith("-")
        if negation or value.startswith("\\-"):
            value = value[1:]
        sets.append(SearchSet(negation, tuple(re.split(r"\s+\|\|\s+", value))))
    return sets


def _int(text: str) -> int:
    """PHP ``(int)``: leading digits, else 0."""
    match = re.match(r"^\s*([+-]?\d+)", text)
    return int(match.group(1)) if match else 0


def _non_defaults(p: Params, q: dict[str, str]) -> dict[str, str]:
    """``getNonDefaultParams``: what a Link URL must repeat to reproduce this request."""
    out: dict[str, str] = {}
    if p.format != "json":
        out["format"] = p.format
    if p.include != ["data"]:
        out["include"] = ",".join(p.include)
    default_limit = None if p.format in MULTI_ONLY else 25
    if p.limit != default_limit and p.limit is not None:
        out["limit"] = str(p.limit)
    if p.start:
        out["start"] = str(p.start)
    if p.sort != "dateModified":
        out["sort"] = p.sort
    if p.direction != default_direction(p.sort):
        out["direction"] = p.direction
    if p.since:
        out["since"] = q["since"]
    if p.item_keys:
        out["itemKey"] = ",".join(p.item_keys)
    if p.include_trashed:
        out["includeTrashed"] = "1"
    if p.locale != "en-US":
        out["locale"] = p.locale
    for name in ("itemType", "tag", "q", "qmode"):
        if q.get(name):
            out[name] = q[name]
    return out


def page(results: list, p: Params) -> list:
    """The ``start``/``limit`` window; past the end it is empty."""
    return results[p.start : p.start + p.limit] if p.limit else results[p.start :]


def link_header(base: str, path: str, total: int, p: Params) -> str:
    """``buildLinks``/``buildLinkHeader``: first/prev/next/last/alternate with sorted params."""

    def url(params: dict[str, str]) -> str:
        return base + path + ("?" + urlencode(sorted(params.items())) if params else "")

    params = dict(p.link_params)
    without_start = {k: v for k, v in params.items() if k != "start"}
    limit = p.limit or 0
    links = {"self": url(params), "first": url(without_start)}
    if p.start:
        prev = p.start - limit
        links["prev"] = url({**params, "start": str(prev)} if prev > 0 else without_start)
    if not p.start and limit >= total:
        links["last"] = links["self"]
    elif limit:
        if p.start >= total:
            last = total - limit
        else:
            last = total - (total % limit)
            last = total - limit if last == total else last
        links["last"] = url({**params, "start": str(last)} if last > 0 else without_start)
        if p.start + limit < total:
            links["next"] = url({**params, "start": str(p.start + limit)})
    parts = [f'<{links["first"]}>; rel="first"'] if links["first"] != links["self"] else []
    parts += [f'<{links[rel]}>; rel="{rel}"' for rel in ("prev", "next") if rel in links]
    if "last" in links and links["last"] != links["self"]:
        parts.append(f'<{links["last"]}>; rel="last"')
    parts.append(f'<{WWW_API}{path}>; rel="alternate"')
    return ", ".join(parts)
