"""Where each Zotero field lands in BibTeX/biblatex, driven by the schema (pure tables and one function).

Every field of every item type (:mod:`sync.mapping.schema`) is handled by exactly one
rule, looked up by the field's name, else by its *base field* (``caseName`` and
``nameOfAct`` are titles, ``dateDecided`` a date, ``blogTitle`` a container
title, ``court`` an authority …):

1. :mod:`sync.mapping.convert` handles a few fields itself (:data:`SPECIAL`: title,
   date, pages, DOI, URL, arXiv id, Extra, language, citation key);
2. :data:`HOMES` names the BibTeX field (container titles and publishers per
   entry type: ``journal``/``booktitle``/``howpublished``,
   ``publisher``/``institution``/``school``/``organization``, since biblatex
   ignores ``publisher`` on ``@misc``); biblatex-only homes (``urldate``,
   ``shorttitle``, ``library``, ``pagetotal``, ``version``, ``eventtitle`` …)
   are ignored by BibTeX styles but kept;
3. a field with no home, or whose home is already filled, is *carried* in
   ``addendum`` as ``Label: value`` (Zotero's English label), biblatex's field
   for miscellaneous data printed at the end of an entry;
4. :data:`DROPPED` fields (catalogue bookkeeping with no bibliographic
   meaning) are left out, and each pull reports them once as
   ``dropped: <type>.<field>``.

Creators (:mod:`sync.mapping.convert`): the type's primary creators and ``author``
become ``author``; ``editor``, ``translator`` and ``bookAuthor`` have their
fields; series editors are ``editor`` (or ``editorb``), every other role
(contributor, cast member …) ``editora``, as Zotero's exports place them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sync.mapping import schema

#: Fields :mod:`sync.mapping.convert` maps itself.
SPECIAL = frozenset(
    {"title", "date", "pages", "DOI", "url", "extra", "citationKey", "language", "archiveID", "thesisType"}
)
#: Catalogue bookkeeping, reported as dropped: no BibTeX or biblatex field means this.
DROPPED = frozenset({"libraryCatalog"})
#: Zotero field (or base field) → BibTeX field; "@container" and "@publisher" depend on the entry type.
HOMES = {
    "abstractNote": "abstract",
    "publicationTitle": "@container",
    "publisher": "@publisher",
    "authority": "organization",
    "place": "address",
    "volume": "volume",
    "number": "number",
    "issue": "number",
    "seriesNumber": "number",
    "series": "series",
    "seriesTitle": "series",
    "edition": "edition",
    "type": "type",
    "medium": "howpublished",
    "ISBN": "isbn",
    "ISSN": "issn",
    "shortTitle": "shorttitle",
    "journalAbbreviation": "shortjournal",
    "accessDate": "urldate",
    "archive": "library",
    "archiveLocation": "library",
    "callNumber": "library",
    "numPages": "pagetotal",
    "numberOfVolumes": "volumes",
    "versionNumber": "version",
    "conferenceName": "eventtitle",
    "meetingName": "eventtitle",
    "eventPlace": "venue",
    "originalDate": "origdate",
    "originalPublisher": "origpublisher",
    "originalPlace": "origlocation",
    "partTitle": "issuetitle",
    "partNumber": "part",
    "section": "chapter",
    "country": "location",
    "assignee": "holder",
    "rights": "copyright",  # as Zotero's BibTeX export writes it; no style prints it
}
#: Homes that gather several Zotero fields, joined with ", " (archive, location, call number).
JOINED = frozenset({"library"})
#: BibTeX fields of a date: the value must be an ISO date (else it is carried in addendum).
DATE_HOMES = frozenset({"urldate", "origdate"})
#: Fields whose rich-text markup becomes LaTeX (:func:`sync.mapping.texify.rich`): titles of containers, and
#: the names and places where imports leave it (``H<sub>2</sub>O Press``). Abstracts, numbers and
#: identifiers stay plain text.
RICH = frozenset(
    {
        "@container",
        "@publisher",
        "series",
        "shorttitle",
        "eventtitle",
        "issuetitle",
        "address",
        "location",
        "edition",
        "howpublished",
        "organization",
        "origpublisher",
        "origlocation",
        "venue",
        "holder",
    }
)
_CONTAINER = {
    "article": "journal",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "inreference": "booktitle",
}
_PUBLISHER = {
    "techreport": "institution",
    "phdthesis": "school",
    "mastersthesis": "school",
    "misc": "organization",
    "unpublished": "institution",
}


@dataclass
class Placed:
    """Field values as LaTeX, the ``Label: value`` parts for addendum, the dropped fields."""

    fields: dict[str, str] = field(default_factory=dict)
    carried: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def home(field_name: str, base: str, entry_type: str) -> str | None:
    """The BibTeX field for Zotero's *field_name* (base field *base*) in an entry of *entry_type*."""
    target = HOMES.get(field_name) or HOMES.get(base)
    if target == "@container":
        return _CONTAINER.get(entry_type, "howpublished")
    if target == "@publisher":
        return _PUBLISHER.get(entry_type, "publisher")
    return target


def _iso_date(value: str) -> str | None:
    head = value.strip()[:10]
    parts = head.split("-")
    ok = parts[0].isdigit() and len(parts[0]) == 4 and all(p.isdigit() and len(p) == 2 for p in parts[1:])
    return head if ok and len(parts) <= 3 else None


def place(
    data: dict,
    entry_type: str,
    escape: Callable[[str], str],
    rich: Callable[[str], str],
) -> Placed:
    """Every non-special field of the item *data*, placed by the rules above."""
    kind = data.get("itemType", "")
    placed = Placed()
    for name, base in schema.fields(kind).items():
        value = data.get(name)
        if not isinstance(value, str) or not value.strip() or name in SPECIAL or base in SPECIAL:
            continue
        if name in DROPPED:
            placed.dropped.append(f"{kind}.{name}")
            continue
        target = home(name, base, entry_type)
        is_rich = (HOMES.get(name) or HOMES.get(base)) in RICH or target in RICH
        latex = rich(value) if is_rich else escape(value)
        if target in DATE_HOMES:
            iso = _iso_date(value)
            latex = iso or ""
        if target and latex and target in JOINED and target in placed.fields:
            placed.fields[target] += ", " + latex
        elif target and latex and target not in placed.fields:
            placed.fields[target] = latex
        elif placed.fields.get(target or "") != latex:
            placed.carried.append(f"{schema.label(name)}: {escape(value)}")
    return placed
