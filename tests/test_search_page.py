"""The page's search in real headless Chromium, judged against the bib (never against the page).

What is relevant to a probe is worked out here from the bib's fields with plain regular
expressions over each entry's own text, independently of ext.site.searchindex; the page must show
what is relevant (recall) and little else (precision), best matches first.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from pagesite import BIB, expected, settle, shown_order, visible_keys

from ext.reader.fields import Fields, arxiv_id

pytestmark = pytest.mark.browser

ENTRIES = {entry.key: entry for entry in BIB.entries}
SPELLED = str.maketrans({"ø": "o", "ł": "l", "æ": "ae", "ß": "ss", "đ": "d"})


def plain(text: str) -> str:
    """Lower case, accents and ø ł æ ß đ spelled out (a reader's keyboard)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(SPELLED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def names(f: Fields) -> str:
    return plain(" ".join(name.search_text() for name in [*f.authors[0], *f.editors[0]]))


def text(f: Fields, *names_of_fields: str) -> str:
    return plain(" ".join(str(f.text(name) or "") for name in names_of_fields))


def search(page, query: str) -> list[str]:
    settle(page, lambda: page.fill("#pf-q", query))
    return shown_order(page)


def precision(shown: list[str], relevant: set[str]) -> float:
    return len(set(shown) & relevant) / len(shown) if shown else 0.0


def test_short_names_match_whole_words(page, site) -> None:
    """ "Han", "Li" and "BERT" show what holds them as a word (precision ≥ 0.9, recall 1), not "Zhang", "enhance" or "Robert"."""
    page.goto(f"{site}/papers.html")
    han = expected(lambda f: re.search(r"\bhan\b", names(f) + " " + text(f, "title")))
    li = expected(lambda f: re.search(r"\bli\b", names(f) + " " + text(f, "title")))
    bert = expected(lambda f: re.search(r"\bbert", text(f, "title", "abstract", "keywords")))
    for query, relevant in (("Han", han), ("Li", li), ("BERT", bert)):
        shown = search(page, query)
        assert relevant and relevant <= set(shown), query
        assert precision(shown, relevant) >= 0.9, (query, sorted(set(shown) - relevant))
    assert not set(search(page, "Han")) & expected(lambda f: "zhang" in names(f) and " han" not in names(f))


def test_recall_probes_find_what_readers_type(page, site) -> None:
    """arXiv ids in any form, plurals, a typo, ø, the authors after the seventh and a year all find their entries."""
    page.goto(f"{site}/papers.html")
    frankle = expected(lambda f: arxiv_id(f) == "1803.03635")
    assert frankle
    for query in ("arXiv:1803.03635", "https://arxiv.org/abs/1803.03635v3", "arxiv.org/pdf/1803.03635v1.pdf"):
        assert set(search(page, query)) == frankle, query
    lottery = expected(lambda f: re.search(r"\blottery tickets?\b", text(f, "title", "abstract", "keywords")))
    assert len(lottery) > 6 and lottery <= set(search(page, "lottery tickets"))
    pruning = expected(lambda f: re.search(r"\bpruning\b", text(f, "title", "abstract", "keywords")))
    assert len(pruning) > 50 and pruning <= set(search(page, "prunning"))
    assert "“pruning”" in page.inner_text("#pf-empty")  # the page says what it searched for instead
    lepsoy = expected(lambda f: "lepsoy" in names(f))
    assert lepsoy and set(search(page, "Lepsoy")) == lepsoy
    dally = expected(lambda f: re.search(r"\bdally\b", names(f)))
    late = {f.entry.key for f in map(Fields, BIB.entries) if "Dally" in [n.family for n in f.authors[0][7:]]}
    assert late and late <= dally and set(search(page, "Dally")) == dally


def test_a_year_does_not_match_keys(page, site) -> None:
    """ "2019" shows the entries of 2019 (and those that mention it), never one only because its key holds it."""
    page.goto(f"{site}/papers.html")
    shown = set(search(page, "2019"))
    of_2019 = expected(lambda f: f.year == "2019")
    assert of_2019 <= shown
    only_key = expected(lambda f: "2019" in f.entry.key and f.year != "2019")
    mentions = expected(
        lambda f: re.search(r"\b2019", text(f, "abstract", "note", "journal", "booktitle", "url"))
    )
    assert only_key - mentions and not shown & (only_key - mentions)


def test_results_are_ranked(page, site) -> None:
    """With a search, title and author matches come first, list order breaks ties; without one, list order."""
    page.goto(f"{site}/papers.html")
    in_list = shown_order(page)
    shown = search(page, "lottery")
    in_title = [key for key in shown if "lottery" in text(Fields(ENTRIES[key]), "title")]
    assert shown[: len(in_title)] == in_title and len(in_title) < len(shown)
    assert in_title == [key for key in in_list if key in set(in_title)]  # ties: list order
    settle(page, lambda: page.fill("#pf-q", ""))
    assert shown_order(page) == in_list and visible_keys(page) == set(in_list)
