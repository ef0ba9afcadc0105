"""Throw-away Sphinx projects for the benchmarks: ours, sphinxcontrib-bibtex ``plain``, and an empty one.

All use the same theme (furo), so differences come from the bibliography.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENV = {"PYTHONPATH": str(REPO)}  # the projects load `ext` from this repository


def env(code: Path = REPO) -> dict[str, str]:
    """The environment of a build that loads `ext` (and `sync`) from the tree *code*."""
    return {"PYTHONPATH": str(code)}


OURS = """extensions = ["ext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "sparsity"
bibtex_reference_style = "sparsity"
html_theme = "furo"
"""
PLAIN = """extensions = ["sphinxcontrib.bibtex"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "plain"
html_theme = "furo"
suppress_warnings = ["bibtex"]
"""


def write(where: Path, conf: str, index: str, bib_text: str | None = None) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    (where / "conf.py").write_text(conf, encoding="utf-8")
    (where / "index.rst").write_text(index, encoding="utf-8")
    if bib_text is not None:
        (where / "refs.bib").write_text(bib_text, encoding="utf-8")
    return where


def ours(where: Path, bib_text: str) -> Path:
    return write(where, OURS, "Papers\n======\n\n.. paper-list::\n", bib_text)


def plain(where: Path, bib_text: str) -> Path:
    return write(where, PLAIN, "Papers\n======\n\n.. bibliography::\n   :all:\n", bib_text)


def empty(where: Path, keep_templates: bool = False) -> Path:
    """An empty furo project; *keep_templates*: one that keeps its compiled templates between
    builds as the site does (``ext.site.templatecache``, loaded from this repository: :func:`env`)."""
    conf = 'html_theme = "furo"\n' + ('extensions = ["ext.site.templatecache"]\n' if keep_templates else "")
    return write(where, conf, "Empty\n=====\n\nNothing here.\n")


def copy_of_site(where: Path, code: Path = REPO) -> Path:
    """The real site (the pages of the tree *code*, this repository's sparsity.bib), to edit
    without touching either tree."""
    where.mkdir(parents=True, exist_ok=True)
    for name in ("conf.py", "index.rst", "survey.rst", "papers.rst", "stats.rst"):
        shutil.copy(code / name, where / name)
    shutil.copy(REPO / "sparsity.bib", where / "sparsity.bib")
    return where


def export(ref: str, into: Path) -> Path:
    """The tree of *ref* (a commit, branch or tag of this repository), unpacked into *into*, to
    measure the code as it was next to the code as it is; a folder (another copy of the project,
    or a copy without git history) is used as it is."""
    if Path(ref).is_dir():
        return compiled(Path(ref).resolve())
    archive = subprocess.run(["git", "archive", ref], cwd=REPO, check=True, capture_output=True).stdout
    into.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return compiled(into)


def compiled(code: Path) -> Path:
    """*code* with its packages compiled to bytecode, as both trees of a comparison must be: where
    ``PYTHONDONTWRITEBYTECODE`` is set (or a tree was never run), each build would otherwise compile
    every module of the extension again (~75 ms), and only the tree without bytecode pays it."""
    packages = [str(code / name) for name in ("ext", "sync") if (code / name).is_dir()]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True)
    return code
