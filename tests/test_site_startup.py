"""What a build pays before its first page: the extension's set-up reads the installed plugins once."""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from sphinx.testing.util import SphinxTestApp

import ext
from ext.site.plugins import entry_points_read_once


def test_setup_reads_the_installed_entry_points_once(tmp_path: Path, rootdir: Path, monkeypatch) -> None:
    """pybtex and sphinxcontrib-bibtex read every distribution's entry points at each registration
    and lookup; during the extension's set-up (a dozen of them) they are read once."""
    reads: list[int] = []
    distributions = importlib.metadata.distributions

    def counted(**params):
        reads.append(1)
        return distributions(**params)

    monkeypatch.setattr(importlib.metadata, "distributions", counted)
    during: list[int] = []
    setup = ext.setup

    def counted_setup(app):
        before = len(reads)
        try:
            return setup(app)
        finally:
            during.append(len(reads) - before)

    monkeypatch.setattr(ext, "setup", counted_setup)
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, builddir=tmp_path / "out")
    try:
        assert during == [1]
    finally:
        app.cleanup()


def test_plugin_answers_are_unchanged_and_restored() -> None:
    """Inside the block every lookup answers as pybtex's own does; afterwards pybtex's own is back."""
    lookups = [
        ("pybtex.backends", "latex"),
        ("pybtex.backends.aliases", "text"),
        ("pybtex.style.names", "plain"),
        ("pybtex.style.formatting", "sparsity"),
        ("sphinxcontrib.bibtex.style.referencing", "foot"),
        ("no.such.group", "x"),
    ]
    expected = [list(importlib.metadata.entry_points(group=g, name=n)) for g, n in lookups]
    with entry_points_read_once(pybtex.plugin, sphinxcontrib.bibtex.plugin):
        for module in (pybtex.plugin, sphinxcontrib.bibtex.plugin):
            assert [list(module.entry_points(group=g, name=n)) for g, n in lookups] == expected
    assert pybtex.plugin.entry_points is importlib.metadata.entry_points
    assert sphinxcontrib.bibtex.plugin.entry_points is importlib.metadata.entry_points


def test_plugin_lookups_go_through_entry_points() -> None:
    """The set-up's saving relies on both libraries calling their module's ``entry_points``; when an
    upgrade changes that, ext/site/plugins.py no longer saves anything (update it)."""
    assert pybtex.plugin.entry_points is importlib.metadata.entry_points
    assert sphinxcontrib.bibtex.plugin.entry_points is importlib.metadata.entry_points


_BUILD_AND_LIST_LINT_MODULES = """
import sys
from sphinx.cmd.build import build_main
status = build_main(["-q", "-b", "html", sys.argv[1], sys.argv[2]])
print(status, sorted(name for name in sys.modules if name.startswith("ext.lint")))
"""


def test_a_build_of_an_unchanged_bib_loads_no_lint(tmp_path: Path, rootdir: Path) -> None:
    """The lint runs only when the bib changed (in a forked child for a large list): a rebuild
    with nothing changed does not import the lint's rules at all."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", srcdir)
    repo = Path(ext.__file__).resolve().parent.parent
    command = [sys.executable, "-c", _BUILD_AND_LIST_LINT_MODULES, str(srcdir), str(tmp_path / "out")]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert first.stdout.startswith("0 ['ext.lint"), first.stdout + first.stderr  # a small list lints here
    again = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "0 []", again.stdout + again.stderr


_BUILD_AND_COUNT_ENTRY_POINT_READS = """
import importlib.metadata, json, sys
from collections import Counter
reads = Counter()
original = importlib.metadata.entry_points
def counted(**params):
    reads[sys._getframe(1).f_globals["__name__"]] += 1
    return original(**params)
importlib.metadata.entry_points = counted  # before pybtex or sphinxcontrib-bibtex binds the name
from sphinx.cmd.build import build_main
status = build_main(["-q", "-b", "html", sys.argv[1], sys.argv[2]])
print(status, json.dumps(sorted(reads.items())))
"""


def test_a_build_reads_the_entry_points_once_for_the_bibliography(tmp_path: Path, rootdir: Path) -> None:
    """From sphinxcontrib-bibtex's import to the last page, pybtex's and sphinxcontrib-bibtex's plugin
    lookups are answered from the one reading made while the extension sets up (the lookups of
    later builds' styles are registered then): a whole build reads them once, not six times."""
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-citations", srcdir)
    repo = Path(ext.__file__).resolve().parent.parent
    command = [sys.executable, "-c", _BUILD_AND_COUNT_ENTRY_POINT_READS, str(srcdir), str(tmp_path / "out")]
    done = subprocess.run(
        command, env={**os.environ, "PYTHONPATH": str(repo)}, capture_output=True, text=True, check=True
    )
    status, reads = done.stdout.split(" ", 1)
    assert status == "0", done.stdout + done.stderr
    bibliography = {"pybtex.plugin", "sphinxcontrib.bibtex.plugin", "ext.site.plugins"}
    assert [item for item in json.loads(reads) if item[0] in bibliography] == [["ext.site.plugins", 1]]
