"""BibTeX entry → Zotero item data, for ``push`` (pure, given the type's template).

LaTeX is decoded to the plain text Zotero stores (with :func:`ext.reader.latex.decode`,
the decoder the page uses), so a pushed entry pulled back renders the same.
The citation key is pinned in the item (native ``citationKey`` field, or a
``Citation Key:`` line in Extra on older servers). arXiv identifiers go where
both Zotero and :mod:`sync.mapping.convert` read them: the archive ID of a preprint,
and an ``arXiv: <id> [<class>]`` line in Extra. Bib fields that the item type
has no field for (``organization``, ``note`` …) travel as ``tex.<field>: value``
lines in Extra, which the pull turns back into fields.
"""

from __future__ import annotations

import re
from typing import ClassVar

from pybtex.backends import BaseBackend
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry, Person

from ext.reader.fields import MONTHS, PUBSTATES, Fields, arxiv_id, howpublished_url, month_name
from ext.reader.latex import decode
from ext.reader.urls import bare_doi, safe_url
from sync.mapping import languages, richtext, schema, texify

TYPES = {
    "article": "journalArticle",
    "inproceedings": "conferencePaper",
    "conference": "conferencePaper",
    "incollection": "bookSection",
    "inbook": "bookSection",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "unpublished": "manuscript",
    "patent": "patent",
    "inreference": "encyclopediaArticle",
}
#: BibTeX field → Zotero fields (or base fields, see :mod:`sync.mapping.schema`), tried in order; the first
#: the item type has and that is still empty wins.
FIELDS = {
    "journal": ("publicationTitle",),
    "booktitle": ("publicationTitle",),
    "howpublished": ("publicationTitle", "medium"),
    "volume": ("volume",),
    "pages": ("pages",),
    "series": ("series", "seriesTitle"),
    "edition": ("edition",),
    "publisher": ("publisher",),
    "organization": ("publisher", "authority"),
    "address": ("place",),
    "location": ("country", "place"),  # a patent's country; else the place, when no address took it
    "holder": ("assignee",),
    "chapter": ("section",),
    "copyright": ("rights",),
    "isbn": ("ISBN",),
    "issn": ("ISSN",),
    "abstract": ("abstractNote",),
    "school": ("publisher",),
    "institution": ("publisher",),
    "shorttitle": ("shortTitle",),
    "shortjournal": ("journalAbbreviation",),
    "urldate": ("accessDate",),
    "eventtitle": ("conferenceName", "meetingName"),
    "venue": ("eventPlace",),
    "version": ("versionNumber",),
    "pagetotal": ("numPages",),
    "volumes": ("numberOfVolumes",),
    "issuetitle": ("partTitle",),
    "part": ("partNumber",),
    "origdate": ("originalDate",),
    "origpublisher": ("originalPublisher",),
    "origlocation": ("originalPlace",),
}
#: Fields whose text may carry rich-text markup in Zotero (titles of containers).
RICH_FIELDS = frozenset(
    {
        "journal",
        "booktitle",
        "howpublished",
        "series",
        "shorttitle",
        "eventtitle",
        "issuetitle",
        "publisher",
        "organization",
        "institution",
        "school",
        "address",
        "location",
        "edition",
        "venue",
        "origpublisher",
        "origlocation",
        "holder",
    }
)
#: biblatex's patent types → the country code Zotero's number starts with (``""``: none).
PATENT_CODES = {
    "patent": "",
    "patentus": "US",
    "patenteu": "EP",
    "patentuk": "GB",
    "patentde": "DE",
    "patentfr": "FR",
}
#: Identifier fields → the Extra line Zotero keeps them in (and its exports write them from).
IDENTIFIERS = {"pmid": "PMID", "pmcid": "PMCID", "mrnumber": "MR", "zmnumber": "Zbl", "lccn": "LCCN"}
#: Name fields → the Zotero role (``None``: the type's primary role); other roles go to contributor.
ROLES = {"author": None, "editor": "editor", "editora": "contributor", "editorb": "seriesEditor"}
#: Fields worth keeping that may have no Zotero field; they go to Extra as ``tex.<name>: value``.
EXTRA_FIELDS = (
    "organization",
    "note",
    "howpublished",
    "series",
    "edition",
    "publisher",
    "address",
    "school",
    "institution",
    "chapter",
    "type",
    "number",
    "journal",
    "booktitle",
    "eventtitle",
    "venue",
    "urldate",
    "shorttitle",
    "version",
    "pagetotal",
    "volumes",
    "library",
    "addendum",
    "language",
    "translator",
    "bookauthor",
)


def _text(value: str) -> str:
    return str(decode(value)).strip()


class _RichText(BaseBackend):
    """Zotero's rich-text title markup: ``<i> <b> <sup> <sub> <sc>`` and nocase spans.

    A braced group becomes a nocase span only where the pull would not brace it
    again by itself (:func:`sync.mapping.texify.protect_title` braces capitalised words),
    so ``{Bayesian}`` stays plain text in Zotero while ``{Homo sapiens}`` and
    ``{Qsparse-local-SGD}`` keep their case.
    """

    symbols: ClassVar[dict[str, str]] = {"ndash": "\u2013", "newblock": " ", "nbsp": "\u00a0"}
    _tags: ClassVar[dict[str, str]] = {
        "em": "i",
        "i": "i",
        "strong": "b",
        "b": "b",
        "sup": "sup",
        "sub": "sub",
        "sc": "sc",
    }

    def format_str(self, text: str) -> str:
        return text

    def format_tag(self, tag_name: str, text: str) -> str:
        tag = self._tags.get(tag_name)
        return f"<{tag}>{text}</{tag}>" if tag and text else text

    def __init__(self, nocase: bool = True) -> None:
        super().__init__()
        self.nocase = nocase

    def format_protected(self, text: str) -> str:
        if not self.nocase:
            return text
        whole = richtext.parse(text).children
        if texify.rebraced(text) or (
            len(whole) == 1 and getattr(whole[0], "kind", "") in ("nocase", "literal")
        ):
            return text  # braced again by the pull, or already one nocase span (``{{...}}``)
        return f'<span class="nocase">{text}</span>'

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        return text


def _title(value: str, nocase: bool = True) -> str:
    """A title with its italics, sub- and superscripts as Zotero rich text.

    Braces become nocase spans in titles only: nothing changes the case of a
    container title (the pull writes it without case protection), so there
    they would only clutter the Zotero field.
    """
    return decode(value).render(_RichText(nocase)).strip()


def _creator(person: Person, role: str) -> dict:
    if str(person) == "others":  # BibTeX's "and others": a single-field creator named "others"
        return {"creatorType": role, "name": "others"}
    last = " ".join(person.prelast_names + person.last_names + person.lineage_names)
    first = " ".join(person.first_names + person.middle_names)
    if not first and last.startswith("{") and last.endswith("}"):
        return {"creatorType": role, "name": _text(last)}
    return {"creatorType": role, "firstName": _text(first), "lastName": _text(last)}


def _skipped(bib_name: str, entry: Entry, fields: Fields, data: dict) -> bool:
    """Bib fields that must not fill the Zotero field they would map to in this item."""
    if bib_name == "organization" and entry.type.lower() != "misc":
        return True  # a conference's sponsor is not its publisher; only @misc keeps Zotero's publisher there
    if bib_name == "howpublished" and howpublished_url(fields):
        return True
    # biblatex's location also reads as address; a patent's location is its country, not a place
    return bib_name == "address" and "country" in data and "address" not in {k.lower() for k in entry.fields}


def _patent_number(entry: Entry, fields: Fields, data: dict, used: set[str]) -> None:
    """A patent's number with the country code its biblatex type names (patentus → ``US …``)."""
    if "location" in used and "address" not in {name.lower() for name in entry.fields}:
        used.add("address")  # the country, read again through biblatex's alias: not a place
    if "patentNumber" not in data:
        return
    number = _text(fields.raw("number") or "")
    code = PATENT_CODES.get((fields.raw("type") or "").lower())
    if code is not None:
        used.add("type")
    if number:
        data["patentNumber"] = f"{code} {number}" if code else number
        used.add("number")


def _creators(entry: Entry, kind: str) -> list[dict]:
    """Zotero creators for the name fields, each in a role the item type has (else ``contributor``)."""
    roles = schema.creator_types(kind) or ("author",)
    creators = []
    for bib_field, role in ROLES.items():
        wanted = role or roles[0]
        if bib_field == "author" and "author" in roles:
            wanted = "author"
        people = entry.persons.get(bib_field) or [
            Person(name) for name in split_name_list(entry.fields.get(bib_field, "").strip())
        ]
        creators += [_creator(p, wanted if wanted in roles else "contributor") for p in people]
    return creators


def item_type(entry: Entry) -> str:
    """The Zotero type for a BibTeX entry type (arXiv misc entries are preprints)."""
    kind = entry.type.lower()
    if kind == "misc" and arxiv_id(Fields(entry)):
        return "preprint"
    return TYPES.get(kind, "document")


def _date(fields: Fields) -> str:
    """Zotero's date: ``2019-03``, a year range, or the publication state ("forthcoming") of an undated entry."""
    if not fields.year:
        return PUBSTATES.get((fields.raw("pubstate") or "").lower(), "")
    year = fields.year or ""
    month = month_name(fields.raw("month") or "")
    return f"{year}-{MONTHS.index(month) + 1:02d}" if year and month else year


def _mapped_fields(entry: Entry, fields: Fields, data: dict, by_base: dict[str, str], used: set[str]) -> None:
    """The BibTeX fields that have a Zotero field of the item's type (first free candidate wins)."""
    for bib_name, candidates in FIELDS.items():
        value = fields.raw(bib_name)
        targets = [name if name in data else by_base.get(name) for name in candidates]
        target = next((name for name in targets if name and not data.get(name)), None)
        if value and target and not _skipped(bib_name, entry, fields, data):
            data[target] = _title(value, nocase=False) if bib_name in RICH_FIELDS else _text(value)
            if target == "accessDate" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", data[target]):
                del data[target]  # Zotero refuses other forms; it travels in Extra
                continue
            used.add(bib_name)


def _language_and_number(entry: Entry, fields: Fields, data: dict, used: set[str]) -> None:
    """The language (written, or named from ``langid``), a patent's numbers, and the issue/report number."""
    language = _text(fields.raw("language") or "") or languages.language_of(fields.raw("langid") or "")
    if language and "language" in data:
        data["language"] = language
        used.add("language")
    _patent_number(entry, fields, data, used)
    number = fields.raw("number") or fields.raw("issue")
    number_field = next((n for n in ("issue", "reportNumber", "seriesNumber") if n in data), None)
    if number and number_field:
        data[number_field] = _text(number)
        used.add("number")


def _kind_of_work(entry: Entry, fields: Fields, data: dict, used: set[str]) -> None:
    """A thesis's type (the entry type's when the entry names none), or a report's."""
    kind = entry.type.lower()
    if kind in ("phdthesis", "mastersthesis") and "thesisType" in data:
        data["thesisType"] = _text(fields.raw("type") or "") or (
            "PhD thesis" if kind == "phdthesis" else "Master's thesis"
        )
        used.add("type")
    elif (report_type := fields.raw("type")) and "reportType" in data:
        data["reportType"] = _text(report_type)
        used.add("type")


def _identifiers(fields: Fields, data: dict, extra: list[str]) -> None:
    """DOI, URL and arXiv identifier in their fields where the type has them, else in Extra; other IDs in Extra."""
    doi = fields.raw("doi")
    if doi:
        if "DOI" in data:
            data["DOI"] = bare_doi(doi)
        else:
            extra.append(f"DOI: {bare_doi(doi)}")
    url = safe_url(fields.raw("url") or "")
    if url and "url" in data:
        data["url"] = url
    arxiv = arxiv_id(fields)
    if arxiv:
        if "archiveID" in data:
            data["archiveID"] = f"arXiv:{arxiv}"
            data["repository"] = data.get("repository") or "arXiv"
        primary = fields.raw("primaryclass") or fields.raw("eprintclass")
        extra.append(f"arXiv: {arxiv}" + (f" [{_text(primary)}]" if primary else ""))
    extra += [
        f"{line}: {_text(fields.raw(name) or '')}" for name, line in IDENTIFIERS.items() if fields.raw(name)
    ]


def _carried_fields(fields: Fields, used: set[str], extra: list[str]) -> None:
    """Fields Zotero has no place for travel in Extra as ``tex.<name>: value`` (read back by pull)."""
    url = safe_url(fields.raw("url") or "")
    for name in EXTRA_FIELDS:
        value = fields.raw(name)
        if value and name not in used and not (name == "howpublished" and url and howpublished_url(fields)):
            extra.append(f"tex.{name}: {_text(value)}")


def _tags(fields: Fields, data: dict) -> None:
    """The keywords as Zotero tags, sorted and deduplicated."""
    keywords = fields.raw("keywords") or fields.raw("keyword")
    if keywords:
        data["tags"] = [
            {"tag": tag}
            for tag in sorted(
                {t.strip() for t in re.split(r"[,;]", _text(keywords)) if t.strip()}, key=str.casefold
            )
        ]


def _pinned_key(key: str, data: dict, extra: list[str]) -> None:
    """The citation key, in the type's Citation Key field or as Extra's first line; then Extra itself."""
    if "citationKey" in data:
        data["citationKey"] = key
    else:
        extra.insert(0, f"Citation Key: {key}")
    if extra and "extra" in data:
        data["extra"] = "\n".join(extra)


def to_item(entry: Entry, key: str, template: dict) -> dict:
    """Zotero item data (shaped like *template*) for *entry*, its citation key pinned."""
    fields = Fields(entry)
    data = {name: value for name, value in template.items() if name not in ("creators", "tags")}
    data["creators"] = _creators(entry, data.get("itemType", ""))
    extra: list[str] = []
    used: set[str] = set()
    title = fields.raw("title")
    if title:
        data["title"] = _title(title)
    by_base = {base: name for name, base in schema.fields(data.get("itemType", "")).items() if name in data}
    _mapped_fields(entry, fields, data, by_base, used)
    _language_and_number(entry, fields, data, used)
    _kind_of_work(entry, fields, data, used)
    data[by_base.get("date", "date")] = _date(fields)  # a patent's issueDate
    _identifiers(fields, data, extra)
    _carried_fields(fields, used, extra)
    _tags(fields, data)
    _pinned_key(key, data, extra)
    return data
