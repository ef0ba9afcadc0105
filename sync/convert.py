"""Zotero item JSON → BibTeX fields (pure; no network, no files).

Item types map as the stock Zotero exporter maps them, except that preprints
keep their arXiv identity (``eprint``, ``archiveprefix``, ``primaryclass`` from
the archive ID, an ``arXiv:`` line in Extra, or an arxiv.org URL), which the
stock exporter drops. Every text value is escaped with :mod:`sync.texify`;
URLs are kept only with http, https or ftp schemes.

Extra lines understood: ``Citation Key: k`` (see :mod:`sync.citekeys`),
``arXiv: id [class]``, ``DOI: 10…``, and ``tex.<field>: value``, which sets a
BibTeX field that has no Zotero home (``organization``, ``note`` …; the value is
plain text like every other field). Remaining lines become ``note``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ext.urls import bare_doi, safe_url

from . import texify

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
}
#: Zotero field → BibTeX field, for fields that copy over as escaped text.
TEXT_FIELDS = {
    "volume": "volume",
    "edition": "edition",
    "series": "series",
    "place": "address",
    "ISBN": "isbn",
    "ISSN": "issn",
    "abstractNote": "abstract",
    "institution": "institution",
    "university": "school",
    "reportType": "type",
}
_VENUE = {
    "journalArticle": ("publicationTitle", "journal"),
    "magazineArticle": ("publicationTitle", "journal"),
    "newspaperArticle": ("publicationTitle", "journal"),
    "conferencePaper": ("proceedingsTitle", "booktitle"),
    "bookSection": ("bookTitle", "booktitle"),
    "webpage": ("websiteTitle", "howpublished"),
}
_NUMBER = ("issue", "reportNumber", "seriesNumber")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ARXIV_LINE = re.compile(r"^\s*arxiv\s*:\s*(\S+?)(?:\s*\[([^\]]+)\])?\s*$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?(?:[?#].*)?$", re.IGNORECASE)
_TEX_LINE = re.compile(r"^\s*tex\.([a-z][a-z0-9_-]*)\s*:\s*(.*)$", re.IGNORECASE)
_DOI_LINE = re.compile(r"^\s*doi\s*:\s*(\S+)\s*$", re.IGNORECASE)
_KEY_LINE = re.compile(r"^\s*(?:citation key|bibtex)\s*:", re.IGNORECASE)
_DASHES = re.compile(r"\s*[-\u2010-\u2015]+\s*")
_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[ '’\-.][^\W\d_]+)*")
_MASTERS = re.compile(r"master|\bms\b|\bmsc\b|\bma\b", re.IGNORECASE)


@dataclass
class Converted:
    """One item as a BibTeX entry type and LaTeX field values, plus what was dropped."""

    entry_type: str
    fields: dict[str, str]
    warnings: list[str] = field(default_factory=list)


def is_entry(item: dict) -> bool:
    """Regular, top-level, not trashed: the items that become bib entries."""
    data = item.get("data", item)
    return data.get("itemType") not in NOT_ENTRIES and not data.get("parentItem") and not data.get("deleted")


def _names(creators: list[dict], roles: set[str]) -> str | None:
    names = []
    for creator in creators:
        if creator.get("creatorType") not in roles:
            continue
        if "name" in creator:  # an organisation, or "others" (BibTeX's et al. marker)
            name = creator["name"].strip()
            names.append("others" if name == "others" else "{" + texify.escape(name) + "}")
            continue
        plain_last = creator.get("lastName", "").strip()
        last = texify.escape(plain_last)
        first = texify.escape(creator.get("firstName", ""))
        if not _PLAIN_NAME.fullmatch(plain_last) or " and " in f" {plain_last} ".lower():
            last = "{" + last + "}"  # keep it one family name; plain names keep "van der" particles
        if " and " in f" {first} ".lower() or "," in first:
            first = "{" + first + "}"
        names.append(f"{last}, {first}" if first else last)
    return " and ".join(names) or None


def _date(data: dict, meta: dict) -> tuple[str | None, str | None]:
    """Year and month macro from ``meta.parsedDate`` (else from the free-text date)."""
    parsed = meta.get("parsedDate") or ""
    match = re.match(r"^(\d{4})(?:-(\d{2}))?", parsed) or re.search(
        r"\b(\d{4})(?:-(\d{2}))?", data.get("date") or ""
    )
    if not match:
        return None, None
    month = match.group(2)
    return match.group(1), _MONTHS[int(month) - 1] if month and 1 <= int(month) <= 12 else None


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
        if tex:
            fields.setdefault(tex.group(1).lower(), texify.escape(tex.group(2)))
        elif doi and "doi" not in fields:
            fields["doi"] = _braces_encoded(bare_doi(doi.group(1)))
        else:
            notes.append(line.strip())
    if notes and "note" not in fields:
        fields["note"] = texify.escape("; ".join(notes))


def convert_item(item: dict) -> Converted:
    """The BibTeX type and fields of one Zotero item (without its citation key)."""
    data, meta = item.get("data", item), item.get("meta", {})
    kind = data.get("itemType", "")
    entry_type = TYPES.get(kind, "misc")
    if kind == "thesis":
        entry_type = "mastersthesis" if _MASTERS.search(data.get("thesisType") or "") else "phdthesis"
    fields: dict[str, str] = {}
    warnings: list[str] = []
    creators = data.get("creators") or []
    editors = _names(creators, {"editor"})
    authors = _names(
        creators,
        {c.get("creatorType") for c in creators}
        - {"editor", "seriesEditor", "contributor", "translator", "reviewedAuthor", "bookAuthor"},
    )
    if authors:
        fields["author"] = authors
    if editors:
        fields["editor"] = editors
    if data.get("title"):
        fields["title"] = texify.protect_title(data["title"])
    venue = _VENUE.get(kind)
    if venue and data.get(venue[0]):
        fields[venue[1]] = texify.escape(data[venue[0]])
    elif kind == "conferencePaper" and data.get("conferenceName"):
        fields["booktitle"] = texify.escape(data["conferenceName"])
    for zotero_field, bib_field in TEXT_FIELDS.items():
        if data.get(zotero_field):
            fields[bib_field] = texify.escape(data[zotero_field])
    if kind == "thesis" and fields.get("type", "").lower() in ("phd thesis", "phd", "doctoral thesis"):
        del fields["type"]
    number = next((data[name] for name in _NUMBER if data.get(name)), None)
    if number:
        fields["number"] = texify.escape(number)
    if data.get("pages"):
        fields["pages"] = "--".join(texify.escape(part) for part in _DASHES.split(data["pages"].strip()))
    arxiv, primary = _arxiv(data)
    publisher = data.get("publisher") or data.get("repository")
    if publisher and not (arxiv and publisher.lower() == "arxiv"):
        fields["publisher"] = texify.escape(publisher)
    year, month = _date(data, meta)
    if year:
        fields["year"] = year
    if month:
        fields["month"] = month
    if data.get("DOI"):
        fields["doi"] = _braces_encoded(bare_doi(data["DOI"]))
    url = (data.get("url") or "").strip()
    if url and safe_url(url):
        fields["url"] = _braces_encoded(safe_url(url))  # type: ignore[arg-type]
    elif url:
        warnings.append(f"url {url[:60]!r} dropped: only http, https and ftp links are kept")
    if arxiv:
        fields["eprint"] = texify.escape(arxiv)
        fields["archiveprefix"] = "arXiv"
        if primary:
            fields["primaryclass"] = texify.escape(primary)
    tags = sorted(
        {tag["tag"].strip() for tag in data.get("tags") or [] if tag.get("tag", "").strip()}, key=str.casefold
    )
    if tags:
        fields["keywords"] = texify.escape(", ".join(tags))
    _extra(data, fields)
    added = re.match(r"\d{4}-\d{2}-\d{2}", data.get("dateAdded") or "")
    if added:  # the day it joined the library: the page's "Recently added" view and Atom feed
        fields["dateadded"] = added.group()
    return Converted(entry_type, fields, warnings)
