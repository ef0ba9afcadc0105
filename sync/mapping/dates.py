"""Zotero's free-text dates read as Zotero reads them, when the server sent no ``meta.parsedDate``.

The Zotero Web API parses each item's ``date`` (``Zotero.Date.strToDate``)
and sends the result as ``meta.parsedDate``; a local server or an old item may
not. This is our own reading of the same rules, for that fallback: ISO dates
(``2017-02-03``, ``2017-02``), numeric dates with slashes, dots or dashes in
the order the parts allow (``02/2017``, ``3/2/2017`` as month/day/year like
Zotero's US default, ``13.02.2017`` as day.month.year when the first part
cannot be a month), English month names (``February 2017``, ``3 Feb 2017``),
and a bare year anywhere (``Spring 2017``).

Year ranges (``2001-2003``, ``1999/2000``, ``2001–03``) are kept whole: the
renderer prints them in full (``2001–2003``), as CSL Chicago does.
"""

from __future__ import annotations

import re

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?(?:[T ].*)?$")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,4})(?:[/.\-](\d{1,4}))?$")
#: 2001-2003, 1999/2000, 2001–03 (two digits after a hyphen or slash are a month: 2006-10)
_RANGE = re.compile(r"^(\d{4})\s*(?:(?:[-/]|--)\s*(\d{4})|[\u2013\u2014]\s*(\d{2}|\d{4}))$")
_MONTH_WORD = re.compile(r"\b(" + "|".join(MONTHS) + r")[a-z]*\.?(?![a-z])", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def year_range(date: str) -> tuple[str, str] | None:
    """``("2001", "2003")`` for a range of years (``2001-2003``, ``1999/2000``, ``2001–03``); else ``None``."""
    match = _RANGE.match(date.strip())
    if not match:
        return None
    first, last = match.group(1), match.group(2) or match.group(3)
    if len(last) == 2:
        last = first[:2] + last
    return (first, last) if int(last) > int(first) else None


def month_number(value: str | None) -> int | None:
    """1–12 for a numeric month ("02"), else ``None`` (Zotero writes "00" for no month)."""
    return int(value) if value and value.isdigit() and 1 <= int(value) <= 12 else None


def _numeric(match: re.Match) -> tuple[str | None, int | None]:
    """Year and month of a numeric date, parts in the order Zotero accepts."""
    parts = [part for part in match.groups() if part]
    if len(parts[0]) == 4:  # year first: 2017/02/03
        return parts[0], month_number(parts[1])
    if len(parts[-1]) != 4:
        return None, None
    if len(parts) == 2:  # 02/2017
        return parts[1], month_number(parts[0])
    first, second = int(parts[0]), int(parts[1])
    month = parts[1] if first > 12 and second <= 12 else parts[0]  # 13.02.2017; else US month/day
    return parts[2], month_number(month)


def parse(date: str) -> tuple[str | None, int | None]:
    """The year and month (1–12) of a free-text Zotero date; ``(None, None)`` when it has no year."""
    text = date.strip()
    iso = _ISO.match(text)
    if iso:
        return iso.group(1), month_number(iso.group(2))
    numeric = _NUMERIC.match(text)
    if numeric:
        year, month = _numeric(numeric)
        if year:
            return year, month
    found = _YEAR.search(text)
    if not found:
        return None, None
    word = _MONTH_WORD.search(text)
    return found.group(1), MONTHS.index(word.group(1).lower()[:3]) + 1 if word else None
