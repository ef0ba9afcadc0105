"""Where a work appeared, per CSL type, as light runs: the CSL Chicago container macros.

A journal with its volume and pages, a book a chapter or paper is in, a
thesis's school, a report's number, the place and publisher.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ext.reader.fields import Fields, full_date, howpublished_url, month_name
from ext.reader.latex import decode_plain
from ext.style.genres import GENRES, PATENTS, SERIES, chapter_title, ordinal
from ext.style.pages import format_pages
from ext.style.roles import editor_verb
from ext.style.runs import Piece, Runs, cat, join
from ext.style.sentences import Sentences, cased, field, italic, join_names


def place_publisher(fields: Fields) -> Runs | None:
    """ "Place: Publisher" (CSL ``issue`` macro for books, chapters and papers)."""
    publisher = field(fields, "publisher") or field(fields, "organization") or field(fields, "institution")
    organization = field(fields, "organization")
    if field(fields, "publisher") and organization and fields.csl_type in ("book", "paper-conference"):
        publisher = cat(organization, "; ", publisher)  # proceedings: the society, then the publisher
    how = field(fields, "howpublished")
    if how is not None and fields.csl_type in ("book", "pamphlet") and howpublished_url(fields) is None:
        publisher = cat(how, "; ", publisher) if publisher else how
    place = field(fields, "address") or field(fields, "location")
    if publisher and place:
        return cat(place, ": ", publisher)
    return publisher or place


_NUMBERED = re.compile(r"\d+(?:st|nd|rd|th)?")


def edition(fields: Fields) -> Runs | None:
    """ "2" and "2nd" → "2nd ed."; words ("Silver", "Second") as typed (:func:`ext.style.genres.edition`)."""
    raw = fields.raw("edition")
    if raw is None:
        return None
    if _NUMBERED.fullmatch(raw):
        return cat(ordinal(re.sub(r"\D", "", raw)) + " ed.")
    return field(fields, "edition")


def _pages(fields: Fields) -> str | None:
    pages = fields.raw("pages")
    return format_pages(decode_plain(pages)) if pages else None


def _editors_natural(fields: Fields) -> Runs | None:
    editors, others = fields.editors
    return join_names(editors, others, invert_first=False) if editors else None


def container(fields: Fields, out: Sentences) -> None:
    """Container title, its editors and locators, per CSL type."""
    kind = fields.csl_type
    if kind == "chapter" and not fields.raw("booktitle") and chapter_title(fields) is None:
        _chapter_of_book(fields, out)
    else:
        _CONTAINERS.get(kind, _misc_container)(fields, out)


def _chapter_of_book(fields: Fields, out: Sentences) -> None:
    """@inbook{title=the book, chapter=1.2}: the book, then where in it ("Section 1.2")."""
    if fields.raw("chapter"):
        out.add(cat(field(fields, "type") or "Chap.", " ", field(fields, "chapter")))
    _misc_container(fields, out)


def _in_book(fields: Fields, out: Sentences) -> None:
    """A chapter or a conference paper: "In _Book_, edited by E, 2nd ed., 3:1–10. Series. Place: Publisher"."""
    if field(fields, "booktitle"):
        name: str | None = "booktitle"
    else:
        name = "title" if fields.csl_type == "chapter" and chapter_title(fields) else None
    out.add(cat("In ", italic(fields, name)) if name and field(fields, name) else "In")
    book_authors, others = fields.bookauthors
    if book_authors:  # "In _Book_, by A, edited by E" (CMOS 14.107)
        out.add(cat("by ", join_names(book_authors, others, invert_first=False)), ", ")
    editors = _editors_natural(fields) if fields.authors[0] else None  # not twice: CSL's substitute
    if editors is not None:
        out.add(cat(editor_verb(fields.raw("editortype")) + " by ", editors), ", ")
    printed_edition = edition(fields)
    if printed_edition is not None:
        out.add(printed_edition, ", ")
    _volume_and_pages(fields, out)
    _series(fields, out)
    out.add(place_publisher(fields))


def _volume_and_pages(fields: Fields, out: Sentences) -> None:
    """ "3:1–10" within a book, "Vol. 3" without pages."""
    pages = _pages(fields)
    volume = field(fields, "volume")
    if pages is not None:
        out.add(cat(volume, ":", pages) if volume else pages, ", ")
    elif volume is not None:
        out.add(cat("Vol. ", volume))


def _journal_article(fields: Fields, out: Sentences) -> None:
    """ "_Journal_, New series, 12 (3): 1–10", with the editors of a special issue first."""
    journal = field(fields, "journal")
    if fields.authors[0]:
        editors = _editors_natural(fields)
        if editors is not None:
            out.add(cat(editor_verb(fields.raw("editortype")).capitalize() + " by ", editors))
    out.add(italic(fields, "journal"))
    series = fields.raw("series")
    if series and journal:
        _journal_series(fields, out, series)
    locator = _journal_issue(fields, out, (", " if series else " ") if journal else ". ")
    pages = _pages(fields)
    if pages is not None:
        out.add(pages, ": " if locator is not None else ", ")


def _journal_series(fields: Fields, out: Sentences, series: str) -> None:
    """biblatex: series = {newseries} or 3 → "New series", "3rd series"; the volume follows after a comma."""
    named = SERIES.get(series.lower()) or (ordinal(series) + " series" if series.isdigit() else None)
    out.add(named if named is not None else field(fields, "series"), ", ")
    out.quoted = False
    out.last = cat(",")


def _journal_issue(fields: Fields, out: Sentences, volume_prefix: str) -> Runs | None:
    """ "12 (3)", "12 (March)", "no. 3" or "March"; the volume or issue printed, if any."""
    volume, issue = field(fields, "volume"), field(fields, "number") or field(fields, "issue")
    month = month_name(fields.raw("month") or "")
    locator = None
    if volume is not None:
        if issue is not None:
            locator = cat(volume, " (", issue, ")")
        else:
            locator = cat(volume, f" ({month})" if month else None)
        out.add(locator, volume_prefix)
    elif issue is not None:
        out.add(cat("no. ", issue), ", ")
        locator = issue
    elif month:
        out.add(month, ", ")
    return locator


def _patent(fields: Fields, out: Sentences) -> None:
    """ "US 123. U.S. Patent, issued May 1, 2020"."""
    typed = fields.raw("type")
    label: Piece = (PATENTS.get(typed.lower()) or field(fields, "type")) if typed else None
    issued = full_date(fields)
    out.add(field(fields, "number"))
    out.add(
        cat(label, ", " if label else None, "issued ", issued) if issued else label,
        ", " if not label else ". ",
    )


def _thesis(fields: Fields, out: Sentences) -> None:
    """ "PhD thesis, Place: School"."""
    genre = "PhD thesis" if fields.entry.type.lower() in ("phdthesis", "thesis") else "Master\u2019s thesis"
    typed = fields.raw("type")
    genre_text: Piece = (
        GENRES[typed.lower()] if typed and typed.lower() in GENRES else field(fields, "type")
    ) or genre
    school = field(fields, "school") or field(fields, "institution")
    place = field(fields, "address")
    if school and place:
        school = cat(place, ": ", school)
    out.add(cat(genre_text, ", ", school) if school else genre_text)


def _editors_and_translators(fields: Fields, out: Sentences) -> None:
    """ "Edited by A", "Translated by B", or "Edited and translated by A" when they are the same."""
    translators, others = fields.translators
    translated = join_names(translators, others, invert_first=False) if translators else None
    editors = _editors_natural(fields) if fields.authors[0] else None
    if editors is not None and translated is not None and fields.editors == fields.translators:
        out.add(cat("Edited and translated by ", editors))
        return
    if editors is not None:
        out.add(cat(editor_verb(fields.raw("editortype")).capitalize() + " by ", editors))
    if translated is not None and (fields.authors[0] or fields.editors[0]):
        out.add(cat("Translated by ", translated))


def _misc_container(fields: Fields, out: Sentences) -> None:
    """Books, reports and everything else: editors, venue, volume, series, publisher."""
    kind = fields.csl_type
    _editors_and_translators(fields, out)
    venue = "journal" if field(fields, "journal") or kind == "book" else "booktitle"
    out.add(italic(fields, venue))
    out.add(edition(fields))
    volume = field(fields, "volume")
    if volume is not None:
        out.add(cat("Vol. ", volume))
    volumes = field(fields, "volumes")
    if volumes is not None:
        out.add(cat(volumes, " vols."))
    if kind == "report":
        out.add(_report_number(fields))
    _series(fields, out)
    if kind not in ("book", "pamphlet"):
        how = field(fields, "howpublished")
        if how is not None and howpublished_url(fields) is None:
            out.add(how)
    out.add(place_publisher(fields))
    pages = _pages(fields)
    if pages is not None and kind not in ("book",):
        out.add(pages, ", ")


def _report_number(fields: Fields) -> Runs | None:
    """ "Technical Report 42": the kind of report (a known genre, or as typed) and its number."""
    number = field(fields, "number")
    typed = fields.raw("type")
    label: Piece = GENRES[typed.lower()] if typed and typed.lower() in GENRES else field(fields, "type")
    return join(" ", [part for part in (label, number) if part is not None]) or None


def _series(fields: Fields, out: Sentences) -> None:
    """Series and its number ("Proceedings of Machine Learning Research 3")."""
    series = cased(fields, "series")  # CSL Chicago sets collection titles in headline case
    number = field(fields, "number") if fields.csl_type != "report" else None
    out.add(join(" ", [part for part in (series, number) if part is not None]) or None)


#: The container layout of each CSL type; any other type is laid out as a book or report.
_CONTAINERS: dict[str, Callable[[Fields, Sentences], None]] = {
    "paper-conference": _in_book,
    "chapter": _in_book,
    "article-journal": _journal_article,
    "patent": _patent,
    "thesis": _thesis,
}
