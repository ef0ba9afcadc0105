"""The site's fast paths (search folding, words and index, COinS quoting, pretty JSON, per-entry memos) give what the plain
definitions give."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ext.reader import fields as fields_module
from ext.reader.bibfile import read_bib
from ext.site import exports, searchindex
from ext.site.prettyjson import dumps_indent1
from ext.site.searchindex import fold, fold_reference, words

#: letters, marks, ligatures, compatibility forms, final sigma, dotted I, joiners and blanks
_TRICKY = "AaZz09 -.'\u2019\u2010\u2011_ÉéøØßẞæÆłŁđĐıİΣσςΌﬁﬀ①㎆ǅ\u0301\u0308\u0345\u00a0\u2003Å\u212b한글"
#: text as a .bib file gives it: any character UTF-8 can carry (a lone surrogate cannot be read from one)
texts = st.text(st.one_of(st.sampled_from(_TRICKY), st.characters(codec="utf-8")), max_size=40)


def _words_reference(text: str) -> list[str]:
    """The search words as first written: fold, find words, stem, join hyphenated and dotted words."""
    joined_words = re.compile(r"[^\W_]+(?:[-\u2010\u2011'\u2019.][^\W_]+)+")
    folded = fold_reference(text)
    found = [searchindex._stem(word) for word in re.findall(r"[^\W_]+", folded)]
    found += [
        searchindex._stem("".join(re.findall(r"[^\W_]+", joined))) for joined in joined_words.findall(folded)
    ]
    return found


@settings(max_examples=400)
@given(texts)
@example("Lepsøy ΣΟΦΟΣ İstanbul")
@example("ﬁne-tuned O’Sullivan's l\u0301ottery tickets")
def test_fold_is_its_definition(text: str) -> None:
    """Folding through the per-character table equals NFKD with marks removed over the whole text."""
    assert fold(text) == fold_reference(text)


def test_nfkd_reorders_only_marks() -> None:
    """The table folds character by character, which is exact only while every character that NFKD
    may reorder (non-zero combining class) is a mark: true of this Python's Unicode data."""
    reordered = [
        code
        for code in range(sys.maxunicode + 1)
        if unicodedata.combining(chr(code)) and not unicodedata.category(chr(code)).startswith("M")
    ]
    assert reordered == []


@settings(max_examples=400)
@given(texts)
@example("Pre-trained BERT v1.2 lotteries' tickets")
@example("O\u2019Sullivan")
@example("non\u2010linear re\u2011use")
@example("state-of-the-art e.g. U.S. a.b.c. 1.2.3-beta rock'n'roll _x-y_ z.")
def test_words_are_their_definition(text: str) -> None:
    """Search words, cached or not, are those of the plain definition, in the same order."""
    assert words(text) == _words_reference(text)
    assert searchindex._known_words(text) == _words_reference(text)
    assert searchindex._known_words(text) == _words_reference(text)  # the second time kept


def test_entry_words_are_their_definition() -> None:
    """An entry's words by weight, with its names' and venue's words kept between entries, are the
    words of the plain definition, however often the same name comes back."""
    for _ in range(2):
        top, mid, low = searchindex.entry_words(
            "Lottery Tickets",
            ["Song Han", "Jörg O\u2019Sullivan"],
            ["NeurIPS", "Proc. NIPS"],
            ["pre-trained"],
            ["k"],
        )
        assert top.split() == sorted(
            {*_words_reference("Lottery Tickets"), "song", "han", "jorg", "o", "sullivan", "osullivan"}
        )
        assert mid.split() == ["neurip", "nips", "proc"]
        assert low.split() == ["k", "pre", "pretrained", "trained"]


@settings(max_examples=400)
@given(texts, texts)
@example("rft.au", "Lepsøy, Jan & Co+ 100% <b>")
@example("", "\ud800")
def test_coins_quoting_is_urlencode(name: str, value: str) -> None:
    """A COinS pair is quoted exactly as ``urlencode(..., safe=":/,")`` quotes it (and text that is not
    valid Unicode, a lone surrogate, is refused by both alike)."""
    try:
        expected = urlencode([(name, value)], safe=":/,")
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            f"{exports._quote(name)}={exports._quote(value)}"
        return
    assert f"{exports._quote(name)}={exports._quote(value)}" == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(texts, inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)
        | st.tuples(inner, inner)
    ),
    max_leaves=20,
)


@settings(max_examples=400)
@given(json_values)
@example(
    {"author": [{"family": "Lepsøy", "given": "Jan"}], "issued": {"date-parts": [[2019]]}, "x": {}, "y": []}
)
def test_pretty_json_is_json_dumps(value: object) -> None:
    """The published CSL-JSON is laid out exactly as ``json.dumps(..., ensure_ascii=False, indent=1)``."""
    assert dumps_indent1(value) == json.dumps(value, ensure_ascii=False, indent=1)


def _index_reference(entries: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    """The search index as first written: postings per word, then each gap and weight in base 36."""
    postings: dict[str, list[int]] = {}
    for index, levels in enumerate(entries):
        for weight, text in zip((3, 2, 1), levels, strict=True):
            for word in text.split():
                postings.setdefault(word, []).append(index * 4 + weight)
    vocabulary = sorted(postings, key=lambda word: word.encode("utf-16-be", "surrogatepass"))
    encoded = []
    for word in vocabulary:
        previous, parts = 0, []
        for code in postings[word]:
            index = code >> 2
            parts.append(searchindex._base36((index - previous) * 4 + (code & 3)))
            previous = index
        encoded.append(",".join(parts))
    return {"w": vocabulary, "p": encoded}


words_of_entry = st.lists(st.sampled_from(["han", "song", "prune", "2019", "a", "ø", "𝔸", "zz"]), max_size=5)
index_entries = st.lists(
    st.tuples(words_of_entry, words_of_entry, words_of_entry).map(lambda t: tuple(" ".join(w) for w in t)),
    max_size=60,
)


@settings(max_examples=300)
@given(index_entries)
def test_search_index_is_its_definition(entries: list[tuple[str, str, str]]) -> None:
    """The page's word index (vocabulary in JavaScript order, gaps and weights in base 36) is the
    one of the plain definition."""
    assert searchindex.build_index(entries) == _index_reference(entries)


def test_search_index_spans_large_gaps() -> None:
    """Gaps of thousands of entries are written in several base-36 digits."""
    entries = [("", "", "")] * 5000 + [("han", "", "")] * 2
    assert searchindex.build_index(entries) == _index_reference(entries)


def test_link_and_arxiv_id_are_kept_per_entry() -> None:
    """An entry's link and arXiv id are computed once per entry, and are what their definitions give."""
    here = Path(__file__).parent
    corpus = [*sorted((here / "corpus").glob("*.bib")), here / "data" / "seed.bib"]
    bib = read_bib(corpus)
    calls: list[str] = []
    plain_link = fields_module._access_link

    def counted(fields: fields_module.Fields) -> str | None:
        calls.append(fields.entry.key)
        return plain_link(fields)

    for entry in bib.entries:
        this = fields_module.Fields(entry)
        assert fields_module.arxiv_id(this) == fields_module._arxiv_id(this)
        assert this.derived(counted) == this.derived(counted) == plain_link(fields_module.Fields(entry))
    assert len(calls) == len(bib.entries) > 400
