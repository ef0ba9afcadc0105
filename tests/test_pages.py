"""Page ranges follow the Chicago rules for shortening the second number."""

from __future__ import annotations

import pytest

from ext.style.pages import format_pages


@pytest.mark.parametrize(
    ("pages", "printed"),
    [
        ("5--9", "5–9"),
        ("1--13", "1–13"),
        ("100--104", "100–104"),
        ("101--108", "101–8"),
        ("1103--1104", "1103–4"),
        ("321--328", "321–28"),
        ("1135--1143", "1135–43"),
        ("1496--1504", "1496–1504"),
        ("2579--2605", "2579–2605"),
        ("159–170", "159–70"),
        ("325-333 vol.1", "325–33 vol.1"),
        ("73:1--73:12", "73:1–73:12"),
        ("C306-C307", "C306–C307"),
        ("e1000211", "e1000211"),
        ("22", "22"),
        ("1150--9", "1150–59"),
        ("1150--50", "1150–50"),
        ("110--115", "110–15"),
        ("999--1001", "999–1001"),
        ("150--150", "150–150"),
        ("150--140", "150–140"),
        ("431--456, 791--823", "431–56, 791–823"),
        ("12, 15--19,", "12, 15–19"),
    ],
)
def test_page_ranges(pages: str, printed: str) -> None:
    """Each BibTeX page field prints as Chicago author-date prints it."""
    assert format_pages(pages) == printed
