"""A broken citation is never silent: every build fails on it, HTML and PDF, incremental ones too;
and a character the reader removed has one policy in both builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

ROOT = REPO / "tests" / "roots" / "test-broken-citation"
#: the citation's own line (its paragraph starts at line 4)
MISSPELLED = (
    "index.rst:6: WARNING: unknown citation key 'franke2019lottery'; did you mean 'frankle2019lottery'?"
)
RENAMED = (
    "index.rst:9: WARNING: unknown citation key '2020-tanaka'; it was renamed: cite 'tanaka2020pruning' "
    "(the same Zotero item, TANAKA20)"
)


def build(builder: str, out: Path, source: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``sphinx-build -M BUILDER`` with warnings as errors, as ``make html`` and ``make pdf`` run it."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", builder, str(source), str(out), "-W", "--keep-going"],
        capture_output=True,
        text=True,
    )


def test_unknown_keys_fail_every_build_at_their_own_line(tmp_path: Path) -> None:
    """``make html`` fails twice in a row (the second build reads nothing), then ``make pdf`` fails too;
    each time the warning names the citation's line and what to cite instead."""
    for builder in ("html", "html", "latexpdf"):
        done = build(builder, tmp_path)
        output = done.stdout + done.stderr
        assert done.returncode != 0, f"{builder}: {output[-2000:]}"
        assert MISSPELLED in output and RENAMED in output, output[-2000:]
        assert output.count("unknown citation key") == 2
    assert "no targets are out of date" in build("html", tmp_path).stdout  # nothing was re-read


def test_hint_names_a_deleted_items_key() -> None:
    """A retired key whose item no longer exists says so, instead of guessing a neighbour."""
    from ext.site.citations import hint

    message = hint("2019-lee", {"2019-leeb"}, {"2019-lee": "LEE19"}, {})
    assert "retired" in message and "restore the item" in message


def test_a_removed_character_has_one_policy_in_html_and_pdf(tmp_path: Path) -> None:
    """A control character the reader removed is the same warning in every build: with -W it stops
    ``make html`` (twice in a row) and ``make pdf`` alike (``suppress_warnings`` lets both through)."""
    source = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-basic", source)
    bib = source / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    assert "{The lottery" in text
    bib.write_text(text.replace("{The lottery", "{The\x07 lottery"), "utf-8")
    for builder in ("html", "html", "latexpdf"):
        done = build(builder, tmp_path / "out", source)
        assert done.returncode != 0 and "[papers.control_char]" in done.stderr, f"{builder}: {done.stderr}"


def test_make_pdf_uses_the_html_warning_options() -> None:
    """``make pdf`` runs with ``make html``'s SPHINXOPTS (minus -q/-Q, which would re-allow shell escape)."""
    options = "SPHINXOPTS=-W -q -D suppress_warnings=papers.control_char"
    html = subprocess.run(["make", "-n", "html", options], cwd=REPO, capture_output=True, text=True).stdout
    pdf = subprocess.run(["make", "-n", "pdf", options], cwd=REPO, capture_output=True, text=True).stdout
    assert "-M html . _build -W -q -D suppress_warnings=papers.control_char" in html
    assert "-M latexpdf . _build -W -D suppress_warnings=papers.control_char >" in pdf
