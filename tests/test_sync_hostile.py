"""Hostile text typed into Zotero round-trips through the bib and renders as the original text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ext.cli.render import render_list
from ext.reader.bibfile import read_bib
from ext.reader.latex import decode
from sync.cli import main

from conftest import require
from zotero_fixture import HOSTILE_TITLES


@pytest.fixture
def hostile_bib(sync_env, tmp_path: Path) -> Path:
    bib = tmp_path / "sparsity.bib"
    result = CliRunner().invoke(main, ["pull", "--bib", str(bib), "--quiet"])
    assert result.exit_code == 0, result.output
    return bib


def hostile_entries(bib: Path) -> dict[str, object]:
    entries = read_bib(bib).data.entries
    return {
        word: next(e for e in entries.values() if f"{{{word}}}" in str(decode(str(e.persons["author"][0]))))
        for word in HOSTILE_TITLES
    }


def test_fields_decode_to_the_original_text(hostile_bib: Path) -> None:
    """Titles, venues, names and tags come back exactly, and the file parses without problems."""
    assert not read_bib(hostile_bib).problems
    for word, entry in hostile_entries(hostile_bib).items():
        title = HOSTILE_TITLES[word]
        assert str(decode(entry.fields["title"])) == title
        assert str(decode(entry.fields["journal"])) == f"Journal of {title[:40]}".strip()
        assert str(decode(entry.fields["keywords"])) == f"hostile {word} <b>"
        person = entry.persons["author"][0]
        assert str(decode(" ".join(person.prelast_names + person.last_names))) == f"Tables {{{word}}} \\relax"
        first = str(decode(" ".join(person.first_names + person.middle_names)))
        assert first == "Robert’); DROP TABLE--"  # an apostrophe is typeset as ’, as BibTeX and pandoc do


def test_rendered_list_shows_the_text(hostile_bib: Path) -> None:
    """The rendered list holds each hostile title as typed (title casing aside)."""
    text = render_list(read_bib(hostile_bib), "text").casefold()
    for title in HOSTILE_TITLES.values():
        assert title.casefold() in text
    assert "javascript:" not in text  # the web page item's URL was dropped


@pytest.mark.tex
def test_biber_parses_the_pulled_file(hostile_bib: Path, tmp_path: Path) -> None:
    """biber reads the pulled file, hostile entries included, without errors."""
    require(shutil.which("biber") is not None, "biber (Debian package biber)")
    done = subprocess.run(
        ["biber", "--tool", "--output-file", str(tmp_path / "out.bib"), str(hostile_bib)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ERROR" not in done.stdout
    assert (tmp_path / "out.bib").read_text(encoding="utf-8").count("@") >= len(
        read_bib(hostile_bib).data.entries
    )
