"""Zotero item JSON → BibTeX fields (pure; no network, no files).

Item types map as the stock Zotero exporter maps them; every field of every
type is placed by the schema-driven rules of :mod:`sync.mapping.fieldmap` (base fields
honoured: a case's ``caseName`` is its title, ``dateDecided`` its date). Preprints
keep their arXiv identity (``eprint``, ``archiveprefix``, ``primaryclass`` from
the archive ID, an ``arXiv:`` line in Extra, or an arxiv.org URL), which the
stock exporter drops. Every text value is escaped with :mod:`sync.mapping.texify`;
URLs are kept only with http, https or ftp schemes.

Extra lines understood: ``Citation Key: k`` (see :mod:`sync.mapping.citekeys`),
``arXiv: id [class]``, ``DOI: 10…``, the identifiers ``PMID``, ``PMCID``,
``MR``, ``Zbl`` and ``LCCN`` (→ ``pmid``, ``pmcid``, ``mrnumber``,
``zmnumber``, ``lccn``, as Zotero's own export writes them), and ``tex.<field>: value``, which sets a
BibTeX field that has no Zotero home (``organization``, ``note`` …; the value is
plain text like every other field). Remaining lines become ``note``.

Rich-text markup in titles and container titles becomes LaTeX
(:mod:`sync.mapping.richtext`); ``language`` is kept and its babel name written as
``langid`` (:mod:`sync.mapping.languages`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ext.reader.chars import UNSAFE, describe, strip_unsafe
from ext.reader.urls import bare_doi, safe_url
from sync.mapping import children, creators, dates, fieldmap, languages, richtext, schema, texify

#: Zotero item types that never become entries.
NOT_ENTRIES = frozenset({"note", "attachment", "annotation"})

TYPES = {
    "journalArticle": "article",
    "magazineArticle": "article",
    "newspaperArticle": "article",
    "conferencePaper": "inproceedings",
    "book": "book",
    "bookSection": "incollection",
    "report": "techreport",
    "manuscript": "unpublished",
    "preprint": "misc",
    "webpage": "misc",
    "patent": "patent",
    "encyclopediaArticle": "inreference",
    "dictionaryEntry": "inreference",
}
#: Dates that say a work is not out yet → biblatex's pubstate (no warning: nothing to fix).
_PUBSTATES = {
    "forthcoming": "forthcoming",
    "in press": "inpress",
    "inpress": "inpress",
    "submitted": "submitted",
}
_NO_DATE = frozenset({"n.d.", "nd", "n. d.", "no date", "undated"})
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ARXIV_LINE = re.compile(r"^\s*arxiv\s*:\s*(\S+?)(?:\s*\[([^\]]+)\])?\s*$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?(?:[?#].*)?$", re.IGNORECASE)
_TEX_LINE = re.compile(r"^\s*tex\.([a-z][a-z0-9_-]*)\s*:\s*(.*)$", re.IGNORECASE)
_DOI_LINE = re.compile(r"^\s*doi\s*:\s*(\S+)\s*$", re.IGNORECASE)
#: Identifier lines of Extra → the fields Zotero's BibTeX and BibLaTeX exports write them to.
_IDENTIFIERS = {"pmid": "pmid", "pmcid": "pmcid", "mr": "mrnumber", "zbl": "zmnumber", "lccn": "lccn"}
_ID_LINE = re.compile(r"^\s*(PMID|PMCID|MR|Zbl|LCCN)\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
_KEY_LINE = re.compile(r"^\s*(?:citation key|bibtex)\s*:", re.IGNORECASE)
_DASHES = re.compile(r"\s*[-\u2010-\u2015]+\s*")
_MASTERS = re.compile(r"master|\bms\b|\bmsc\b|\bma\b", re.IGNORECASE)


@dataclass
class Converted:
    """One item as a BibTeX entry type and LaTeX field values, plus what was dropped."""

    entry_type: str
    fields: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  #: "<type>.<field>" left out (fieldmap.DROPPED)


def is_entry(item: dict) -> bool:
    """Regular, top-level, not trashed: the items that become bib entries."""
    data = item.get("data", item)
    return data.get("itemType") not in NOT_ENTRIES and not data.get("parentItem") and not data.get("deleted")


def _date(date: str, meta: dict) -> tuple[str | None, str | None]:
    """Year (``2001--2003`` for a range) and month macro from ``meta.parsedDate``, else read as Zotero reads *date*."""
    span = dates.year_range(date)
    if span:
        return f"{span[0]}--{span[1]}", None
    parsed = re.match(r"^(\d{4})(?:-(\d{2}))?", meta.get("parsedDate") or "")
    year, month = dates.parse(date)
    if parsed and (parsed.group(1) != year or parsed.group(2)):  # the server's reading wins
        year, month = parsed.group(1), dates.month_number(parsed.group(2))
    return year, _MONTHS[month - 1] if year and month else None


def _arxiv(data: dict) -> tuple[str | None, str | None]:
    """arXiv id and primary class, from Extra, the archive ID, or a preprint's arxiv.org URL."""
    for line in (data.get("extra") or "").splitlines():
        match = _ARXIV_LINE.match(line)
        if match:
            return match.group(1), match.group(2)
    archive_id = data.get("archiveID") or ""
    if archive_id.lower().startswith("arxiv:"):
        return archive_id[6:].strip(), None
    match = _ARXIV_URL.search(data.get("url") or "") if data.get("itemType") == "preprint" else None
    return (match.group(1), None) if match else (None, None)


def _braces_encoded(link: str) -> str:
    """A DOI or URL with ``{``/``}`` percent-encoded: the same link, and BibTeX keeps its braces balanced."""
    return link.replace("{", "%7B").replace("}", "%7D")


def _extra(data: dict, fields: dict[str, str]) -> None:
    """Fields carried in Extra: ``tex.*`` lines, DOI, and the rest as ``note``."""
    notes = []
    for line in (data.get("extra") or "").splitlines():
        if not line.strip() or _KEY_LINE.match(line) or _ARXIV_LINE.match(line):
            continue
        tex = _TEX_LINE.match(line)
        doi = _DOI_LINE.match(line)
        ident = _ID_LINE.match(line)
        if tex:
            fields.setdefault(tex.group(1).lower(), texify.escape(tex.group(2)))
        elif ident and _IDENTIFIERS[ident.group(1).lower()] not in fields:
            fields[_IDENTIFIERS[ident.group(1).lower()]] = texify.escape(ident.group(2))
        elif doi and "doi" not in fields:
            fields["doi"] = _braces_encoded(bare_doi(doi.group(1)))
        else:
            notes.append(line.strip())
    if notes and "note" not in fields:
        fields["note"] = texify.escape("; ".join(notes))


def _patent_type(entry_type: str, fields: dict[str, str]) -> None:
    """biblatex's patent ``type`` from the number's country code (``US 9,123,456`` → patentus), as
    Zotero's BibLaTeX export derives it; the number keeps its code when no key names it."""
    if entry_type != "patent":
        return
    match = re.match(r"^(US|EP|GB|DE|FR)\s*(\S.*)$", fields.get("number", ""))
    if match:
        fields["type"] = "patent" + {"GB": "uk"}.get(match.group(1), match.group(1).lower())
        fields["number"] = match.group(2)
    else:
        fields.setdefault("type", "patent")


def _with_children(fields: dict[str, str], kids: list[dict]) -> None:
    """``annote`` from the child notes; the attachment's web link as ``url`` when the item has none."""
    note = children.annote(kids)
    if note:
        fields["annote"] = note
    link = children.reader_link(kids)
    if link and "url" not in fields:
        fields["url"] = _braces_encoded(link)


def _entry_type(kind: str, data: dict) -> str:
    if kind == "thesis":
        return "mastersthesis" if _MASTERS.search(data.get("thesisType") or "") else "phdthesis"
    return TYPES.get(kind, "misc")


def _without_unsafe(value: Any, found: set[str]) -> Any:
    """*value* (item JSON) with control characters and bidi overrides removed from every string (into *found*)."""
    if isinstance(value, str):
        unsafe = UNSAFE.findall(value)
        if not unsafe:  # the usual text: nothing to strip
            return value
        found.update(unsafe)
        return strip_unsafe(value)
    if isinstance(value, list):
        return [_without_unsafe(part, found) for part in value]
    if isinstance(value, dict):
        return {key: _without_unsafe(part, found) for key, part in value.items()}
    return value


_DEFAULT_THESIS_TYPES = (
    "phd thesis",
    "phd",
    "doctoral thesis",
    "master's thesis",
    "master’s thesis",
    "masters thesis",
)  #: the entry type says these, so they need no ``type`` field


def _unsafe_warnings(found: set[str]) -> list[str]:
    """The warning for invisible characters removed from the item, if any were."""
    unsafe = sorted(describe(char) for char in found)
    if not unsafe:
        return []
    return [
        f"invisible characters {', '.join(unsafe)} removed (they stop LaTeX or turn text around); "
        "fix: retype the field in Zotero"
    ]


def _title_and_places(data: dict, kind: str, entry_type: str, fields: dict[str, str]) -> fieldmap.Placed:
    """The names, the title and the fields :mod:`sync.mapping.fieldmap` places (a conference's event as its booktitle)."""
    fields.update(creators.name_fields(data.get("creators") or [], kind))
    title = schema.value_by_base(data, "title")
    if title.strip():
        fields["title"] = texify.protect_title(title)
    placed = fieldmap.place(data, entry_type, texify.escape, texify.rich)
    for name, value in placed.fields.items():
        fields.setdefault(name, value)
    if kind == "conferencePaper" and "booktitle" not in fields and "eventtitle" in fields:
        fields["booktitle"] = fields.pop("eventtitle")
    return placed


def _thesis_and_pages(data: dict, entry_type: str, fields: dict[str, str]) -> None:
    """A thesis type the entry type does not say, a patent's type, and the page range with an en dash."""
    thesis_type = (data.get("thesisType") or "").strip()
    if thesis_type and thesis_type.lower() not in _DEFAULT_THESIS_TYPES:
        fields["type"] = texify.escape(thesis_type)
    _patent_type(entry_type, fields)
    pages = schema.value_by_base(data, "pages").strip()  # a case's firstPage, a bill's codePages
    if pages:
        fields["pages"] = "--".join(texify.escape(part) for part in _DASHES.split(pages))


def _archive_number(data: dict, entry_type: str, arxiv: str | None, fields: dict[str, str]) -> None:
    """A non-arXiv archive ID as the number; "arXiv" as publisher goes (the archive prefix says it)."""
    archive_id = (data.get("archiveID") or "").strip()
    if archive_id and not archive_id.lower().startswith("arxiv:"):
        fields.setdefault("number", texify.escape(archive_id))
    publisher_field = fieldmap.home("publisher", "publisher", entry_type) or "publisher"
    if arxiv and fields.get(publisher_field, "").lower() == "arxiv":
        del fields[publisher_field]


def _dated(data: dict, meta: dict, fields: dict[str, str], warnings: list[str], carried: list[str]) -> None:
    """Year and month, or the publication state; a date with no readable year is carried and warned about."""
    date = schema.value_by_base(data, "date")
    year, month = _date(date, meta)
    if year:
        fields["year"] = year
    elif date.strip().lower().rstrip(".") in _PUBSTATES:
        fields["pubstate"] = _PUBSTATES[date.strip().lower().rstrip(".")]
    elif date.strip() and date.strip().lower() not in _NO_DATE:
        warnings.append(
            f"date {date.strip()[:40]!r} has no year we can read, so the entry has none "
            "(fix: write the date as e.g. 2021-03-15 or 'March 2021')"
        )
        carried.insert(0, f"Date: {texify.escape(date)}")
    if month:
        fields["month"] = month


def _language(data: dict, fields: dict[str, str]) -> None:
    """The language as written, and babel's name for it when we know one (``langid``)."""
    language = (data.get("language") or "").strip()
    if language:
        fields["language"] = texify.escape(language)
        babel = languages.langid(language)
        if babel:
            fields["langid"] = babel


def _links(data: dict, fields: dict[str, str], warnings: list[str]) -> None:
    """The bare DOI, and the URL when it is an http, https or ftp link (else a warning)."""
    if data.get("DOI"):
        fields["doi"] = _braces_encoded(bare_doi(data["DOI"]))
    url = (data.get("url") or "").strip()
    if url and safe_url(url):
        fields["url"] = _braces_encoded(safe_url(url))  # type: ignore[arg-type]
    elif url:
        warnings.append(
            f"url {url[:60]!r} dropped: only http, https and ftp links are kept (fix: correct the URL field)"
        )


def _eprint(arxiv: str | None, primary: str | None, fields: dict[str, str]) -> None:
    """The arXiv identifier and its primary class, as biblatex's eprint fields."""
    if arxiv:
        fields["eprint"] = texify.escape(arxiv)
        fields["archiveprefix"] = "arXiv"
        if primary:
            fields["primaryclass"] = texify.escape(primary)


def _keywords(data: dict, fields: dict[str, str]) -> None:
    """The item's tags, sorted and deduplicated, as ``keywords``."""
    tags = sorted(
        {tag["tag"].strip() for tag in data.get("tags") or [] if tag.get("tag", "").strip()}, key=str.casefold
    )
    if tags:
        fields["keywords"] = texify.escape(", ".join(tags))


def _date_added(data: dict, fields: dict[str, str]) -> None:
    """The day it joined the library: the page's "Recently added" view and Atom feed."""
    added = re.match(r"\d{4}-\d{2}-\d{2}", data.get("dateAdded") or "")
    if added:
        fields["dateadded"] = added.group()


def convert_item(item: dict, kids: list[dict] | None = None) -> Converted:
    """The BibTeX type and fields of one Zotero item (without its citation key); with its child notes
    and attachments *kids* (``pull --notes``), also ``annote`` and a reader's link (:mod:`sync.mapping.children`)."""
    data, meta = item.get("data", item), item.get("meta", {})
    found: set[str] = set()
    data = _without_unsafe(data, found)
    kind = data.get("itemType", "")
    entry_type = _entry_type(kind, data)
    fields: dict[str, str] = {}
    warnings = _unsafe_warnings(found)
    carried: list[str] = []
    placed = _title_and_places(data, kind, entry_type, fields)
    _thesis_and_pages(data, entry_type, fields)
    arxiv, primary = _arxiv(data)
    _archive_number(data, entry_type, arxiv, fields)
    _dated(data, meta, fields, warnings, carried)
    _language(data, fields)
    _links(data, fields, warnings)
    _eprint(arxiv, primary, fields)
    _keywords(data, fields)
    carried += placed.carried
    if carried:
        fields["addendum"] = "; ".join(carried)
    _extra(data, fields)
    _date_added(data, fields)
    _with_children(fields, kids or [])
    return Converted(entry_type, fields, warnings, placed.dropped)


def plain_title(data: dict) -> str:
    """The item's title as a reader sees it, markup removed (citation keys are made from this)."""
    return richtext.plain(schema.value_by_base(data, "title"))
