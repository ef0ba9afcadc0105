"""The committed README.md carries the current list of sparsity.bib."""

from __future__ import annotations

from ext.bibfile import read_bib
from ext.readme import replace_list
from ext.render import render_list

from conftest import REPO


def test_committed_readme_is_current() -> None:
    """README.md equals what ``make readme`` would write (run it and commit if this fails)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    expected = replace_list(readme, render_list(read_bib(REPO / "sparsity.bib")))
    assert readme == expected


def test_readme_starts_with_the_two_commands() -> None:
    """The first screen of the README shows ``make html`` and ``make test``."""
    first_screen = "\n".join((REPO / "README.md").read_text(encoding="utf-8").splitlines()[:20])
    assert "make html" in first_screen and "make test" in first_screen
