"""Inheritance and diagnostics once every file is read (:mod:`ext.reader.resolve`)."""

from __future__ import annotations

import pytest
from test_entryparse import CORPORA

from bench import synth
from ext.reader import resolve
from ext.reader.bibfile import parse_bib
from ext.reader.bibtext import decode_bib

#: Files where a command reaches an entry whose own text has none: by @string, @preamble, crossref,
#: xdata; and one in a name.
BROUGHT_IN = [
    '@string{j = "\\foo Journal"}\n@article{a, title = {T}, journal = j}\n',
    '@preamble{"\\newcommand{\\noopsort}[1]{}"}\n@article{a, title = {\\noopsort{1}T \\bar}}\n'
    "@article{b, title = {Plain}, note = {\\noopsort{2}}}\n",
    "@proceedings{p, title = {\\baz Proceedings}}\n@inproceedings{c, crossref = {p}, title = {Plain}}\n",
    "@xdata{x, publisher = {\\qux Press}}\n@book{d, xdata = {x}, title = {Plain}}\n",
    "@article{e, author = {\\Zed, Ann}, title = {Plain}}\n",
]


def test_passing_over_entries_without_a_backslash_reports_what_reading_every_field_reports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The unknown macros found when the entries whose text has no backslash are passed over are
    those found reading every field of every entry, on every corpus and where a command is brought in."""
    texts = [*BROUGHT_IN, synth.generate(300, seed=5, rich=True)]
    texts += [decode_bib(path.read_bytes(), "")[0] for path in CORPORA]
    original = resolve.report_unknown_macros
    for text in texts:
        passing_over = parse_bib(text, "t.bib").problems
        monkeypatch.setattr(resolve, "report_unknown_macros", lambda bib, made=None: original(bib))
        reading_all = parse_bib(text, "t.bib").problems
        monkeypatch.undo()
        assert passing_over == reading_all
        if text in BROUGHT_IN:
            assert [problem.kind for problem in passing_over].count("unknown_macro") == 1, text
