"""The fast entry parser gives exactly what pybtex's parser gives, on every corpus the project has."""

from __future__ import annotations

from pathlib import Path

import pybtex.errors
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser, month_names
from pybtex.utils import CaseInsensitiveDict

from bench import synth
from ext.reader.bibfile import Bibliography, parse_bib, read_bib
from ext.reader.entryparse import parse_entry

from conftest import REPO, SEED_BIB

CORPORA = sorted(
    [
        SEED_BIB,
        REPO / "sparsity.bib",
        *(REPO / "tests" / "corpus").glob("*.bib"),
        *(REPO / "tests" / "roots").glob("*/*.bib"),
    ]
)
SYNTHETIC = [(3000, 1), (3000, 7)]


def shape(entry: Entry) -> tuple:
    """Everything a reader of an entry can see: type as written, key, fields and persons in order."""
    persons = [
        (
            role,
            [(p.first_names, p.middle_names, p.prelast_names, p.last_names, p.lineage_names) for p in people],
        )
        for role, people in entry.persons.items()
    ]
    return (entry.type, entry.original_type, entry.key, list(entry.fields.items()), persons)


def whole(bib: Bibliography) -> tuple:
    return (
        [shape(entry) for entry in bib.entries],
        bib.sources,
        bib.locations,
        [(p.line, p.key, p.kind, p.message) for p in bib.problems],
        list(bib.data.preamble_list),
    )


def pybtex_entry(text: str, macros: dict[str, str] | None = None) -> tuple[Entry | None, list]:
    """What pybtex's own parser makes of one entry, and the problems it reports."""
    parser = Parser(encoding="utf-8")
    parser.macros.update(macros or {})
    parser.data = BibliographyData()
    with pybtex.errors.capture() as errors:
        parser.parse_string(text)
    entries = list(parser.data.entries.values())
    return (entries[0] if entries else None), list(errors)


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: str(p.relative_to(REPO)))
def test_same_bibliography_as_pybtex_on_every_corpus(path: Path) -> None:
    """Reading a corpus with the fast parser gives the entries, sources and problems of pybtex alone."""
    assert whole(read_bib(path)) == whole(read_bib(path, fast=False))


@pytest.mark.parametrize(("size", "seed"), SYNTHETIC)
def test_same_bibliography_as_pybtex_on_synthetic_corpora(size: int, seed: int) -> None:
    """Synthetic libraries shaped like the real one (accents, particles, braces) read identically."""
    text = synth.generate(size, seed)
    assert whole(parse_bib(text)) == whole(parse_bib(text, fast=False))


def test_the_fast_path_reads_the_real_list() -> None:
    """Every entry of the seed and of a synthetic library takes the fast path (no silent fallback)."""
    for text in (SEED_BIB.read_text(encoding="utf-8"), synth.generate(2000, 3)):
        sources = parse_bib(text).sources
        assert [key for key, source in sources.items() if parse_entry(source, MONTHS) is None] == []


MONTHS = CaseInsensitiveDict(month_names)  # as the reader passes them

# --- generated entries: well formed, then damaged -------------------------------------------------
names = st.sampled_from(
    [
        "Song Han",
        "van der Maaten, Laurens",
        "Dollár, Piotr",
        "{Google Brain}",
        "others",
        "de la Vallée Poussin, Charles Jean",
        "Jr, Sammy",
        "A. B. C. Last",
        "{\\'E}mile Zola",
    ]
)
plain_text = st.text(alphabet=st.sampled_from(list("ab Z09.,:;-–\\'`~$^_é\n\t\u00a0")), max_size=12)
braced = st.recursive(
    plain_text, lambda inner: st.builds(lambda a, b, c: f"{a}{{{b}}}{c}", inner, inner, inner), max_leaves=4
)
part = st.one_of(
    braced.map(lambda t: "{" + t + "}"),
    braced.map(lambda t: '"' + t.replace('"', "") + '"'),
    st.integers(0, 3000).map(str),
    st.sampled_from(["jan", "DEC", "feb", "undefinedmacro"]),
)
value = st.lists(part, min_size=1, max_size=3).map(lambda parts: " # ".join(parts))
people_value = st.lists(names, min_size=1, max_size=4).map(lambda ns: "{" + " and ".join(ns) + "}")
field = st.one_of(
    st.tuples(st.sampled_from(["title", "Title", "year", "journal", "note", "url", "x-y.z"]), value),
    st.tuples(st.sampled_from(["author", "Editor", "AUTHOR"]), people_value),
)
space = st.sampled_from(["", " ", "\n  ", "\t", "\u2003"])


@st.composite
def entries(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["article", "InProceedings", "misc", "book", "online"]))
    key = draw(st.sampled_from(["han2016", "Frankle:2019", "k/1", "a.b-c_d"]))
    fields = draw(st.lists(field, max_size=6))
    s = draw(space)
    body = f",{s}".join(f"{name}{draw(space)}={draw(space)}{val}" for name, val in fields)
    trailing = draw(st.sampled_from(["", ",", ",\n", ",,"]))
    return f"@{kind}{s}{{{key},{s}{body}{trailing}{draw(space)}}}"


@st.composite
def damaged(draw: st.DrawFn) -> str:
    text = draw(entries())
    at = draw(st.integers(1, len(text) - 1))
    cut = draw(st.sampled_from(["", "{", "}", '"', "#", "=", ",", "@", " x "]))
    return text[:at] + cut + text[at + draw(st.integers(0, 2)) :]


def check(text: str) -> Entry | None:
    fast = parse_entry(text, MONTHS)
    if fast is not None:
        reference, errors = pybtex_entry(text)
        assert errors == [] and reference is not None
        assert shape(fast) == shape(reference)
    return fast


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(entries())
def test_generated_entries_read_as_pybtex_reads_them(text: str) -> None:
    """A well-formed entry is read by the fast path unless pybtex has something to report."""
    fast = check(text)
    if fast is None:
        _, errors = pybtex_entry(text)
        assert errors, f"the fast path gave up on an entry pybtex reads cleanly: {text!r}"


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(damaged())
def test_damaged_entries_are_left_to_pybtex_or_read_the_same(text: str) -> None:
    """A damaged entry is either read exactly as pybtex reads it or handed to pybtex to report."""
    check(text)
