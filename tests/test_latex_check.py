"""``make latex-check`` compiles the bib with biblatex+biber and natbib+BibTeX, and fails on errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, require

pytestmark = pytest.mark.tex


def check(bib: Path) -> subprocess.CompletedProcess:
    for tool in ("lualatex", "latexmk", "biber", "bibtex"):
        require(
            shutil.which(tool) is not None,
            f"{tool} (Debian packages texlive-luatex latexmk biber texlive-bibtex-extra)",
        )
    return subprocess.run(
        [sys.executable, str(REPO / "latex" / "check.py"), str(bib)],
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_shipped_bib_compiles_both_ways() -> None:
    """sparsity.bib compiles with biber and with BibTeX; warnings are listed, not fatal."""
    done = check(REPO / "sparsity.bib")
    assert done.returncode == 0, done.stdout
    assert "biblatex + biber: ok" in done.stdout and "natbib + BibTeX (plainnat): ok" in done.stdout
    assert "Warning--empty booktitle in benchmarking" in done.stdout  # real defects stay visible


def test_broken_bib_fails(tmp_path: Path) -> None:
    """A bib that breaks LaTeX makes the check fail with an Error line."""
    bib = tmp_path / "broken.bib"
    bib.write_text(
        "@misc{a, title = {50% off}, note = {x}, year = {2020}}\n"
        "@misc{b, author = {Doe, Jane}, title = {Fine}, year = {2021}}\n"
    )
    done = check(bib)
    assert done.returncode == 1 and "Error: broken.bib does not compile" in done.stdout
    assert "note: field title of a has a raw %" in done.stdout
