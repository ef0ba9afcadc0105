"""What a font family covers is what fontconfig says every one of its faces has; unknown is None."""

from __future__ import annotations

import shutil

import pytest

from ext.site.fontcoverage import all_covered, common_coverage, family_coverage, parse_charset

from conftest import require


def test_charsets_are_read_as_fontconfig_writes_them() -> None:
    """Hexadecimal code points and inclusive ranges, separated by spaces or lines."""
    assert parse_charset("20-22 41\n2013-2014") == frozenset({0x20, 0x21, 0x22, 0x41, 0x2013, 0x2014})
    assert parse_charset("") == frozenset()


def test_printable_characters_decide_and_line_ends_do_not() -> None:
    """Every printable character must be covered; line ends and tabs are never printed as glyphs."""
    covered = parse_charset("20-7e")
    assert all_covered(["Pruning\tnetworks\n", "(2019)"], covered)
    assert not all_covered(["Pruning", "Lepsøy"], covered)
    assert not all_covered(["emoji 😀"], covered)


@pytest.fixture(scope="module")
def freefont() -> None:
    require(
        shutil.which("fc-list") is not None and shutil.which("fc-query") is not None,
        "fontconfig (Debian package fontconfig)",
    )
    require(family_coverage("FreeSerif") is not None, "fonts-freefont-otf")


@pytest.mark.usefixtures("freefont")
def test_a_family_covers_what_all_its_faces_have() -> None:
    """FreeSerif's faces all have Latin, Greek and dashes; not emoji; the regular face has more
    than the family (its bold and italic faces lack some of it)."""
    serif = family_coverage("FreeSerif")
    assert serif is not None
    assert all_covered(["Pruning Lepsøy Ελληνικά – — “ ”"], serif)
    assert not all_covered(["😀"], serif)
    assert family_coverage("free serif") == serif  # fontconfig's names ignore case and spaces
    three = common_coverage(["FreeSerif", "FreeSans", "FreeMono"])
    assert three is not None and three < serif


@pytest.mark.usefixtures("freefont")
def test_an_unknown_family_is_not_known_to_cover_anything() -> None:
    """A family fontconfig does not have, or no family at all, gives None (the caller keeps the chain)."""
    assert family_coverage("No Such Family 1234") is None
    assert family_coverage("FreeSerif-Bold") is None  # not the family FreeSerif at the size "Bold"
    assert family_coverage("FreeSerif:style=Bold") is None
    assert common_coverage(["FreeSerif", "No Such Family 1234"]) is None
    assert common_coverage([]) is None


def test_without_fontconfig_nothing_is_known(monkeypatch) -> None:
    """With no fontconfig command on the PATH the answer is None, not an error."""
    monkeypatch.setenv("PATH", "")
    family_coverage.cache_clear()
    try:
        assert family_coverage("FreeSerif") is None
    finally:
        family_coverage.cache_clear()
