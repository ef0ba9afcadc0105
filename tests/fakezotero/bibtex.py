"""A small stand-in for the server's BibTeX export (``format=bibtex``, ``include=bibtex``).

It follows the stock translator's type map, ``%a_%t_%y`` keys and per-export ``-1``/``-2`` key
suffixes (so keys can collide across pages, as on the real API), but not its case protection or
full escaping.
"""

from __future__ import annotations

import re
import unicodedata

from .library import Item, Library
from .render import date_of, parsed_date
from .schema import NON_REGULAR

TYPES = {
    "book": "book",
    "bookSection": "incollection",
    "journalArticle": "article",
    "magazineArticle": "article",
    "newspaperArticle": "article",
    "thesis": "phdthesis",
    "manuscript": "unpublished",
    "patent": "patent",
    "conferencePaper": "inproceedings",
    "report": "techreport",
}
# (BibTeX field, Zotero base field) in output order.
FIELDS = (
    ("title", "title"),
    ("shorttitle", "shortTitle"),
    ("volume", "volume"),
    ("number", "number"),
    ("pages", "pages"),
    ("edition", "edition"),
    ("series", "series"),
    ("address", "place"),
    ("isbn", "ISBN"),
    ("issn", "ISSN"),
    ("doi", "DOI"),
    ("url", "url"),
    ("abstract", "abstractNote"),
    ("language", "language"),
    ("copyright", "rights"),
)
STOP_WORDS = {"a", "an", "the", "some", "from", "on", "in", "to", "of", "do", "with"}
PINNED_KEY_RE = re.compile(r"^\s*citation key\s*:\s*(\S+)\s*$\n?", re.IGNORECASE | re.MULTILINE)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def render(lib: Library, items: list[Item]) -> str:
    """One export: entries for regular items, keys made unique within this export only."""
    taken: set[str] = set()
    entries = [entry(lib, item, taken) for item in items if item.item_type not in NON_REGULAR]
    return "".join(entries)


def entry(lib: Library, item: Item, taken: set[str]) -> str:
    """One ``@type{key, ...}`` entry; *taken* collects keys used so far in the export."""
    kind = item.item_type
    key = base = cite_key(lib, item)
    n = 0
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    fields: list[tuple[str, str]] = []
    for bib, base_field in FIELDS:
        value = _value(lib, item, base_field)
        if bib == "number" and not value:
            value = _value(lib, item, "issue") or _value(lib, item, "seriesNumber")
        if value:
            fields.append((bib, value.replace("-", "--") if bib == "pages" else value))
    container = _value(lib, item, "publicationTitle")
    if container:
        fields.append(("booktitle" if kind in ("bookSection", "conferencePaper") else "journal", container))
    publisher = _value(lib, item, "publisher")
    if publisher:
        fields.append(({"thesis": "school", "report": "institution"}.get(kind, "publisher"), publisher))
    for role, creator_types in (("author", _primary(lib, item)), ("editor", ("editor", "seriesEditor"))):
        names = [_name(c) for c in item.data.get("creators", []) if c["creatorType"] in creator_types]
        if names:
            fields.append((role, " and ".join(names)))
    parsed = parsed_date(date_of(lib, item)) or ""
    if len(parsed) >= 7:
        fields.append(("month", MONTHS[int(parsed[5:7]) - 1]))
    if parsed:
        fields.append(("year", parsed[:4]))
    note = PINNED_KEY_RE.sub("", item.data.get("extra", "")).strip()
    if note:
        fields.append(("note", note))
    tags = [t["tag"] for t in item.data.get("tags", [])]
    if tags:
        fields.append(("keywords", ", ".join(tags)))
    body = ",\n".join(f"\t{k} = {v}" if k == "month" else f"\t{k} = {{{_escape(k, v)}}}" for k, v in fields)
    return f"\n@{TYPES.get(kind, 'misc')}{{{key},\n{body}\n}}\n"


def cite_key(lib: Library, item: Item) -> str:
    """Extra ``Citation Key:`` line, else ``citationKey``, else ``%a_%t_%y`` (folded to ASCII)."""
    pinned = PINNED_KEY_RE.search(item.data.get("extra", ""))
    if pinned:
        return pinned.group(1)
    if item.data.get("citationKey"):
        return item.data["citationKey"]
    creators = item.data.get("creators", [])
    author = creators[0].get("lastName", creators[0].get("name", "")) if creators else ""
    author = author.lower().replace(" ", "_").replace(",", "") or "noauthor"
    words = [
        w for w in re.sub(r"<[^>]*>", "", _value(lib, item, "title")).lower().split() if w not in STOP_WORDS
    ]
    title = re.sub(r"[^a-z0-9]", "", words[0]) if words else ""
    year = (parsed_date(date_of(lib, item)) or "")[:4] or "nodate"
    key = unicodedata.normalize("NFKD", f"{author}_{title or 'notitle'}_{year}")
    return re.sub(r"[^a-z0-9_-]", "", key.encode("ascii", "ignore").decode())


def _value(lib: Library, item: Item, base_field: str) -> str:
    name = lib.schema.field_for_base(item.item_type, base_field)
    return item.data.get(name, "") if name else ""


def _primary(lib: Library, item: Item) -> tuple[str, ...]:
    primary = lib.schema.primary_creator_type(item.item_type)
    return (primary,) if primary else ()


def _name(creator: dict[str, str]) -> str:
    """Last, First; single-field (institutional) names are braced so BibTeX keeps them whole."""
    if "name" in creator:
        return "{" + _escape("name", creator["name"]) + "}"
    return ", ".join(_escape("name", p) for p in (creator["lastName"], creator["firstName"]) if p)


def _escape(field: str, value: str) -> str:
    """Backslash LaTeX specials, except in URLs/DOIs and in already-escaped name lists."""
    if field in ("url", "doi", "author", "editor"):
        return value
    return re.sub(r"([#$%&_{}])", r"\\\1", value)
