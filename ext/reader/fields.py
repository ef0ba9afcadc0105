"""One entry's fields, decoded once, and the facts derived from them that every output needs.

:class:`Fields` hides BibTeX's quirks from the formatters: empty values
(``volume={}``) count as absent, values are decoded from LaTeX once, names
are parsed once. The helpers say which link an entry shows (DOI, then URL,
then arXiv page), what its arXiv id is, and which month a ``month`` field
names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry, Person
from pybtex.richtext import Text

from ext.reader.keyednames import keyed_person
from ext.reader.latex import decode
from ext.reader.linkfield import unescape, url_of
from ext.reader.names import Name, names_of
from ext.reader.titlelang import free_text, title_language
from ext.reader.urls import doi_url, safe_url

T = TypeVar("T")

#: BibTeX entry type → CSL type (pandoc's mapping); unknown types read as misc.
CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "booklet": "pamphlet",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "manual": "book",
    "proceedings": "book",
    "misc": "misc",
    "unpublished": "manuscript",
    "online": "webpage",
    "software": "software",
    "dataset": "dataset",
    "patent": "patent",
    "periodical": "article-journal",
    "xdata": "misc",  # holds shared fields only; ext.reader.resolve removes these entries
    "report": "report",
    "thesis": "thesis",
    "collection": "book",
    "mvbook": "book",
    # biblatex's other types, as biblatex-csl and pandoc map them: an article in a reference work
    # is a chapter ("In _Der Neue Pauly_, edited by …, 7:708–9"), the reference work a book
    "inreference": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "reference": "book",
    "mvreference": "book",
    "mvcollection": "book",
    "mvproceedings": "book",
    "legislation": "legislation",
}
KNOWN_TYPES = frozenset(CSL_TYPES)

_BIBLATEX_ALIASES = (
    ("journal", "journaltitle"),
    ("address", "location"),
    ("number", "issue"),
    ("archiveprefix", "eprinttype"),
    ("school", "institution"),
)
_BIBLATEX_FIELDS = frozenset(
    "journaltitle location issue eprinttype institution subtitle booksubtitle journalsubtitle titleaddon "
    "booktitleaddon date".split()
)
_SUBTITLES = (
    ("title", "subtitle", ": "),
    ("booktitle", "booksubtitle", ": "),
    ("journal", "journalsubtitle", ": "),
    ("title", "titleaddon", ". "),
    ("booktitle", "booktitleaddon", ". "),
)
_DATE = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?(?:T\S*)?(?:/(?P<end>\d{4})?.*)?$"
)
_ENGLISH = frozenset(
    "english american british canadian australian newzealand ukenglish usenglish en eng engl".split()
)

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_ARXIV_ID = re.compile(
    r"^(?:arxiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)$", re.IGNORECASE
)


@dataclass
class Fields:
    """Decoded, non-empty fields of one entry (empty ``volume={}`` counts as absent)."""

    entry: Entry

    @cached_property
    def _values(self) -> dict[str, str]:
        """Lower-cased name → stripped value, once: formatters ask for the same fields many times.

        biblatex's names for the same data (``journaltitle``, ``location``, ``date``) fill
        the BibTeX fields they stand for, so every exporter's entries read alike.
        """
        values = {name.lower(): value.strip() for name, value in self.entry.fields.items() if value.strip()}
        if _BIBLATEX_FIELDS.isdisjoint(values):  # a plain BibTeX entry: nothing to translate
            return values
        for bibtex, biblatex in _BIBLATEX_ALIASES:
            if bibtex not in values and biblatex in values:
                values[bibtex] = values[biblatex]
        for main, sub, joint in _SUBTITLES:  # biblatex's subtitle: "Title: Subtitle"
            if main in values and sub in values:  # "Monument? A Study": no colon or period after ?/!
                joint = " " if values[main].rstrip("}").endswith(("?", "!")) else joint
                values[main] = f"{values[main]}{joint}{values[sub]}"
        date = _DATE.match(values.get("date", ""))
        if date:
            if date.group("end") and date.group("end") != date.group("year") and "year" not in values:
                values["year"] = f"{date.group('year')}\u2013{date.group('end')}"  # 1885/1888: "1885–1888"
            for name in ("year", "month", "day"):
                if name not in values and date.group(name):
                    values[name] = date.group(name).lstrip("0") if name != "year" else date.group(name)
        return values

    def raw(self, name: str) -> str | None:
        return self._values.get(name.lower())

    @cached_property
    def _derived(self) -> dict[Callable[[Fields], Any], Any]:
        return {}

    def derived(self, compute: Callable[[Fields], T]) -> T:
        """*compute(self)*, once: the page, its exports and its search ask for an entry's link and
        arXiv id a dozen times (the fields never change once read)."""
        known = self._derived
        if compute in known:
            return known[compute]
        value = known[compute] = compute(self)
        return value

    def text(self, name: str) -> Text | None:
        value = self.raw(name)
        return decode(value) if value is not None else None

    @cached_property
    def english(self) -> bool:
        """Whether the entry is in English: only English titles are set in headline case.
        Reads ``langid`` (babel: "english", "german") and ``language`` (as Zotero has it: "en",
        "pt-BR", "Portuguese"); an untagged entry is English (as in CSL) unless its title is
        clearly in another language (:mod:`ext.reader.titlelang`)."""
        tag = (self.raw("langid") or self.raw("language") or "").strip().lower()
        tag = tag.split(",")[0].strip().replace("_", "-")
        if not tag:
            title = self.raw("title")
            return title is None or title_language(free_text(title)) in (None, "en")
        return tag in _ENGLISH or tag.startswith("en-") or "english" in tag  # "American English"

    @cached_property
    def csl_type(self) -> str:
        return CSL_TYPES.get(self.entry.type.lower(), "misc")

    @cached_property
    def authors(self) -> tuple[list[Name], bool]:
        return names_of(self.entry.persons.get("author", []))

    @cached_property
    def editors(self) -> tuple[list[Name], bool]:
        return names_of(self.entry.persons.get("editor", []))

    @cached_property
    def translators(self) -> tuple[list[Name], bool]:
        """biblatex's ``translator`` (pybtex parses only author and editor as names)."""
        return self._other_names("translator")

    @cached_property
    def bookauthors(self) -> tuple[list[Name], bool]:
        """biblatex's ``bookauthor``: the author of the book a chapter is in."""
        return self._other_names("bookauthor")

    def _other_names(self, role: str) -> tuple[list[Name], bool]:
        people = self.entry.persons.get(role)
        if people is None:
            raw = self.entry.fields.get(role, "").strip()
            people = [keyed_person(name) or Person(name) for name in split_name_list(raw)] if raw else []
        return names_of(people)

    @cached_property
    def year(self) -> str | None:
        year = self.raw("year")
        date = self.raw("date")
        if year is None and date:
            year = date[:4]
        return str(decode(year)) if year else None


#: biblatex's ``pubstate`` keys that stand in for a year, as CMOS 15.46 prints them.
PUBSTATES = {"forthcoming": "forthcoming", "inpress": "in press", "submitted": "submitted"}


def year_label(fields: Fields) -> str:
    """The year as printed (a range in full, "2001–2003", as CSL Chicago prints it), else the publication
    state ("forthcoming", "in press"), else "n.d."."""
    if fields.year:
        return fields.year
    return PUBSTATES.get((fields.raw("pubstate") or "").lower(), "n.d.")


def full_date(fields: Fields) -> str | None:
    """ "April 25, 2019", "April 2019" or "2019" from year, month and day (or biblatex's date)."""
    year = fields.year
    if not year:
        return None
    month = month_name(fields.raw("month") or "")
    day = fields.raw("day")
    if month and day and day.isdigit():
        return f"{month} {int(day)}, {year}"
    return f"{month} {year}" if month else year


def month_name(value: str) -> str | None:
    """ "jan", "January" or "1" → "January"; anything else → ``None``."""
    value = value.strip().lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return MONTHS[int(value) - 1]
    for month in MONTHS:
        if len(value) >= 3 and month.lower().startswith(value):
            return month
    return None


def arxiv_id(fields: Fields) -> str | None:
    """The arXiv identifier from ``eprint`` (with ``archivePrefix`` arXiv or an arXiv-shaped id)."""
    return fields.derived(_arxiv_id)


def _arxiv_id(fields: Fields) -> str | None:
    eprint = fields.raw("eprint")
    if eprint is None:
        return None
    prefix = (fields.raw("archiveprefix") or fields.raw("eprinttype") or "").lower()
    match = _ARXIV_ID.match(eprint)
    if prefix == "arxiv" or (not prefix and match):
        # an id of another shape is kept only if it cannot break out of the link it goes into
        safe = _LINK_SAFE_ID.fullmatch(eprint) and ".." not in eprint and not eprint.startswith("/")
        return match.group(1) if match else (eprint if safe else None)
    return None


_LINK_SAFE_ID = re.compile(r"[\w.\-/:]+", re.ASCII)


_URL_COMMAND = re.compile(r"^\\url\s*\{(.*)\}$", re.DOTALL)


def howpublished_url(fields: Fields) -> str | None:
    """``howpublished = {\\url{...}}`` (or a bare URL) is the entry's URL, as in pandoc."""
    how = fields.raw("howpublished")
    if how is None:
        return None
    match = _URL_COMMAND.match(how)
    return safe_url(match.group(1) if match else how)


def access_link(fields: Fields) -> str | None:
    """The one link an entry shows: DOI first, then URL, then its arXiv page, then its PubMed (Central)
    record (``pmid``/``pmcid``, or biblatex's ``eprinttype = pubmed``)."""
    return fields.derived(_access_link)


def _access_link(fields: Fields) -> str | None:
    doi = fields.raw("doi")
    if doi:
        doi = unescape(doi)  # DBLP writes 10.1007/3-540-45724-0\_21, Mendeley {\_}
    if doi and doi_url(doi):
        return doi_url(doi)
    url = url_of(fields.raw("url") or "")[0]  # Mendeley's a{\_}b, several addresses, no scheme
    if url:
        return url
    url = howpublished_url(fields)
    if url:
        return url
    arxiv = arxiv_id(fields)
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv}"
    return _pubmed_link(fields)


def _pubmed_link(fields: Fields) -> str | None:
    """PubMed's or PubMed Central's page for the entry's identifier, when it is one."""
    pmid = fields.raw("pmid") or (
        fields.raw("eprint") if (fields.raw("eprinttype") or "").lower() == "pubmed" else None
    )
    if pmid and pmid.strip().isdigit():
        return f"https://pubmed.ncbi.nlm.nih.gov/{pmid.strip()}/"
    pmcid = (fields.raw("pmcid") or "").strip().upper()
    if re.fullmatch(r"PMC\d+", pmcid):
        return f"https://www.ncbi.nlm.nih.gov/pmc/articles/{pmcid}/"
    return None
