"""The Chicago author-date entry layout, as pandoc's citeproc prints it.

:func:`format_entry_text` turns a BibTeX entry into a reference list entry:
``Authors. Year. “Title.” _Container_ Vol (Num): pages. Place: Publisher. link.``
Whether the author list prints or repeats as ``———``, and the year's suffix,
depend on the neighbouring entries, so :mod:`ext.style.ordering` decides them and
passes them in; :func:`format_contributors` renders an author list.

The layout follows the CSL Chicago 17th edition author-date style that pandoc
bundles; each BibTeX type is first mapped to a CSL type
(:data:`ext.reader.fields.CSL_TYPES`), then the CSL macros are applied in order.
"""

from __future__ import annotations

from pybtex.richtext import BaseText, HRef, String, Tag, Text

from ext.reader.fields import Fields, access_link, full_date, howpublished_url, month_name
from ext.reader.latex import decode
from ext.reader.names import Name
from ext.style.genres import GENRES, PATENTS, SERIES, chapter_title, edition, ordinal
from ext.style.pages import format_pages
from ext.style.quotes import END_PUNCT, inner_quotes, quoted
from ext.style.roles import editor_label, editor_verb
from ext.style.titlecase import title_case


def _joined(parts: list[Text], sep: str, last_sep: str | None = None) -> list[BaseText | str]:
    """*parts* with *sep* between them (*last_sep* before the last), as one flat list.

    One ``Text(*pieces)`` instead of pybtex's ``Text.join`` and ``+``, which
    build a new rich text per step: names are the bulk of every entry.
    """
    pieces: list[BaseText | str] = []
    for i, part in enumerate(parts):
        if i:
            pieces.append(last_sep if last_sep is not None and i == len(parts) - 1 else sep)
        pieces.append(part)
    return pieces


def join_names(
    names: list[Name], others: bool, *, invert_first: bool, et_al_min: int = 11, et_al_use_first: int = 7
) -> Text:
    """ "A, B, and C" with the Chicago serial comma; long lists end in "et al."."""
    if len(names) + others >= et_al_min:  # "and others" counts as a name, as in citeproc
        names, others = names[:et_al_use_first], True
    printed = [name.inverted() if invert_first and i == 0 else name.natural() for i, name in enumerate(names)]
    if others:
        sep = ", " if len(printed) > 1 else " "
        return Text(*_joined(printed, ", "), sep + "et al.")
    if len(printed) == 2:
        return Text(printed[0], ", and " if invert_first else " and ", printed[1])
    return Text(*_joined(printed, ", ", ", and "))


def format_contributors(fields: Fields) -> Text | None:
    """The author list, or the editors with "ed."/"eds." when there is no author."""
    authors, others = fields.authors
    if authors:
        return join_names(authors, others, invert_first=True)
    editors, others = fields.editors
    if editors:
        label = editor_label(fields.raw("editortype"), len(editors) > 1 or others)
        return join_names(editors, others, invert_first=True) + Text(", " + label)
    translators, others = fields.translators
    if translators:
        return join_names(translators, others, invert_first=True) + Text(", trans.")
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
        self.quoted_title: Text = Text()

    def add(self, piece: BaseText | None, prefix: str = ". ") -> None:
        if piece is None or not len(piece):
            return
        if self.parts:
            if prefix.startswith(".") and (self.quoted or self.last.endswith(END_PUNCT)):
                prefix = prefix[1:]
            elif prefix.startswith(",") and self.quoted:  # “Title,” 73+: the comma goes inside
                self.parts[-1] = quoted(self.quoted_title, ",")
                prefix = prefix[1:]
            self.parts.append(String(prefix))
        self.parts.append(piece)
        self.last = piece
        self.quoted = False

    def addquoted(self, title: Text, prefix: str = ". ") -> None:
        title = inner_quotes(title)
        self.add(quoted(title, "."), prefix)
        self.quoted = True
        self.quoted_title = title

    def finish(self) -> Text:
        if self.parts and not self.quoted and not self.last.endswith(END_PUNCT):
            self.parts.append(String("."))
        return Text(*self.parts)


def _cased(text: Text, fields: Fields) -> Text:
    """Headline case for English entries only (CSL applies title case to English items)."""
    return title_case(text) if fields.english else text


def _italic(text: Text | None, fields: Fields) -> Text | None:
    return Tag("em", _cased(text, fields)) if text is not None else None


def _place_publisher(fields: Fields) -> Text | None:
    """ "Place: Publisher" (CSL ``issue`` macro for books, chapters and papers)."""
    publisher = fields.text("publisher") or fields.text("organization") or fields.text("institution")
    organization = fields.text("organization")
    if fields.text("publisher") and organization and fields.csl_type in ("book", "paper-conference"):
        publisher = Text(organization, "; ", publisher)  # proceedings: the society, then the publisher
    how = fields.text("howpublished")
    if how is not None and fields.csl_type in ("book", "pamphlet") and howpublished_url(fields) is None:
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
    if kind == "chapter" and not fields.raw("booktitle") and chapter_title(fields) is None:
        _chapter_of_book(fields, out)
    else:
        _CONTAINERS.get(kind, _misc_container)(fields, out)


def _chapter_of_book(fields: Fields, out: _Builder) -> None:
    """@inbook{title=the book, chapter=1.2}: the book, then where in it ("Section 1.2")."""
    if fields.raw("chapter"):
        out.add(Text(fields.text("type") or "Chap.", " ", fields.text("chapter")))
    _misc_container(fields, out)


def _in_book(fields: Fields, out: _Builder) -> None:
    """A chapter or a conference paper: "In _Book_, edited by E, 2nd ed., 3:1–10. Series. Place: Publisher"."""
    kind = fields.csl_type
    booktitle = fields.text("booktitle") or (
        fields.text("title") if kind == "chapter" and chapter_title(fields) else None
    )
    out.add(Text("In ", _italic(booktitle, fields)) if booktitle else Text("In"))
    book_authors, others = fields.bookauthors
    if book_authors:  # "In _Book_, by A, edited by E" (CMOS 14.107)
        out.add(Text("by ", join_names(book_authors, others, invert_first=False)), ", ")
    editors = _editors_natural(fields) if fields.authors[0] else None  # not twice: CSL's substitute
    if editors is not None:
        out.add(Text(editor_verb(fields.raw("editortype")) + " by ", editors), ", ")
    printed_edition = edition(fields)
    if printed_edition is not None:
        out.add(printed_edition, ", ")
    _volume_and_pages(fields, out)
    _series(fields, out)
    out.add(_place_publisher(fields))


def _volume_and_pages(fields: Fields, out: _Builder) -> None:
    """ "3:1–10" within a book, "Vol. 3" without pages."""
    pages = fields.raw("pages")
    volume = fields.text("volume")
    if pages:
        locator = Text(format_pages(str(decode(pages))))
        out.add(Text(volume, ":", locator) if volume else locator, ", ")
    elif volume is not None:
        out.add(Text("Vol. ", volume))


def _journal_article(fields: Fields, out: _Builder) -> None:
    """ "_Journal_, New series, 12 (3): 1–10", with the editors of a special issue first."""
    journal = fields.text("journal")
    if fields.authors[0]:
        editors = _editors_natural(fields)
        if editors is not None:
            out.add(Text(editor_verb(fields.raw("editortype")).capitalize() + " by ", editors))
    out.add(_italic(journal, fields))
    series = fields.raw("series")
    if series and journal:
        _journal_series(fields, out, series)
    locator = _journal_issue(fields, out, (", " if series else " ") if journal else ". ")
    pages = fields.raw("pages")
    if pages:
        out.add(Text(format_pages(str(decode(pages)))), ": " if locator is not None else ", ")


def _journal_series(fields: Fields, out: _Builder, series: str) -> None:
    """biblatex: series = {newseries} or 3 → "New series", "3rd series"; the volume follows after a comma."""
    out.add(
        Text(
            SERIES.get(series.lower())
            or (ordinal(series) + " series" if series.isdigit() else fields.text("series"))
        ),
        ", ",
    )
    out.quoted = False
    out.last = String(",")


def _journal_issue(fields: Fields, out: _Builder, volume_prefix: str) -> Text | None:
    """ "12 (3)", "12 (March)", "no. 3" or "March"; the volume or issue printed, if any."""
    volume, issue = fields.text("volume"), fields.text("number") or fields.text("issue")
    month = month_name(fields.raw("month") or "")
    locator = None
    if volume is not None:
        locator = Text(volume)
        if issue is not None:
            locator += Text(" (", issue, ")")
        elif month:
            locator += Text(f" ({month})")
        out.add(locator, volume_prefix)
    elif issue is not None:
        out.add(Text("no. ", issue), ", ")
        locator = issue
    elif month:
        out.add(Text(month), ", ")
    return locator


def _patent(fields: Fields, out: _Builder) -> None:
    """ "US 123. U.S. Patent, issued May 1, 2020"."""
    number = fields.text("number")
    typed = fields.raw("type")
    label = PATENTS.get(typed.lower(), fields.text("type")) if typed else None
    issued = full_date(fields)
    out.add(number)
    out.add(
        Text(*(part for part in (label, ", " if label else None, "issued ", issued) if part))
        if issued
        else label,
        ", " if not label else ". ",
    )


def _thesis(fields: Fields, out: _Builder) -> None:
    """ "PhD thesis, Place: School"."""
    genre = "PhD thesis" if fields.entry.type.lower() in ("phdthesis", "thesis") else "Master\u2019s thesis"
    typed = fields.raw("type")
    genre_text = (
        Text(GENRES[typed.lower()]) if typed and typed.lower() in GENRES else fields.text("type")
    ) or Text(genre)
    school = fields.text("school") or fields.text("institution")
    place = fields.text("address")
    if school and place:
        school = Text(place, ": ", school)
    out.add(Text(genre_text, ", ", school) if school else genre_text)


def _editors_and_translators(fields: Fields, out: _Builder) -> None:
    """ "Edited by A", "Translated by B", or "Edited and translated by A" when they are the same."""
    translators, others = fields.translators
    translated = join_names(translators, others, invert_first=False) if translators else None
    editors = _editors_natural(fields) if fields.authors[0] else None
    if editors is not None and translated is not None and fields.editors == fields.translators:
        out.add(Text("Edited and translated by ", editors))
        return
    if editors is not None:
        out.add(Text(editor_verb(fields.raw("editortype")).capitalize() + " by ", editors))
    if translated is not None and (fields.authors[0] or fields.editors[0]):
        out.add(Text("Translated by ", translated))


def _misc_container(fields: Fields, out: _Builder) -> None:
    """Books, reports and everything else: editors, venue, volume, series, publisher."""
    kind = fields.csl_type
    _editors_and_translators(fields, out)
    venue = fields.text("journal") or (fields.text("booktitle") if kind != "book" else None)
    out.add(_italic(venue, fields))
    out.add(edition(fields))
    volume = fields.text("volume")
    if volume is not None:
        out.add(Text("Vol. ", volume))
    volumes = fields.text("volumes")
    if volumes is not None:
        out.add(Text(volumes, " vols."))
    if kind == "report":
        out.add(_report_number(fields))
    _series(fields, out)
    if kind not in ("book", "pamphlet"):
        how = fields.text("howpublished")
        if how is not None and howpublished_url(fields) is None:
            out.add(how)
    out.add(_place_publisher(fields))
    pages = fields.raw("pages")
    if pages and kind not in ("book",):
        out.add(Text(format_pages(str(decode(pages)))), ", ")


def _report_number(fields: Fields) -> Text | None:
    """ "Technical Report 42": the kind of report (a known genre, or as typed) and its number."""
    number = fields.text("number")
    typed = fields.raw("type")
    label = (Text(GENRES[typed.lower()]) if typed and typed.lower() in GENRES else None) or fields.text(
        "type"
    )
    return Text(" ").join([part for part in (label, number) if part is not None]) or None


def _series(fields: Fields, out: _Builder) -> None:
    """Series and its number ("Proceedings of Machine Learning Research 3")."""
    series = fields.text("series")
    if series is not None:
        series = _cased(series, fields)  # CSL Chicago sets collection titles in headline case
    number = fields.text("number") if fields.csl_type != "report" else None
    out.add(Text(" ").join([part for part in (series, number) if part is not None]) or None)


#: The container layout of each CSL type; any other type is laid out as a book or report.
_CONTAINERS = {
    "paper-conference": _in_book,
    "chapter": _in_book,
    "article-journal": _journal_article,
    "patent": _patent,
    "thesis": _thesis,
}


def _part_kind(fields: Fields) -> Text | None:
    """ "Section", "Part": what kind of part of the book a chapter or paper is (a numbered chapter says it later)."""
    if fields.csl_type not in ("chapter", "paper-conference") or not fields.raw("type"):
        return None
    numbered_chapter = (
        fields.csl_type == "chapter" and not fields.raw("booktitle") and not chapter_title(fields)
    )
    return None if numbered_chapter else fields.text("type")


def format_title(fields: Fields) -> Text | None:
    """The title as the entry prints it (cased as the list cases it), without its quotes or italics:
    what a feed or a tooltip names the entry by."""
    title = chapter_title(fields) or fields.text("title")
    if title is None or fields.csl_type == "patent":  # CSL Chicago leaves patent titles as written
        return title
    return _cased(title, fields)


def format_entry_text(fields: Fields, contributors: Text | None, year_label: str) -> Text:
    """The whole entry: "Authors. Year. “Title.” In _Venue_ ... link."

    Without any contributor the title moves to the front, as CSL substitutes it.
    """
    out = _Builder()
    title = format_title(fields)
    italic_title = fields.csl_type in ("book", "patent") or (
        fields.csl_type == "chapter" and not fields.raw("booktitle") and chapter_title(fields) is None
    )

    def add_title() -> None:
        if title is None:
            return
        if italic_title:
            out.add(Tag("em", title))
        else:
            out.addquoted(title)

    year = Text(year_label[:1].upper() + year_label[1:] if year_label[:2].isalpha() else year_label)
    if contributors is not None:  # "Forthcoming." opens its sentence (CMOS 15.46); "n.d." stays
        out.add(contributors)
        out.add(year)
        add_title()
    else:
        add_title()
        out.add(year)
    out.add(_part_kind(fields))
    _container(fields, out)
    issued = (
        full_date(fields)
        if fields.csl_type == "webpage" and (fields.raw("month") or fields.raw("date"))
        else None
    )
    if issued:  # a web page shows its full date, as CSL Chicago does (none without a year)
        out.add(Text(issued))
    link = access_link(fields)
    if link is not None:
        out.add(HRef(link, String(link)))
    return out.finish()
