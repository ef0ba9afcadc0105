"""Packed sort keys sort exactly as the sort keys do."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ext.reader.bibfile import read_bib
from ext.reader.fields import Fields
from ext.style.ordering import sort_key
from ext.style.sortbytes import packed

from conftest import REPO, SEED_BIB

#: strings that stress the encoding: empty, NUL inside and at the end, prefixes, high code points
TEXT = st.text(
    alphabet=st.sampled_from(["\x00", "\x01", "a", "b", "é", "\uffff", "😀", "\udc80"]), max_size=4
)
NUMBER = st.integers(min_value=0, max_value=(1 << 64) - 1)
#: keys shaped like sort_key's: (who, (tag, year, month), year, title), items of one kind at a place
KEY = st.tuples(
    st.lists(st.lists(TEXT, min_size=1, max_size=3).map(tuple), max_size=3).map(tuple),
    st.tuples(NUMBER, NUMBER, NUMBER),
    TEXT,
    st.lists(TEXT, max_size=3).map(tuple),
)


def _sign(a: object, b: object) -> int:
    return (a > b) - (a < b)  # type: ignore[operator]


@settings(max_examples=2000, deadline=None)
@given(KEY, KEY)
def test_packed_keys_compare_as_the_keys(a: tuple, b: tuple) -> None:
    """Two packed keys compare (less, equal, greater) exactly as the two keys do."""
    assert _sign(packed(a), packed(b)) == _sign(a, b)


def test_real_sort_keys_sort_the_same_packed() -> None:
    """The sort keys of every corpus the project has give the same order packed, ties included."""
    entries = [
        entry
        for path in [SEED_BIB, *sorted(Path(REPO / "tests" / "corpus").glob("*.bib"))]
        for entry in read_bib(path).entries
    ]
    keys = [sort_key(Fields(entry)) for entry in entries]
    order = sorted(range(len(keys)), key=lambda i: keys[i])
    assert sorted(range(len(keys)), key=lambda i: packed(keys[i])) == order
    assert len({packed(key) for key in keys}) == len(set(keys))


def test_what_no_sort_key_holds_is_refused() -> None:
    """A negative or too large number, a float or a bool is a TypeError, not a wrong order."""
    for bad in (-1, 1 << 64, 1.5, True, None):
        with pytest.raises(TypeError, match="sort key"):
            packed(("a", bad))
