"""``make latex-check`` compiles the bib with biblatex+biber and natbib+BibTeX, and fails on errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SEED_BIB, require

pytestmark = pytest.mark.tex


def check(bib: Path) -> subprocess.CompletedProcess:
    for tool in ("xelatex", "latexmk", "biber", "bibtex"):
        require(
            shutil.which(tool) is not None,
            f"{tool} (Debian packages texlive-xetex latexmk biber texlive-bibtex-extra)",
        )
    return subprocess.run(
        [sys.executable, str(REPO / "latex" / "check.py"), str(bib)],
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_shipped_bib_compiles_both_ways() -> None:
    """The live sparsity.bib compiles with biber and with BibTeX."""
    done = check(REPO / "sparsity.bib")
    assert done.returncode == 0, done.stdout
    assert "biblatex + biber: ok" in done.stdout and "natbib + BibTeX (plainnat): ok" in done.stdout


def test_warnings_are_listed_not_fatal() -> None:
    """The seed bibliography's real defects are listed by the tools, and the check still passes."""
    done = check(SEED_BIB)
    assert done.returncode == 0, done.stdout
    assert "Warning--empty booktitle in benchmarking" in done.stdout


def test_code_in_a_contributed_entry_never_runs(tmp_path: Path) -> None:
    """\\directlua, \\write18 and \\openout in a .bib never run, and \\input of an absolute path reads nothing."""
    marker = tmp_path / "ran"
    secret = tmp_path / "secret.tex"
    secret.write_text("\\gdef\\leaked{SECRET}", encoding="utf-8")
    runs = tmp_path / "runs.bib"
    runs.write_text(
        f"@misc{{lua, title = {{\\directlua{{io.open('{marker}', 'w'):write('x')}}}}, year = {{2024}}}}\n"
        f"@misc{{shell, title = {{\\immediate\\write18{{touch {marker}}}}}, year = {{2024}}}}\n"
        f"@misc{{open, title = {{\\immediate\\openout1={marker}\\immediate\\write1{{x}}}}, year = {{2024}}}}\n",
        encoding="utf-8",
    )
    done = check(runs)
    assert not marker.exists(), done.stdout
    reads = tmp_path / "reads.bib"
    reads.write_text(f"@misc{{read, title = {{\\input{{{secret}}}}}, year = {{2024}}}}\n", encoding="utf-8")
    done = check(reads)
    assert done.returncode == 1 and f"! LaTeX Error: File `{str(secret)[:30]}" in done.stdout, done.stdout
