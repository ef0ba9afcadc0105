"""The site build prints one line of lint findings, as information: ``-W`` builds stay green."""

from __future__ import annotations

import re

import pytest

from ext.lint import RULES


def _plain(stream) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", stream.getvalue())


# the root's javascript: url is reported by the reader (papers.link), not by the lint
@pytest.mark.sphinx("html", testroot="basic", confoverrides={"suppress_warnings": ["papers.link"]})
def test_build_prints_one_summary_line_and_no_warning(app, status, warning) -> None:
    """The build logs one 'papers: lint:' line with the counts and adds no warning."""
    app.build()
    lines = [line for line in _plain(status).splitlines() if line.startswith("papers: lint:")]
    assert len(lines) == 1
    assert re.search(
        r"papers: lint: (no findings|(\d+ (errors?|warnings?|notes?)(, )?)+) \(details", lines[0]
    )
    assert warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"papers_lint_disable": list(RULES)})
def test_rules_disabled_in_conf_py(app, status) -> None:
    """papers_lint_disable in conf.py switches rules off for the build's summary."""
    app.build()
    assert "papers: lint: no findings" in _plain(status)
