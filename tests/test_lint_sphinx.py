"""The site build prints one line of lint findings, as information: ``-W`` builds stay green."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ext.lint import RULES, lint_entries
from ext.lint.formats import summary
from ext.reader.bibfile import read_bib

from conftest import REPO, require


def _plain(stream) -> str:
    """The status as lines of text: colours and terminal controls removed (Sphinx writes progress
    with them, each step over the last with a carriage return, when it takes the output for a
    terminal: with ``CI`` set, for one), each step on its own line."""
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", stream.getvalue()).replace("\r", "\n")


# the root's javascript: url is reported by the reader (papers.link), not by the lint
@pytest.mark.sphinx("html", testroot="basic", confoverrides={"suppress_warnings": ["papers.link"]})
def test_build_prints_one_summary_line_and_no_warning(app, status, warning) -> None:
    """The build logs one 'papers: lint:' line with the counts the lint gives for the bib, and adds
    no warning."""
    app.build()
    expected = summary(lint_entries(read_bib([Path(app.srcdir) / "refs.bib"])))
    assert expected != "no findings"  # the root's bib has findings to count
    lines = [line for line in _plain(status).splitlines() if line.startswith("papers: lint:")]
    assert len(lines) == 1
    assert lines[0].startswith(f"papers: lint: {expected} (details")
    assert warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"papers_lint_disable": list(RULES)})
def test_rules_disabled_in_conf_py(app, status) -> None:
    """papers_lint_disable in conf.py switches rules off for the build's summary."""
    app.build()
    assert "papers: lint: no findings" in _plain(status)


# a fresh environment: after another test's build of the same root, no page would be written again
@pytest.mark.sphinx(
    "html", testroot="basic", confoverrides={"suppress_warnings": ["papers.link"]}, freshenv=True
)
def test_pages_are_written_before_the_build_waits_for_the_lint(app, status) -> None:
    """The lint (with the store of the library) runs beside the reading and writing of the pages: the
    build waits for it, and logs its line, only once every page is written."""
    app.build()
    lines = _plain(status).splitlines()
    lint = next(number for number, line in enumerate(lines) if line.startswith("papers: lint:"))
    written = [number for number, line in enumerate(lines) if line.startswith("writing output... [")]
    assert written and max(written) < lint


def test_a_large_first_build_is_linted_while_its_entries_are_ordered(make_app, tmp_path, monkeypatch) -> None:
    """A library read and rendered whole, large enough for two cores, is linted by a child while this
    process orders its entries: the summary is known as the build starts, not waited for at its end,
    and the line is the one the lint gives; a small library is linted beside the pages instead."""
    import shutil

    from ext import forked
    from ext.site.library import get_library

    require(forked.can_fork(), "os.fork and a second core")
    src = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-basic", src)
    expected = summary(lint_entries(read_bib([src / "refs.bib"])))
    small = make_app("html", srcdir=src, builddir=tmp_path / "small", freshenv=True)
    assert get_library(small.env).lint_summary is None
    monkeypatch.setattr(forked, "WORTH_FORKING", 2)
    app = make_app("html", srcdir=src, builddir=tmp_path / "large", freshenv=True)
    assert get_library(app.env).lint_summary == (frozenset(), expected)
    app.build()
    lines = [line for line in _plain(app._status).splitlines() if line.startswith("papers: lint:")]
    assert lines == [f"papers: lint: {expected} (details: python -m ext lint, or make lint-bib)"]
