"""biblatex's keys and BibTeX's free text for kinds of works, editions and chapters, as printed words."""

from __future__ import annotations

import re

from pybtex.richtext import Text

from ext.reader.fields import Fields

#: biblatex's patent ``type`` keys.
PATENTS = {
    "patent": "patent",
    "patentde": "German patent",
    "patenteu": "European patent",
    "patentfr": "French patent",
    "patentuk": "British patent",
    "patentus": "U.S. patent",
    "patreq": "patent request",
    "patreqde": "German patent request",
    "patreqeu": "European patent request",
    "patreqfr": "French patent request",
    "patrequk": "British patent request",
    "patrequs": "U.S. patent request",
}

#: biblatex's ``series`` keys of journals.
SERIES = {"newseries": "New series", "oldseries": "Old series"}

#: biblatex's ``type`` keys, as the words they stand for.
GENRES = {
    "phdthesis": "PhD thesis",
    "mathesis": "Master\u2019s thesis",
    "mastersthesis": "Master\u2019s thesis",
    "techreport": "Technical report",
    "candthesis": "Candidate thesis",
    "resreport": "Research report",
}


def chapter_title(fields: Fields) -> Text | None:
    """``@inbook{title=Deep Learning, chapter=Regularization …}``: the chapter is the titled part."""
    chapter = fields.raw("chapter")
    if (
        chapter
        and fields.csl_type != "article-journal"  # a newspaper's section is no title
        and not fields.raw("booktitle")
        and any(char.isalpha() for char in chapter)
        and len(chapter) > 3
    ):
        return fields.text("chapter")
    return None


def edition(fields: Fields) -> Text | None:
    """ "2" and "2nd" → "2nd ed."; words ("Silver", "Second") as typed, as CSL does."""
    edition = fields.raw("edition")
    if edition is None:
        return None
    if re.fullmatch(r"\d+(?:st|nd|rd|th)?", edition):
        return Text(ordinal(re.sub(r"\D", "", edition)) + " ed.")
    return fields.text("edition")


def ordinal(number: str) -> str:
    """ "2" → "2nd", "15" → "15th" (biblatex's numeric editions)."""
    value = int(number)
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"
