"""``meta.parsedDate``: the dataserver's reading of a free-text date (``Zotero_Date::strToDate``, en-US).

The server first tries the whole string as numbers with one kind of separator
(``2019-03-15``, ``15.03.2019``, ``11/05/19``): a 3- or 4-digit first part is
the year (big endian), otherwise the last part is the year and, in the US
locale, the first is the month — unless it exceeds 12, then day and month
swap. A two-digit year belongs to this century up to the current year, else to
the last one. When that fails it picks a 3–4 digit year, then an English month
name (``Dec``, ``March``), then a 1–2 digit day (``12``, ``3rd``) out of the
rest. The result goes out as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
Expected values come from ``tests/local/tests/DateTest.php`` and the
``meta.parsedDate`` cases of ``tests/remote/tests/3/item.test.js``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NUMERIC = re.compile(
    r"^(?P<pre>.*?)\b(?P<a>\d{1,4})(?:(?P<s1>[-/.年])(?P<b>\d{1,2}))?(?:(?P<s2>[-/.月])(?P<c>\d{1,4}))?(?P<post>(?:\b|\D).*?)$"
)
_YEAR = re.compile(
    r"^(?P<pre>.*?)\b(?P<year>(?:circa |around |about |c\.? ?)?\d{1,4}(?: ?B\.? ?C\.?(?: ?E\.?)?| ?C\.? ?E\.?| ?A\.? ?D\.?)|\d{3,4})\b(?P<post>.*?)$",
    re.IGNORECASE,
)
_MONTH = re.compile(
    r"^(?P<pre>.*)\b(?P<month>" + "|".join(MONTHS) + r")[^ ]*(?: (?P<post>.*)$|$)", re.IGNORECASE
)
_DAY = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?P<post>.*)", re.IGNORECASE)


def _full_year(year: int, today: datetime) -> int:
    if year >= 100:
        return year
    century = today.year - today.year % 100
    return century + year if year <= today.year % 100 else century - 100 + year


def _numeric(text: str, today: datetime) -> tuple[dict[str, int], str] | None:
    """Year, month and day of an all-numeric date, and the text left over; ``None`` if it is not one."""
    m = _NUMERIC.match(text)
    if not m or (m["s2"] and m["s1"] != m["s2"] and (m["s1"], m["s2"]) != ("年", "月")):
        return None
    if not (m["b"] and m["c"]) and (m["pre"] or m["post"]):
        return None  # only a complete date may sit inside other text
    if len(m["a"]) in (3, 4) or m["s1"] == "年":
        year, month, day = m["a"], m["b"], m["c"]
    else:
        year, month, day = m["c"], m["a"], m["b"]  # en-US: month first
    parts = {k: int(v) for k, v in (("year", year), ("month", month), ("day", day)) if v}
    if parts.get("month", 0) > 12:
        parts["month"], parts["day"] = parts.get("day", 0), parts["month"]
        parts = {k: v for k, v in parts.items() if v}
    if parts.get("month", 0) > 12 or parts.get("day", 0) > 31:
        return {}, text  # fails the sanity check: the whole string is left to the word rules
    if "year" in parts:
        parts["year"] = _full_year(parts["year"], today)
    return parts, m["pre"] + m["post"]


def parsed_date(text: str, today: datetime | None = None) -> str | None:
    """``meta.parsedDate`` for the date field *text* (``None`` when it has no year)."""
    text = " ".join(text.split())
    if not text:
        return None
    found = _numeric(text, today or datetime.now(UTC))
    parts, rest = found if found is not None else ({}, text)
    if "year" not in parts and (m := _YEAR.match(rest)):
        if re.fullmatch(r"\d{1,4}", m["year"]):
            parts["year"] = int(m["year"])
        rest = m["pre"] + m["post"]
    if "month" not in parts and (m := _MONTH.match(rest)):
        parts["month"] = MONTHS.index(m["month"].lower()[:3]) + 1
        rest = m["pre"] + (m["post"] or "")
    if "day" not in parts and (m := _DAY.search(rest)) and int(m["day"]) <= 31:
        parts["day"] = int(m["day"])
    if not parts.get("year"):
        return None
    date = f"{parts['year']:04d}"
    if parts.get("month"):
        date += f"-{parts['month']:02d}"
        if parts.get("day"):
            date += f"-{parts['day']:02d}"
    return date
