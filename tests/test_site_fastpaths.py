"""The site's fast paths (search folding and words, COinS quoting) give what the plain definitions give."""

from __future__ import annotations

import re
import sys
import unicodedata
from urllib.parse import urlencode

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ext.site import exports, searchindex
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
def test_words_are_their_definition(text: str) -> None:
    """Search words, cached or not, are those of the plain definition, in the same order."""
    assert words(text) == _words_reference(text)
    assert words(text) == _words_reference(text)  # the second time from the cache
    assert words(text * 20) == _words_reference(text * 20)  # a long text is never cached


def test_cached_words_are_not_shared() -> None:
    """A caller changing the list it got does not change what the next caller gets."""
    first = words("Song Han")
    first.append("changed")
    assert words("Song Han") == ["song", "han"]


@settings(max_examples=400)
@given(texts, texts)
@example("rft.au", "Lepsøy, Jan & Co+ 100% <b>")
def test_coins_quoting_is_urlencode(name: str, value: str) -> None:
    """A COinS pair is quoted exactly as ``urlencode(..., safe=":/,")`` quotes it."""
    assert f"{exports._quote(name)}={exports._quote(value)}" == urlencode([(name, value)], safe=":/,")
