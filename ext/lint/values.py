"""Field values that BibTeX, biber or the page would trip over: required fields, pages, months, years.

The required fields are those whose absence the standard BibTeX styles warn about
("empty journal in …"); an empty ``journal = {}`` counts as absent, as in BibTeX.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ext.lint.model import Corpus, EntryView, Hit, Rule
from ext.reader.fields import month_name

RULES = (
    Rule("missing-field", "warning", "a field the entry type requires is missing or empty"),
    Rule("pages-malformed", "warning", "pages is not a page, a range or an article number"),
    Rule("month-malformed", "warning", "month is not a month (biber: legacy month field)", "zotero,bib"),
    Rule("year-malformed", "warning", "year is not a four-digit year"),
    Rule("crossref-missing", "error", "crossref names a key that is not in the bibliography"),
)

#: BibTeX type → required fields; a tuple inside means "one of these".
REQUIRED: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "article": ("author", "title", "journal", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "conference": ("author", "title", "booktitle", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inbook": (("author", "editor"), "title", ("chapter", "pages"), "publisher", "year"),
    "book": (("author", "editor"), "title", "publisher", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
    "proceedings": ("title", "year"),
    "manual": ("title",),
    "booklet": ("title",),
}
_ALIASES = {"journal": ("journaltitle",), "year": ("date",), "school": ("institution",)}
_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_PAGE = r"[A-Za-z]{0,2}\d+(?::\d+)?"  #: 12, e1000211, C306, S3, 73:1
_PAGES = re.compile(rf"^({_PAGE})(?:\s*(?:-{{1,3}}|–|—)\s*({_PAGE}))?(?:\s+vol\.\s*\d+)?$")
_YEAR = re.compile(r"^\d{4}$")


def _present(view: EntryView, name: str) -> bool:
    if name in ("author", "editor"):
        return bool(view.entry.persons.get(name))
    return any(view.raw(alias) for alias in (name, *_ALIASES.get(name, ())))


def _missing(view: EntryView) -> Iterator[Hit]:
    for need in REQUIRED.get(view.type, ()):
        options = need if isinstance(need, tuple) else (need,)
        if any(_present(view, name) for name in options):
            continue
        written = next((name for name in options if name in view.spans), None)
        state = "is empty" if written else "is missing"
        label = " or ".join(options)
        yield Hit(
            "missing-field",
            view.key,
            f"@{view.type} needs {label}, which {state} (BibTeX: empty {options[0]}); "
            f"fill it in, or change the type (e.g. @misc)",
            written,
        )


def _number(page: str) -> int | None:
    digits = re.sub(r"^[A-Za-z]+", "", page)
    return int(digits) if digits.isdigit() else None


def pages_problem(pages: str) -> str | None:
    """Why *pages* is malformed, or ``None``."""
    match = _PAGES.match(pages.strip())
    if not match:
        return "is not a page, a range (12--34) or an article number"
    first, last = match.group(1), match.group(2)
    if _number(first) == 0 or (last is not None and _number(last) == 0):
        return "has page 0 (a placeholder); write the real pages or delete the field"
    a, b = _number(first), _number(last) if last else None
    # "1135--43" is an abbreviated range (fine); "30--12" ends before it starts
    if a is not None and b is not None and ":" not in first and b < a and len(str(b)) >= len(str(a)):
        return f"ends before it starts ({a} > {b})"
    return None


def month_problem(view: EntryView) -> tuple[str, str | None] | None:
    """(message, fixed macro or ``None``) when the month is not a macro or a number 1–12."""
    span = view.spans.get("month")
    if span is None:
        return None
    opener, inner, _ = span.delimited(view.source)
    text = inner.strip()
    if not text:
        return None
    if not opener and text.lower() in _MONTH_MACROS:
        return None
    if text.isdigit() and 1 <= int(text) <= 12:
        return None
    fixed = month_name(text.rstrip(".")) if re.fullmatch(r"[A-Za-z]+\.?", text) else None
    macro = fixed[:3].lower() if fixed else None
    if macro:
        return (
            f"month {opener}{text}{_close(opener)} is a legacy month; write month = {macro} (no braces)",
            macro,
        )
    return f"month {text!r} is not a month; write one macro (month = jun) or a number 1-12", None


def _close(opener: str) -> str:
    return {"{": "}", '"': '"'}.get(opener, "")


def check(corpus: Corpus) -> Iterator[Hit]:
    keys = {key.lower() for key in corpus.by_key}
    for view in corpus.entries:
        yield from _missing(view)
        pages = view.raw("pages")
        why = pages_problem(pages) if pages else None
        if why:
            yield Hit("pages-malformed", view.key, f"pages {pages!r} {why}", "pages")
        month = month_problem(view)
        if month:
            yield Hit("month-malformed", view.key, month[0], "month")
        year = view.raw("year")
        if year and not _YEAR.match(year):
            yield Hit(
                "year-malformed", view.key, f"year {year!r} is not a four-digit year; write e.g. 2020", "year"
            )
        crossref = view.raw("crossref")
        if crossref and crossref.lower() not in keys:
            yield Hit(
                "crossref-missing",
                view.key,
                f"crossref {crossref!r} is not a key of the bibliography; add that entry or remove the crossref",
                "crossref",
            )
