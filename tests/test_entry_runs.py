"""The entry text made straight to strings (ext.style.entry) is byte for byte the pybtex style's.

Every .bib the project has (the corpora, the test data, the test roots' files, the golden
fixtures) and generated entries full of markup are rendered twice: through the pybtex rich
text of ``ext.style.chicago`` (the style sphinxcontrib-bibtex uses) and through the runs of
``ext.style.entry`` (the page, the PDF and the README); HTML, LaTeX, Markdown and plain text must
be the same, for the entry at its place in the list and with its author list printed in full.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ext import style
from ext.reader.bibfile import parse_bib, read_bib
from ext.reader.fields import CSL_TYPES, Fields
from ext.site.latexbackend import LatexBackend
from ext.style.backends import HtmlBackend, TextBackend
from ext.style.chicago import format_contributors, format_entry_text, format_title
from ext.style.entry import full_entry, placed_entry, title_runs
from ext.style.markdown import MarkdownBackend
from ext.style.ordering import Placement, contributors_or_dash
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


def differences(fields: Fields, placement: Placement) -> list[str]:
    """Where the two formatters disagree on one entry (nothing, when they agree)."""
    found = []
    old_placed = format_entry_text(fields, contributors_or_dash(fields, placement), placement.year_label)
    old_full = format_entry_text(fields, format_contributors(fields), placement.year_label)
    new_placed = placed_entry(fields, placement.year_label, placement.repeats_authors)
    new_full = full_entry(fields, placement.year_label)
    for old, new in ((old_placed, new_placed), (old_full, new_full)):
        outputs = zip([old.render(backend) for backend in BACKENDS], render_all(new, BACKENDS), strict=True)
        for backend, (want, got) in zip(BACKENDS, outputs, strict=True):
            if want != got:
                found.append(f"{fields.entry.key} {type(backend).__name__}: {want!r} != {got!r}")
        if str(old) != plain(new):
            found.append(f"{fields.entry.key} plain: {str(old)!r} != {plain(new)!r}")
    if str(format_title(fields) or "") != plain(title_runs(fields) or ()):
        found.append(f"{fields.entry.key} title")
    return found


@pytest.mark.parametrize("path", BIBS, ids=lambda path: str(path.relative_to(REPO / "tests")))
def test_every_bib_of_the_project_renders_as_the_pybtex_style(path: Path) -> None:
    """Every entry of every .bib in the project prints the same in every output through both formatters."""
    found = [
        problem
        for fields, placement in style.placed(read_bib(path).entries)
        for problem in differences(fields, placement)
    ]
    assert found == []


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
    """Entries full of markup, quotes, punctuation and odd names print the same through both formatters."""
    bib = parse_bib(text)
    found = [
        problem
        for fields, placement in style.placed(bib.entries)
        for problem in differences(fields, placement)
    ]
    assert found == []


def test_one_backend_renders_as_all_at_once() -> None:
    """Rendering for one backend gives what rendering for all of them at once gives for it."""
    [(fields, placement)] = style.placed(
        parse_bib("@book{k, author={A, B}, title={\\emph{X} $y$}, year=2020}").entries
    )
    runs = placed_entry(fields, placement.year_label, placement.repeats_authors)
    assert [render(runs, backend) for backend in BACKENDS] == render_all(runs, BACKENDS)
