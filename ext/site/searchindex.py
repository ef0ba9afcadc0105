"""The page's search index, made at build time (pure).

Each entry contributes words in three weights: 3 for its title and every
author and editor (all of them, not only those the citation prints), 2 for
its venue and the venue's short names (:mod:`ext.site.venues`), 1 for the rest
(the citation as printed, year, abstract, topics, collections, DOI, arXiv id,
citation key). Words are folded (lower case, accents and the letters NFKD
keeps whole, such as ø, ł, æ, ß, đ, spelled out) and light-stemmed (English
plurals), the same way ``papers-search.js`` folds a query, so "Lepsoy" finds
"Lepsøy" and "tickets" finds "ticket". Hyphenated and dotted words are also
indexed written together ("pretrained"); the DOI, the arXiv id and the key
are indexed whole (``1803.03635``, ``2019-frankle``), never as their parts,
so "2019" does not find every key that holds it.

The index (:func:`build_index`) is the sorted vocabulary and, per word, the
entries holding it with their weight: the page finds the words a query token
starts with by binary search, so a keystroke costs the same at 20 000 entries
as at 452 (no scan of every entry's text).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

#: letters NFKD does not decompose, spelled the way readers type them (as papers-search.js)
_LETTERS = str.maketrans(
    {"ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ħ": "h"}
)
_WORD = re.compile(r"[^\W_]+")
#: a word's letters never give back what they matched, and a match starts only where a word does:
#: the same matches as without, in one pass (backtracking into every word made this the index's cost)
_JOINED = re.compile(r"(?<![^\W_])[^\W_]++(?:[-\u2010\u2011'\u2019.][^\W_]++)+")
#: a word, then its weight: 3 title and names, 2 venue, 1 the rest
TITLE, VENUE, OTHER = 3, 2, 1


def fold_reference(text: str) -> str:
    """Lower case, marks removed, ø ł æ ß đ … spelled out: the definition :func:`fold` computes."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).translate(_LETTERS)


class _FoldTable(dict[int, str]):
    """Each character's fold, worked out the first time it is met (a list has a few hundred).

    NFKD decomposes character by character and then reorders only the marks that follow a
    letter (non-zero combining class), which :func:`fold_reference` removes whatever their order:
    so folding each character alone gives the same text. ``str.translate`` then runs in C.
    """

    def __missing__(self, code: int) -> str:
        folded = fold_reference(chr(code))
        if len(self) < _MAX_CACHED:  # bounded, whatever characters a file holds
            self[code] = folded
        return folded


_FOLDS = _FoldTable()


def fold(text: str) -> str:
    """Lower case, marks removed, ø ł æ ß đ … spelled out: both sides of a search.

    The whole text is lower-cased first (a final sigma lower-cases by its context), then each
    character is folded through a table (see :class:`_FoldTable`)."""
    text = text.lower()
    if text.isascii():
        return text
    return text.translate(_FOLDS)


#: each word's stem, once per build: a list repeats its words thousands of times
_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """A light English plural stemmer ("tickets" → "ticket", "lotteries" → "lottery"); words of
    fewer than five letters stay, so "Hans" does not become the name "Han"."""
    return _remembered(_STEMS, word, _stem)


#: how many characters' folds and words' stems are kept (a bound on memory, not on speed)
_MAX_CACHED = 1 << 17


def _remembered(store: dict[str, T], key: str, make: Callable[[str], T]) -> T:
    """*make(key)*, kept in *store* while it holds fewer than :data:`_MAX_CACHED` values."""
    found = store.get(key)
    if found is None:
        found = make(key)
        if len(store) < _MAX_CACHED:
            store[key] = found
    return found


def _stem(word: str) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    if word.endswith("ies") and not word.endswith(("aies", "eies")):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The search words of *text*: folded, stemmed, hyphenated and dotted words also joined."""
    return _words(text)


def _known_words(text: str) -> list[str]:
    """:func:`words` of a name or a venue, kept: a list repeats its authors and venues (the
    caller only reads the list)."""
    return _remembered(_KNOWN_WORDS, text, _words)


_KNOWN_WORDS: dict[str, list[str]] = {}


def _words(text: str) -> list[str]:
    folded = fold(text)
    found = _stemmed(_WORD.findall(folded))
    if _has_joiner(folded):  # most titles and names have none: skip the second scan
        found += _stemmed(["".join(_WORD.findall(joined)) for joined in _JOINED.findall(folded)])
    return found


def _stemmed(found: list[str]) -> list[str]:
    """:func:`stem` of each word, the words met before looked up without a call each."""
    known = _STEMS.get
    return [known(word) or stem(word) for word in found]


_has_joiner = re.compile("[-\u2010\u2011'\u2019.]").search


def entry_words(
    title: str, names: Iterable[str], venue: Iterable[str], other: Iterable[str], whole: Iterable[str]
) -> tuple[str, str, str]:
    """One entry's words by weight (title and names, venue, the rest), each a space-separated string.

    *whole* are identifiers indexed as written (folded): DOI, arXiv id, citation key.
    """
    top = {*_words(title), *(w for name in names for w in _known_words(name))}
    mid = {w for text in venue for w in _known_words(text)} - top
    low = {w for text in other for w in _words(text)} | {fold(ident) for ident in whole if ident}
    return " ".join(sorted(top)), " ".join(sorted(mid)), " ".join(sorted(low - top - mid))


def _utf16(word: str) -> bytes:
    return word.encode("utf-16-be", "surrogatepass")


def build_index(entries: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    """``{"w": vocabulary, "p": postings}``: the words in JavaScript's string order, and per word
    its entries as comma-separated base-36 numbers, each ``(index - previous index) * 4 + weight``."""
    postings: dict[str, list[int]] = {}
    for index, levels in enumerate(entries):
        for weight, text in zip((TITLE, VENUE, OTHER), levels, strict=True):
            code = index * 4 + weight
            for word in text.split():
                found = postings.get(word)
                if found is None:
                    postings[word] = [code]
                else:
                    found.append(code)
    vocabulary = sorted(postings, key=_utf16)
    encoded = []
    numbers = _Base36()
    for word in vocabulary:
        previous = 0  # the previous entry's index * 4
        parts = []
        for code in postings[word]:
            parts.append(numbers[code - previous])  # (index - previous index) * 4 + weight
            previous = code & ~3
        encoded.append(",".join(parts))
    return {"w": vocabulary, "p": encoded}


class _Base36(dict[int, str]):
    """Numbers in base 36, each written once per index (most gaps between entries are small)."""

    def __missing__(self, number: int) -> str:
        written = self[number] = _base36(number)
        return written


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out
