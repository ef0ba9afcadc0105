"""The Chicago author-date entry layout, as pandoc's citeproc prints it.

One function, :func:`format_body`, turns a BibTeX entry into the part of a
reference list entry that follows the author list:
``Year. “Title.” _Container_ Vol (Num): pages. Place: Publisher. link.``
The author list itself (and its ``———`` repetition) depends on the
neighbouring entries, so :mod:`ext.ordering` decides it and
:func:`format_contributors` renders it.

The layout follows the CSL Chicago 17th edition author-date style that pandoc
bundles; each BibTeX type is first mapped to a CSL type (:data:`CSL_TYPES`),
then the CSL macros are applied in order (comments name them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from pybtex.database import Entry
from pybtex.richtext import BaseText, HRef, String, Tag, Text

from .latex import decode
from .names import Name, names_of
from .pages import format_pages
from .titlecase import title_case
from .urls import doi_url, safe_url

#: BibTeX entry type → CSL type (pandoc's mapping); unknown types read as misc.
CSL_TYPES = {
    "article": "article-journal", "inproceedings": "paper-conference",
    "conference": "paper-conference", "incollection": "chapter", "inbook": "chapter",
    "book": "book", "booklet": "pamphlet", "phdthesis": "thesis", "mastersthesis": "thesis",
    "techreport": "report", "manual": "book", "proceedings": "book", "misc": "misc",
    "unpublished": "manuscript", "online": "webpage", "software": "software",
    "dataset": "dataset", "patent": "patent",
}
KNOWN_TYPES = frozenset(CSL_TYPES)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_ARXIV_ID = re.compile(r"^(?:arxiv:)?\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)$",
                       re.IGNORECASE)
_END_PUNCT = (".", "?", "!")


@dataclass
class Fields:
    """Decoded, non-empty fields of one entry (empty ``volume={}`` counts as absent)."""

    entry: Entry

    def raw(self, name: str) -> str | None:
        value = self.entry.fields.get(name)
        if value is None or not value.strip():
            return None
        return value.strip()

    def text(self, name: str) -> Text | None:
        value = self.raw(name)
        return decode(value) if value is not None else None

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
    def year(self) -> str | None:
        year = self.raw("year")
        if year is None and self.raw("date"):
            year = self.raw("date")[:4]
        return str(decode(year)) if year else None


def month_name(value: str) -> str | None:
    """"jan", "January" or "1" → "January"; anything else → ``None``."""
    value = value.strip().lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return MONTHS[int(value) - 1]
    for month in MONTHS:
        if len(value) >= 3 and month.lower().startswith(value):
            return month
    return None


def arxiv_id(fields: Fields) -> str | None:
    """The arXiv identifier from ``eprint`` (with ``archivePrefix`` arXiv or an arXiv-shaped id)."""
    eprint = fields.raw("eprint")
    if eprint is None:
        return None
    prefix = (fields.raw("archiveprefix") or fields.raw("eprinttype") or "").lower()
    match = _ARXIV_ID.match(eprint)
    if prefix == "arxiv" or (not prefix and match):
        return match.group(1) if match else eprint
    return None


_URL_COMMAND = re.compile(r"^\\url\s*\{(.*)\}$", re.DOTALL)


def _howpublished_url(fields: Fields) -> str | None:
    """``howpublished = {\\url{...}}`` (or a bare URL) is the entry's URL, as in pandoc."""
    how = fields.raw("howpublished")
    if how is None:
        return None
    match = _URL_COMMAND.match(how)
    return safe_url(match.group(1) if match else how)


def access_link(fields: Fields) -> str | None:
    """The one link an entry shows: DOI first, then URL, then its arXiv page."""
    doi = fields.raw("doi")
    if doi and doi_url(doi):
        return doi_url(doi)
    url = fields.raw("url")
    if url and safe_url(url):
        return safe_url(url)
    url = _howpublished_url(fields)
    if url:
        return url
    arxiv = arxiv_id(fields)
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv}"
    return None


def join_names(names: list[Name], others: bool, *, invert_first: bool,
               et_al_min: int = 11, et_al_use_first: int = 7) -> Text:
    """"A, B, and C" with the Chicago serial comma; long lists end in "et al."."""
    if len(names) + others >= et_al_min:  # "and others" counts as a name, as in citeproc
        names, others = names[:et_al_use_first], True
    printed = [name.inverted() if invert_first and i == 0 else name.natural()
               for i, name in enumerate(names)]
    if others:
        sep = ", " if len(printed) > 1 else " "
        return Text(", ").join(printed) + Text(sep + "et al.")
    if len(printed) <= 1:
        return Text(*printed)
    if len(printed) == 2:
        glue = ", and " if invert_first else " and "
        return Text(printed[0], glue, printed[1])
    return Text(", ").join(printed[:-1]) + Text(", and ", printed[-1])


def format_contributors(fields: Fields) -> Text | None:
    """The author list, or the editors with "ed."/"eds." when there is no author."""
    authors, others = fields.authors
    if authors:
        return join_names(authors, others, invert_first=True)
    editors, others = fields.editors
    if editors:
        label = "eds." if len(editors) > 1 or others else "ed."
        return join_names(editors, others, invert_first=True) + Text(", " + label)
    return None


class _Builder:
    """Joins pieces with CSL delimiters without doubling punctuation.

    A quoted title takes the following period inside its closing quote
    (“Title.”), and a piece that already ends in ``.``/``?``/``!`` absorbs the
    next period, as citeproc does.
    """

    def __init__(self) -> None:
        self.parts: list[BaseText] = []
        self.last: BaseText = String("")  # what was added last
        self.quoted = False

    def add(self, piece: BaseText | None, prefix: str = ". ") -> None:
        if piece is None or not len(piece):
            return
        if self.parts:
            if prefix.startswith(".") and (self.quoted or self.last.endswith(_END_PUNCT)):
                prefix = prefix[1:]
            self.parts.append(String(prefix))
        self.parts.append(piece)
        self.last = piece
        self.quoted = False

    def add_quoted(self, title: Text, prefix: str = ". ") -> None:
        inner = title if title.endswith(_END_PUNCT) else title + Text(".")
        self.add(Text("\u201c", inner, "\u201d"), prefix)
        self.quoted = True

    def finish(self) -> Text:
        if self.parts and not self.quoted and not self.last.endswith(_END_PUNCT):
            self.parts.append(String("."))
        return Text(*self.parts)


def _italic(text: Text | None) -> Text | None:
    return Tag("em", title_case(text)) if text is not None else None


def _place_publisher(fields: Fields) -> Text | None:
    """"Place: Publisher" (CSL ``issue`` macro for books, chapters and papers)."""
    publisher = fields.text("publisher") or fields.text("organization") or fields.text("institution")
    how = fields.text("howpublished")
    if how is not None and fields.csl_type == "book":
        publisher = Text(how, "; ", publisher) if publisher else how
    place = fields.text("address") or fields.text("location")
    if publisher and place:
        return Text(place, ": ", publisher)
    return publisher or place


def _editors_natural(fields: Fields) -> Text | None:
    editors, others = fields.editors
    if not editors:
        return None
    return join_names(editors, others, invert_first=False)


def _container(fields: Fields, out: _Builder) -> None:
    """Container title, its editors and locators, per CSL type."""
    kind = fields.csl_type
    if kind in ("paper-conference", "chapter"):
        booktitle = fields.text("booktitle") or (fields.text("title") if kind == "chapter"
                                                 and fields.text("chapter") else None)
        out.add(Text("In ", _italic(booktitle)) if booktitle else Text("In"))
        editors = _editors_natural(fields)
        if editors is not None:
            out.add(Text("edited by ", editors), ", ")
        pages = fields.raw("pages")
        volume = fields.text("volume")
        if pages:
            locator = Text(format_pages(str(decode(pages))))
            out.add(Text(volume, ":", locator) if volume else locator, ", ")
        elif volume is not None:
            out.add(Text("Vol. ", volume))
        _series(fields, out)
        out.add(_place_publisher(fields))
    elif kind == "article-journal":
        journal = fields.text("journal")
        out.add(_italic(journal))
        volume, issue = fields.text("volume"), fields.text("number") or fields.text("issue")
        month = month_name(fields.raw("month") or "")
        locator = None
        if volume is not None:
            locator = Text(volume)
            if issue is not None:
                locator += Text(" (", issue, ")")
            elif month:
                locator += Text(f" ({month})")
            out.add(locator, " " if journal else ". ")
        elif issue is not None:
            out.add(Text("no. ", issue), ", ")
            locator = issue
        elif month:
            out.add(Text(month), ", ")
        pages = fields.raw("pages")
        if pages:
            out.add(Text(format_pages(str(decode(pages)))), ": " if locator is not None else ", ")
    elif kind == "thesis":
        genre = "PhD thesis" if fields.entry.type.lower() == "phdthesis" else "Master\u2019s thesis"
        genre_text = fields.text("type") or Text(genre)
        school = fields.text("school") or fields.text("institution")
        out.add(Text(genre_text, ", ", school) if school else genre_text)
    else:
        _misc_container(fields, out)


def _misc_container(fields: Fields, out: _Builder) -> None:
    """Books, reports and everything else: editors, venue, volume, series, publisher."""
    kind = fields.csl_type
    if fields.authors[0]:
        editors = _editors_natural(fields)
        if editors is not None:
            out.add(Text("Edited by ", editors))
    venue = fields.text("journal") or fields.text("booktitle")
    out.add(_italic(venue))
    edition = fields.text("edition")
    if edition is not None:
        out.add(Text(edition, " ed."))
    volume = fields.text("volume")
    if volume is not None:
        out.add(Text("Vol. ", volume))
    if kind == "report":
        number = fields.text("number")
        label = fields.text("type") or Text("Technical report")
        out.add(Text(label, " ", number) if number else label)
    _series(fields, out)
    if kind != "book":
        how = fields.text("howpublished")
        if how is not None and _howpublished_url(fields) is None:
            out.add(how)
    out.add(_place_publisher(fields))
    pages = fields.raw("pages")
    if pages and kind not in ("book",):
        out.add(Text(format_pages(str(decode(pages)))), ", ")


def _series(fields: Fields, out: _Builder) -> None:
    """Series and its number ("Proceedings of Machine Learning Research 3")."""
    series = fields.text("series")
    number = fields.text("number") if fields.csl_type != "report" else None
    out.add(Text(" ").join([part for part in (series, number) if part is not None]) or None)


def format_entry_text(fields: Fields, contributors: Text | None, year_label: str) -> Text:
    """The whole entry: "Authors. Year. “Title.” In _Venue_ ... link."

    Without any contributor the title moves to the front, as CSL substitutes it.
    """
    out = _Builder()
    title = fields.text("title")
    italic_title = fields.csl_type == "book" or (
        fields.csl_type == "chapter" and not fields.text("booktitle") and not fields.text("chapter"))

    def add_title() -> None:
        if title is None:
            return
        if italic_title:
            out.add(_italic(title))
        else:
            out.add_quoted(title_case(title))

    if contributors is not None:
        out.add(contributors)
        out.add(Text(year_label))
        add_title()
    else:
        add_title()
        out.add(Text(year_label))
    _container(fields, out)
    link = access_link(fields)
    if link is not None:
        out.add(HRef(link, String(link)))
    return out.finish()
