"""One entry's text straight to strings: the Chicago layout as light runs, every output in one go.

:func:`entry_runs` lays an entry out as runs (:mod:`ext.style.runs`), not as
pybtex rich text: no tree is built or merged per entry, and
:func:`ext.style.runs.render` writes the HTML, LaTeX, Markdown and plain text
from the same runs. The page, the PDF and the README list use this; the pybtex
style that sphinxcontrib-bibtex uses gets the same runs as rich text
(:func:`ext.style.runs.to_rich`), so the layout exists once.
"""

from __future__ import annotations

from ext.reader.fields import Fields, access_link, full_date
from ext.style.containers import container
from ext.style.genres import chapter_title
from ext.style.runs import EM, Runs, field_runs, link, wrap
from ext.style.sentences import Sentences, cased, contributors, contributors_or_dash, field


def title_runs(fields: Fields) -> Runs | None:
    """The title as the entry prints it (cased as the list cases it), without its quotes or italics."""
    name = "chapter" if chapter_title(fields) else "title"
    raw = fields.raw(name)
    if raw is None or fields.csl_type == "patent":  # CSL Chicago leaves patent titles as written
        return field_runs(raw) if raw is not None else None
    return cased(fields, name)


def _part_kind(fields: Fields) -> Runs | None:
    """ "Section", "Part": what kind of part of the book a chapter or paper is (a numbered chapter says it later)."""
    if fields.csl_type not in ("chapter", "paper-conference") or not fields.raw("type"):
        return None
    numbered_chapter = (
        fields.csl_type == "chapter" and not fields.raw("booktitle") and not chapter_title(fields)
    )
    return None if numbered_chapter else field(fields, "type")


def entry_runs(fields: Fields, contributors: Runs | None, year_label: str) -> Runs:
    """The whole entry: "Authors. Year. “Title.” In _Venue_ ... link."

    Without any contributor the title moves to the front, as CSL substitutes it.
    """
    out = Sentences()
    title = title_runs(fields)
    italic_title = fields.csl_type in ("book", "patent") or (
        fields.csl_type == "chapter" and not fields.raw("booktitle") and chapter_title(fields) is None
    )

    def add_title() -> None:
        if title is None:
            return
        if italic_title:
            out.add(wrap(EM, title))
        else:
            out.addquoted(title)

    year = year_label[:1].upper() + year_label[1:] if year_label[:2].isalpha() else year_label
    if contributors is not None:  # "Forthcoming." opens its sentence (CMOS 15.46); "n.d." stays
        out.add(contributors)
        out.add(year)
        add_title()
    else:
        add_title()
        out.add(year)
    out.add(_part_kind(fields))
    container(fields, out)
    issued = (
        full_date(fields)
        if fields.csl_type == "webpage" and (fields.raw("month") or fields.raw("date"))
        else None
    )
    if issued:  # a web page shows its full date, as CSL Chicago does (none without a year)
        out.add(issued)
    url = access_link(fields)
    if url is not None:
        out.add(link(url))
    return out.finish()


def placed_entry(fields: Fields, year_label: str, repeats_authors: bool) -> Runs:
    """The entry as the list prints it at its place: its year label, and ``———`` for a repeated author list."""
    return entry_runs(fields, contributors_or_dash(fields, repeats_authors), year_label)


def full_entry(fields: Fields, year_label: str) -> Runs:
    """The entry with its author list printed, even where the list shows ``———``."""
    return entry_runs(fields, contributors(fields), year_label)
