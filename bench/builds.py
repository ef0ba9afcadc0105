"""Whole builds: a clean ``sphinx-build`` of the site vs ``pandoc --citeproc`` on the same .bib."""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from .timing import Sample, median_child

REPO = Path(__file__).resolve().parent.parent
NOCITE = "---\ntitle: Papers\nnocite: |\n  @*\n---\n"


def pandoc_readable(bib: Path, into: Path) -> Path:
    """pandoc 2.17 rejects an unescaped ``%`` inside a field (sparsity.bib has one); escape it."""
    text = re.sub(r"(?<!\\)%", r"\\%", bib.read_text(encoding="utf-8"))
    target = into / "pandoc.bib"
    target.write_text(text, encoding="utf-8")
    return target


def sphinx_clean(srcdir: Path, repeat: int = 3) -> Sample:
    """``sphinx-build -E`` into a fresh directory each run (the ``make html`` build step)."""
    with tempfile.TemporaryDirectory() as out:
        return median_child([sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html", str(srcdir),
                             str(Path(out) / "html")], repeat=repeat)


def pandoc_html(bib: Path, repeat: int = 3) -> Sample | None:
    """pandoc --citeproc rendering every entry of *bib* to a standalone HTML page."""
    if shutil.which("pandoc") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "list.md").write_text(NOCITE, encoding="utf-8")
        readable = pandoc_readable(bib, tmpdir)
        return median_child(["pandoc", str(tmpdir / "list.md"), "--citeproc", "--bibliography",
                             str(readable), "-s", "-o", str(tmpdir / "list.html")], repeat=repeat)
