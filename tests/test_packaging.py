"""``pip install .`` gives another Sphinx project a working extension: packages, static files, pybtex plugins."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.install

PROJECT_CONF = """extensions = ["ext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "sparsity"
bibtex_reference_style = "sparsity"
html_theme = "alabaster"
"""
PROJECT_INDEX = """Our papers
==========

As :cite:t:`knuth1984` showed.

.. paper-list::

.. bibliography::
"""
PROJECT_BIB = "@book{knuth1984, author = {Knuth, Donald E.}, title = {The {\\TeX}book}, year = {1984}}\n"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The project installed (without dependencies) from a copy of its sources into a folder of its own."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "ext", "sync"):
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copy
        copy(REPO / name, source / name)
    target = tmp_path_factory.mktemp("site-packages")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return target


def run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Python with only the installed copy of ext and sync importable (not this checkout)."""
    env = {**os.environ, "PYTHONPATH": str(installed)}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_installed_packages_import_and_register_plugins(installed: Path, tmp_path: Path) -> None:
    """ext and sync import from the installed copy, and pybtex finds the styles by entry point."""
    code = (
        "import ext, sync, sync.cli; from pybtex.plugin import find_plugin; "
        "print(ext.__file__); print(find_plugin('pybtex.style.formatting', 'sparsity').__module__)"
    )
    done = run(installed, tmp_path, "-c", code)
    assert done.returncode == 0, done.stderr
    where, module = done.stdout.split()
    assert Path(where).is_relative_to(installed) and module == "ext.style"
    assert (installed / "ext" / "static" / "papers.js").is_file()


def test_another_sphinx_project_builds_with_the_extension(installed: Path, tmp_path: Path) -> None:
    """A throw-away project with ``extensions = ["ext"]`` builds its list, citations and assets."""
    project = tmp_path / "docs"
    project.mkdir()
    (project / "conf.py").write_text(PROJECT_CONF, encoding="utf-8")
    (project / "index.rst").write_text(PROJECT_INDEX, encoding="utf-8")
    (project / "refs.bib").write_text(PROJECT_BIB, encoding="utf-8")
    done = run(
        installed, tmp_path, "-m", "sphinx", "-W", "-q", "-b", "html", str(project), str(tmp_path / "out")
    )
    assert done.returncode == 0, done.stdout + done.stderr
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'data-key="knuth1984"' in html and re.search(r"Knuth \(<a [^>]+>1984</a>\)", html)
    assert (tmp_path / "out" / "_static" / "papers.css").is_file()
