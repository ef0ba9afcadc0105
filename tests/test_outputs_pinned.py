"""The list the seed renders to (HTML, LaTeX, Markdown, the page's data) stays byte for byte as pinned.

Performance work must not change a result: tests/golden/seed-list.{html,tex,md} and the digests in
seed-data.sha256 were written by the code before the fast parser, the one-node list and the
two-core rendering, and every later build must match them. ``UPDATE_GOLDEN=1`` rewrites them when
a change of output is intended (review the diff).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GOLDEN, REPO, SEED_BIB

ROOT = REPO / "tests" / "roots" / "test-seed"
LATEX_LIST = "\\begin{list}{}{\\setlength{\\leftmargin}{2em}\\setlength{\\itemindent}{-2em}\\setlength{\\itemsep}{0.4ex}}"


def pinned(name: str, actual: str) -> str:
    if os.environ.get("UPDATE_GOLDEN") == "1":
        (GOLDEN / name).write_text(actual, encoding="utf-8")
    return (GOLDEN / name).read_text(encoding="utf-8")


def between(text: str, start: str, end: str) -> str:
    first = text.index(start)
    return text[first : text.index(end, first) + len(end)]


@pytest.fixture(scope="module")
def html_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-html")
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(ROOT), str(out)], check=True, cwd=REPO
    )
    return out


def test_html_list_is_pinned(html_build: Path) -> None:
    """The list's HTML (headings, entries, links, tools, COinS) is the pinned one."""
    html = (html_build / "index.html").read_text(encoding="utf-8")
    actual = between(html, '<h2 class="paper-list-heading"', "</ol>\n")
    assert actual == pinned("seed-list.html", actual)


def test_page_data_is_pinned(html_build: Path) -> None:
    """The data the page's script reads (search, filters, BibTeX, RIS, CSL) is the pinned one."""
    actual = "".join(
        f"{hashlib.sha256((html_build / '_static' / name).read_bytes()).hexdigest()}  {name}\n"
        for name in ("papers-data.js", "papers-more.js")
    )
    assert actual == pinned("seed-data.sha256", actual)


def test_latex_list_is_pinned(tmp_path: Path) -> None:
    """The list LaTeX typesets into the PDF is the pinned one."""
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "latex", str(ROOT), str(tmp_path)],
        check=True,
        cwd=REPO,
    )
    actual = between((tmp_path / "seed.tex").read_text(encoding="utf-8"), LATEX_LIST, "\\end{list}\n")
    assert actual == pinned("seed-list.tex", actual)


def test_markdown_list_is_pinned() -> None:
    """The Markdown list (what ``make readme`` puts in README.md) is the pinned one."""
    actual = subprocess.run(
        [sys.executable, "-m", "ext", "render", "--format", "markdown", str(SEED_BIB)],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout
    assert actual == pinned("seed-list.md", actual)
