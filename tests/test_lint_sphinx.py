"""The site build prints one line of lint findings, as information: ``-W`` builds stay green."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ext.lint import RULES, lint_entries
from ext.lint.formats import summary
from ext.reader.bibfile import read_bib


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
