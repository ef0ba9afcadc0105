"""The pybtex style sphinxcontrib-bibtex uses prints byte for byte what the page prints.

The layout exists once, as runs (ext.style.entry); the pybtex ``sparsity`` style hands the same
runs to pybtex as rich text (ext.style.runs.to_rich). Every .bib the project has (the corpora,
the test data, the test roots' files, the golden fixtures) and generated entries full of markup
are printed both ways: HTML, LaTeX, Markdown and plain text must be the same, entry by entry, with
the placements (year suffixes, ``———``) the style works out while labelling.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ext import style
from ext.reader.bibfile import parse_bib, read_bib
from ext.reader.fields import CSL_TYPES
from ext.site.latexbackend import LatexBackend
from ext.style.backends import HtmlBackend, TextBackend
from ext.style.entry import placed_entry
from ext.style.markdown import MarkdownBackend
from ext.style.runs import plain, render, render_all

from conftest import REPO

BIBS = sorted(
    [
        *(REPO / "tests" / "corpus").glob("*.bib"),
        *(REPO / "tests" / "data").glob("*.bib"),
        *(REPO / "tests" / "roots").glob("*/*.bib"),
        *(REPO / "tests" / "golden").glob("*.bib"),
    ]
)
BACKENDS = (HtmlBackend(), LatexBackend(), MarkdownBackend(), TextBackend())


def differences(entries: dict) -> list[str]:
    """Where the pybtex style (as sphinxcontrib-bibtex calls it) and the runs disagree (nothing, when
    they agree)."""
    found = []
    style.register()
    printed = {
        formatted.key: formatted.text for formatted in style.SparsityStyle().format_entries(entries.values())
    }
    for fields, placement in style.placed(entries.values()):
        old = printed[fields.entry.key]
        new = placed_entry(fields, placement.year_label, placement.repeats_authors)
        outputs = zip([old.render(backend) for backend in BACKENDS], render_all(new, BACKENDS), strict=True)
        for backend, (want, got) in zip(BACKENDS, outputs, strict=True):
            if want != got:
                found.append(f"{fields.entry.key} {type(backend).__name__}: {want!r} != {got!r}")
        if str(old) != plain(new):
            found.append(f"{fields.entry.key} plain: {str(old)!r} != {plain(new)!r}")
    return found


@pytest.mark.parametrize("path", BIBS, ids=lambda path: str(path.relative_to(REPO / "tests")))
def test_every_bib_of_the_project_renders_as_the_pybtex_style(path: Path) -> None:
    """Every entry of every .bib in the project prints the same in every output through the pybtex
    style and through the runs."""
    assert differences(read_bib(path).data.entries) == []


_WORDS = st.sampled_from(
    ["Deep", "learning", "of", "the", "a", "via", "ImageNet", "BERT", "x", "é", "ß", "1", "42", "n.d."]
)
_MARKS = st.sampled_from(
    [
        *list(".,:;?!-/ "),
        "--",
        "---",
        "``",
        "''",
        "`",
        "'",
        "“",
        "”",
        "’",
        "~",
        "&",
        "&amp;",
        "&#1;",
        "<i>",
        "*",
        "_",
        "#",
        "[",
        "]",
        "|",
        "\\&",
        "\\%",
        "\\$",
        "\\_",
        '\\"o',
        "\\'e",
        "\\ss{}",
        "\\relax",
    ]
)
_ATOM = st.one_of(
    _WORDS, _MARKS, st.sampled_from(["$x_2$", "$K_n$", "$\\alpha$", "$a!$", "\\url{http://a.org/(b)}"])
)
_VALUE = st.recursive(
    st.lists(_ATOM, min_size=1, max_size=5).map("".join),
    lambda inner: st.one_of(
        st.builds(
            lambda cmd, a, b: f"{a}{cmd}{{{b}}}",
            st.sampled_from(
                [
                    "",
                    "\\emph",
                    "\\textbf",
                    "\\textsc",
                    "\\texttt",
                    "\\textsuperscript",
                    "\\textsubscript",
                    "\\mkbibquote",
                    "\\unknownmacro",
                    "\\NoCaseChange",
                ]
            ),
            inner,
            inner,
        ),
        st.builds(lambda a, b: a + b, inner, inner),
    ),
    max_leaves=6,
)
_TEXT_FIELDS = (
    "title subtitle titleaddon booktitle journal journaltitle series volume number issue pages publisher "
    "organization institution school address location howpublished edition type chapter volumes note"
).split()
_FIELD = st.one_of(
    st.tuples(st.sampled_from(_TEXT_FIELDS), _VALUE),
    st.tuples(st.just("year"), st.sampled_from(["2019", "2020", "1885/1888", "n.d."])),
    st.tuples(st.just("month"), st.sampled_from(["jan", "5", "May", "xx"])),
    st.tuples(st.just("date"), st.sampled_from(["2019-04-25", "2020-02"])),
    st.tuples(
        st.sampled_from(["doi", "url", "eprint"]),
        st.sampled_from(["10.1/x(1)", "http://a.org/p?q=1&r", "1803.03635"]),
    ),
    st.tuples(
        st.sampled_from(["langid", "editortype", "pubstate", "series"]),
        st.sampled_from(["german", "english", "compiler", "forthcoming", "newseries", "3"]),
    ),
    st.tuples(st.sampled_from(["type"]), st.sampled_from(["phdthesis", "patentus", "techreport", "Section"])),
)
_NAMES = st.lists(
    st.sampled_from(
        [
            "Han, Song",
            "Song Han",
            "{Google Brain}",
            "van der Maaten, L.",
            "others",
            'M{\\"u}ller, A.',
            "Daum{\\'e}, III, Hal",
            "\\emph{Odd} Name",
        ]
    ),
    min_size=1,
    max_size=12,
).map(" and ".join)
_PEOPLE = st.tuples(st.sampled_from(["author", "editor", "translator", "bookauthor"]), _NAMES)


@st.composite
def bibliographies(draw: st.DrawFn) -> str:
    """Two to four entries, often by the same people (for ``———`` and 2019a/b)."""
    people = draw(st.lists(_PEOPLE, max_size=2))
    entries = []
    for number in range(draw(st.integers(2, 4))):
        kind = draw(st.sampled_from(sorted(CSL_TYPES)))
        fields = dict(draw(st.lists(_FIELD, max_size=9)))
        if draw(st.booleans()):
            fields["title"] = draw(_VALUE) + draw(
                st.sampled_from(["", "!", "?", ".", "\u201d", "!\u201d", "&amp"])
            )
        fields.update(people if draw(st.booleans()) else draw(st.lists(_PEOPLE, max_size=2)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        entries.append(f"@{kind}{{k{number},\n{body}\n}}\n")
    return "\n".join(entries)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(bibliographies())
def test_generated_entries_render_as_the_pybtex_style(text: str) -> None:
    """Entries full of markup, quotes, punctuation and odd names print the same through the pybtex
    style and through the runs."""
    assert differences(parse_bib(text).data.entries) == []


def test_one_backend_renders_as_all_at_once() -> None:
    """Rendering for one backend gives what rendering for all of them at once gives for it."""
    [(fields, placement)] = style.placed(
        parse_bib("@book{k, author={A, B}, title={\\emph{X} $y$}, year=2020}").entries
    )
    runs = placed_entry(fields, placement.year_label, placement.repeats_authors)
    assert [render(runs, backend) for backend in BACKENDS] == render_all(runs, BACKENDS)
