"""Work done in a forked child gives what the same work gives in this process."""

from __future__ import annotations

import os

import pytest

from bench import synth
from ext import forked
from ext.bibfile import parse_bib
from ext.catalog import build_catalog

from conftest import require


@pytest.fixture(autouse=True)
def _two_cores() -> None:
    require(forked.can_fork(), "os.fork and a second core")


def test_the_child_answers_and_its_failure_is_reported() -> None:
    """A forked function's result comes back pickled; its exception becomes one error here."""
    pending = forked.start(os.getpid, forked.WORTH_FORKING)
    assert pending.result() != os.getpid()
    assert forked.start(os.getpid, 1).result() == os.getpid()  # small work runs here, at once
    failing = forked.start(lambda: 1 / 0, forked.WORTH_FORKING)
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        failing.result()


def test_catalog_rendered_on_two_cores_equals_one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every entry's HTML, LaTeX, text and page data are the same whichever process rendered it."""
    bib = parse_bib(synth.generate(400, 5))
    serial = build_catalog(bib)
    monkeypatch.setattr(forked, "WORTH_FORKING", 10)
    parallel = build_catalog(bib)
    assert [(e.key, e.html, e.latex, e.text, e.record) for e in parallel.entries] == [
        (e.key, e.html, e.latex, e.text, e.record) for e in serial.entries
    ]
