"""Page ranges in the Chicago style: en dash, and the second number shortened.

Chicago (16th/17th ed., as CSL ``page-range-format="chicago"`` applies it):
first number under 100 or a multiple of 100 → keep all digits ("5–9", "100–104");
a second number already shortened in the source ("1150--9") is read as the full
number it stands for (1159) and then shortened by these rules ("1150–59", CMOS 9.61);
101–109 within a hundred → only the changed part ("101–8", "1103–4");
otherwise at least two digits ("321–28", "1135–43"), but all four digits when
three of them change ("1496–1504"); a note after the range stays ("325–33
vol.1"). Anything else ("e1000211", "73:1--73:12", "C306-C307") keeps its text,
with an en dash for the hyphen.
"""

from __future__ import annotations

import re

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-+|–|—)\s*(\d+)(\s.*)?$")
_DASHES = re.compile(r"\s*(?:--?-?|–|—)\s*")


def _abbreviate(first: str, last: str) -> str:
    """The printed form of *last* in the range first–last."""
    a, b = int(first), int(last)
    if len(last) < len(first) and b <= a:  # "1150--9": the source already dropped digits
        full = first[: len(first) - len(last)] + last
        if int(full) <= a:
            return last
        last, b = full, int(full)
    if b <= a or len(last) != len(first) or a < 100 or a % 100 == 0:
        return last
    changed = next(i for i, (x, y) in enumerate(zip(first, last, strict=True)) if x != y)
    if len(first) == 4 and changed <= 1:
        return last  # three or four digits change: 1496–1504
    if a % 100 < 10:
        return last[changed:]  # 101–8, 1103–4
    return last[min(changed, len(last) - 2) :]  # 321–28, 1135–43


def format_pages(pages: str) -> str:
    """ "1135--1143" → "1135–43"; other page strings get en dashes only; each range of a list
    ("431--456, 791--823") on its own."""
    if "," in pages:
        return ", ".join(format_pages(part) for part in pages.split(",") if part.strip())
    match = _RANGE.match(pages)
    if match:
        first, last, rest = match.groups()
        return f"{first}\u2013{_abbreviate(first, last)}{(rest or '').rstrip()}"
    return _DASHES.sub("\u2013", pages.strip()) if re.search(r"\d\s*-", pages) else pages.strip()
