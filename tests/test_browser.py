"""The papers page in real headless Chromium: search, facets, sort, URL state, downloads, copy buttons, safety.

The site is built from the frozen bibliography (see tests/pagesite.py); every expected set is worked
out from that bib, never from the page itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pagesite import (
    BIB,
    COUNT_UPDATES,
    TOTAL,
    build_html,
    expected,
    serve,
    settle,
    shown_order,
    visible_keys,
)

from ext.reader.bibfile import read_bib
from ext.reader.fields import Fields, arxiv_id
from ext.reader.urls import bare_doi
from ext.site import records
from ext.site.catalog import build_catalog
from ext.site.facets import topics_of, words
from ext.site.searchindex import stem

from conftest import REPO, SEED_BIB

pytestmark = pytest.mark.browser

#: each entry's citation as the page prints it (with the names where the list prints "———")
CITATIONS = {rendered.key: rendered.record[records.CITATION] for rendered in build_catalog(BIB).entries}


def haystack(fields: Fields) -> str:
    """What a reader may search, as words: the citation shown, every name, abstract, DOI, arXiv id and
    keywords (the key is matched only as a whole, see :func:`test_probe_queries_find_what_readers_type`)."""
    parts = [
        CITATIONS[fields.entry.key],
        *(name.search_text() for name in [*fields.authors[0], *fields.editors[0]]),
        str(fields.text("abstract") or ""),
        bare_doi(fields.raw("doi") or ""),
        arxiv_id(fields) or "",
        " ".join(topics_of(fields)),
    ]
    return f" {words(' '.join(parts))} "


def venue(fields: Fields) -> str:
    return words(str(fields.text("journal") or fields.text("booktitle") or ""))


def abstract_only_word() -> tuple[str, set[str]]:
    """A word that only abstracts hold, and the entries whose abstract holds it."""

    def abstract(f: Fields) -> str:
        return f" {words(str(f.text('abstract') or ''))} "

    others = " ".join(haystack(Fields(e)).replace(abstract(Fields(e)).strip(), " ") for e in BIB.entries)
    for entry in BIB.entries:
        for word in abstract(Fields(entry)).split():
            if len(word) >= 7 and word.isalpha() and stem(word) == word and word not in others:
                return word, expected(lambda f, word=word: f" {word}" in haystack(f))
    raise AssertionError("no abstract-only word in the seed bib")


def search(page, query: str) -> set[str]:
    settle(page, lambda: page.fill("#pf-q", query))
    return visible_keys(page)


def test_typing_shows_exactly_the_matching_entries(page, site) -> None:
    """Typing a word (then two) shows exactly the entries whose searchable fields hold them."""
    page.goto(f"{site}/papers.html")
    want = expected(lambda f: " pruning" in haystack(f))
    assert search(page, "pruning") == want and len(want) > 50
    assert page.inner_text("#pf-count") == f"Showing {len(want)} of {TOTAL}"
    got = search(page, "Lottery 2020")
    assert got == expected(lambda f: "lottery" in haystack(f) and "2020" in haystack(f)) and got


def test_probe_queries_find_what_readers_type(page, site) -> None:
    """Punctuation, quoted phrases, hyphens, DOIs, arXiv ids, keys, abstracts and venue short names all find their entries."""
    page.goto(f"{site}/papers.html")
    frankle_carbin = expected(lambda f: " frankle " in haystack(f) and " carbin " in haystack(f))
    assert "2019-frankle" in frankle_carbin
    assert search(page, "Frankle & Carbin") == frankle_carbin
    assert search(page, "Frankle, Jonathan") == expected(
        lambda f: " frankle " in haystack(f) and " jonathan " in haystack(f)
    )
    assert search(page, '"lottery ticket"') == expected(lambda f: " lottery ticket" in haystack(f))
    bert = expected(lambda f: "pre trained" in words(str(f.text("title") or "")))
    assert bert and search(page, "pre-trained") >= bert and search(page, "pretrained") >= bert
    doi_entry = next(e for e in BIB.entries if (e.fields.get("doi") or "").startswith("10.1109/ISCA.2016"))
    assert search(page, doi_entry.fields["doi"]) == {doi_entry.key}
    assert search(page, "1803.03635") == expected(lambda f: arxiv_id(f) == "1803.03635") != set()
    by_key = expected(lambda f: f.entry.key.startswith("2019-frankle"))
    assert "2019-frankle" in by_key and search(page, "2019-frankle") == by_key
    word, abstract_only = abstract_only_word()
    assert search(page, word) == abstract_only
    neurips = expected(lambda f: "neural information processing systems" in venue(f))
    assert len(neurips) > 20
    assert search(page, "NeurIPS") == neurips | expected(
        lambda f: re.search(r" (neurips|nips) ", haystack(f))
    )
    assert search(page, "nips") >= neurips
    assert page.evaluate("CSS.highlights.get('papers-match')?.size || 0") > 0 or page.wait_for_function(
        "(CSS.highlights.get('papers-match')?.size || 0) > 0"
    )


def test_year_and_topic_filters(page, site) -> None:
    """A year range and a topic narrow the list to exactly the entries that fit."""
    page.goto(f"{site}/papers.html")
    settle(page, lambda: page.fill("#pf-from", "2019"))
    settle(page, lambda: page.fill("#pf-to", "2020"))
    in_years = lambda f: (f.year or "").isdigit() and 2019 <= int(f.year) <= 2020  # noqa: E731
    assert visible_keys(page) == expected(in_years)
    topic = page.eval_on_selector("#pf-topic", "s => [...s.options].find(o => o.value && !o.disabled).value")
    settle(page, lambda: page.select_option("#pf-topic", topic))
    assert visible_keys(page) == expected(
        lambda f: in_years(f) and topic.casefold() in {t.casefold() for t in topics_of(f)}
    )
    settle(page, lambda: page.click("#pf-reset"))
    assert len(visible_keys(page)) == TOTAL


def test_topics_listed_are_used_by_two_entries(page, site) -> None:
    """The Topic menu lists only topics at least two entries share (case merged), each with its count."""
    page.goto(f"{site}/papers.html")
    counts: dict[str, int] = {}
    for entry in BIB.entries:
        for topic in topics_of(Fields(entry)):
            counts[topic.casefold()] = counts.get(topic.casefold(), 0) + 1
    options = page.eval_on_selector_all("#pf-topic option", "os => os.slice(1).map(o => [o.value, o.text])")
    assert {value.casefold() for value, _ in options} == {t for t, n in counts.items() if n >= 2}
    for value, text in options:
        assert text == f"{value} ({counts[value.casefold()]})"


def test_facet_counts_follow_the_other_filters(page, site) -> None:
    """With a search active, each facet option's count equals what choosing it shows; zero options are disabled."""
    page.goto(f"{site}/papers.html?q=lottery")
    page.wait_for_function("window.__updates >= 1")
    for select in ("#pf-type", "#pf-status"):
        options = page.eval_on_selector_all(
            f"{select} option", "os => os.slice(1).map(o => [o.value, o.text, o.disabled])"
        )
        assert any(not disabled for _, _, disabled in options)
        for value, text, disabled in options:
            count = int(re.search(r"\((\d+)\)$", text).group(1))
            assert disabled == (count == 0)
            if count:
                settle(page, lambda select=select, value=value: page.select_option(select, value))
                assert len(visible_keys(page)) == count, (select, value)
        settle(page, lambda select=select: page.select_option(select, ""))


def test_empty_state_helps(page, site) -> None:
    """No match says why and offers to remove each filter; From after To offers to swap the years."""
    page.goto(f"{site}/papers.html")
    settle(page, lambda: page.select_option("#pf-type", "Book"))
    search(page, "lottery")
    assert visible_keys(page) == set() and page.is_visible("#pf-empty")
    assert "search “lottery”" in page.inner_text("#pf-empty")
    settle(page, lambda: page.click("#pf-empty button:has-text('Remove type')"))
    assert visible_keys(page) == expected(lambda f: "lottery" in haystack(f))
    page.goto(f"{site}/papers.html?from=2020&to=2018")
    page.wait_for_function("window.__updates >= 1")
    assert "is after" in page.inner_text("#pf-empty")
    settle(page, lambda: page.click("#pf-empty button:has-text('Swap')"))
    assert page.input_value("#pf-from") == "2018" and visible_keys(page)


def test_url_keeps_the_filter_and_sort(page, site) -> None:
    """The query and sort live in the URL: reloading (or sharing) it restores the same view."""
    page.goto(f"{site}/papers.html")
    search(page, "sparse")
    settle(page, lambda: page.select_option("#pf-type", "Conference paper"))
    settle(page, lambda: page.select_option("#pf-status", "published"))
    settle(page, lambda: page.select_option("#pf-sort", "year-desc"))
    shown = shown_order(page)
    assert re.search(r"\?q=sparse&type=Conference\+paper&status=published&sort=year-desc$", page.url)
    page.goto(page.url)
    page.wait_for_function("window.__updates >= 1")
    assert page.input_value("#pf-q") == "sparse" and page.input_value("#pf-sort") == "year-desc"
    assert shown_order(page) == shown and shown


def test_sorting(page, site) -> None:
    """Year (both ways) and title sorts order the shown entries, with year headings and a year jump bar."""
    page.goto(f"{site}/papers.html")
    year_of = {e.key: int(Fields(e).year) if (Fields(e).year or "").isdigit() else None for e in BIB.entries}
    settle(page, lambda: page.select_option("#pf-sort", "year-desc"))
    years = [year_of[key] for key in shown_order(page)]
    dated = [y for y in years if y is not None]
    assert dated == sorted(dated, reverse=True) and len(years) == TOTAL
    assert page.is_visible("#pf-years") and page.locator(".paper-group:visible").count() == len(
        set(dated)
    ) + (None in years)
    settle(page, lambda: page.select_option("#pf-sort", "year-asc"))
    dated = [year_of[key] for key in shown_order(page) if year_of[key] is not None]
    assert dated == sorted(dated)
    settle(page, lambda: page.select_option("#pf-sort", "title"))
    titles = {e.key: words(str(Fields(e).text("title") or "")) for e in BIB.entries}
    order = [titles[key] for key in shown_order(page)]
    assert order == sorted(order) and not page.is_visible("#pf-years")
    settle(page, lambda: page.select_option("#pf-sort", ""))
    assert page.locator(".paper-dashed:visible").count() > 0  # the list's own order keeps "———"


def test_a_search_names_the_authors_the_list_writes_as_dashes(page, site) -> None:
    """The list writes "———" for the names of the entry above; in a search's view, where that entry
    may be gone, every shown entry prints its names, and the list's own view prints "———" again."""
    page.goto(f"{site}/papers.html")
    dashed = page.locator(".paper-dashed:visible").count()
    assert dashed > 0
    search(page, "pruning")
    assert page.locator(".paper-dashed:visible").count() == 0
    assert page.locator(".paper-full:visible").count() > 0
    search(page, "")
    assert page.locator(".paper-dashed:visible").count() == dashed


def download(page, selector: str) -> str:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_downloads_of_the_view(page, site, tmp_path: Path) -> None:
    """The .bib, RIS and CSL-JSON downloads of a filtered view hold exactly the shown entries."""
    page.goto(f"{site}/papers.html")
    shown = search(page, "lottery")
    assert 0 < len(shown) < TOTAL
    (tmp_path / "view.bib").write_text(download(page, ".pf-dl[data-format=bib]"), encoding="utf-8")
    bib = read_bib(tmp_path / "view.bib")
    assert {e.key for e in bib.entries} == shown and not bib.problems
    assert all(bib.sources[key] == BIB.sources[key] for key in shown)
    ris = download(page, ".pf-dl[data-format=ris]")
    assert set(re.findall(r"^ID  - (.+)$", ris, re.M)) == shown and ris.count("ER  - ") == len(shown)
    csl = json.loads(download(page, ".pf-dl[data-format=csl]"))
    assert {item["id"] for item in csl} == shown and all(item.get("title") for item in csl)


def test_full_list_files_are_published(page, site) -> None:
    """The page links the full bib (published with the site, identical to the source), RIS, CSL-JSON and the feed."""
    page.goto(f"{site}/papers.html")
    hrefs = page.eval_on_selector_all(".pf-file", "as => as.map(a => a.getAttribute('href'))")
    assert hrefs == ["seed.bib", "seed.ris", "seed.json", "seed.atom"]  # no papers_pdf in the project
    response = page.request.get(f"{site}/seed.bib")
    assert response.ok and response.body() == SEED_BIB.read_bytes()
    assert page.request.get(f"{site}/seed.ris").text().count("ER  - ") == TOTAL
    assert len(page.request.get(f"{site}/seed.json").json()) == TOTAL


def test_bibtex_citation_abstract_and_coins(page, site) -> None:
    """An entry shows its BibTeX exactly as in the bib, copies it and its citation, and carries a COinS span."""
    key = "2019-frankle"
    page.goto(f"{site}/papers.html#ref-{key}")
    entry = page.locator(f'.paper[data-key="{key}"]')
    bibtex = entry.locator("button[data-act=bibtex]")
    assert bibtex.get_attribute("aria-label") == "BibTeX of Frankle and Carbin 2019"
    assert bibtex.get_attribute("aria-expanded") == "false"
    bibtex.click()
    assert (
        entry.locator("pre").inner_text() == BIB.sources[key]
        and bibtex.get_attribute("aria-expanded") == "true"
    )
    entry.locator(".paper-copy").click()
    page.wait_for_function(f"document.querySelector('#ref-{key} .paper-copy').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == BIB.sources[key]
    entry.locator("button[data-act=cite]").click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.startsWith('Frankle, Jonathan'))")
    assert "“The Lottery Ticket Hypothesis" in page.evaluate("navigator.clipboard.readText()")
    coins = entry.locator(".Z3988").get_attribute("title")
    assert "rft.au=Frankle,+Jonathan" in coins and coins.startswith("ctx_ver=Z39.88-2004&")
    assert page.locator(".Z3988").count() == TOTAL
    with_abstract = next(e.key for e in BIB.entries if e.fields.get("abstract"))
    page.goto(f"{site}/papers.html#ref-{with_abstract.lower()}")
    page.locator(f'.paper[data-key="{with_abstract}"] button[data-act=abstract]').click()
    shown = page.locator(f'.paper[data-key="{with_abstract}"] .paper-abstract').inner_text()
    assert (
        shown.strip()[:20]
        == str(
            Fields(BIB.entries[[e.key for e in BIB.entries].index(with_abstract)]).text("abstract")
        ).strip()[:20]
    )


@contextmanager
def root_page(browser, root: str, tmp_path: Path) -> Iterator[tuple[object, str]]:
    """A page in a new tab of a test root's site, served on 127.0.0.1 while the block runs."""
    server = serve(build_html(REPO / "tests" / "roots" / root, tmp_path))
    page = browser.new_page()
    page.add_init_script(COUNT_UPDATES)
    try:
        yield page, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        page.close()
        server.shutdown()


def test_hostile_entries_run_no_script(browser, tmp_path: Path) -> None:
    """Markup, attribute breakouts and javascript: links in the bib never execute or become links."""
    with root_page(browser, "test-xss", tmp_path) as (page, base):
        page.goto(f"{base}/index.html")
        for button in page.locator(".paper button[data-act=bibtex], .paper button[data-act=abstract]").all():
            button.click()
        for entry in page.locator(".paper").all():
            entry.hover()
        settle(page, lambda: page.fill("#pf-q", "script"))
        assert page.evaluate("window.__pwned") is None
        assert page.locator('a[href^="javascript:" i]').count() == 0
        handlers = page.evaluate("""[...document.querySelectorAll('*')].flatMap(
            el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => a.name))""")
        assert handlers == []
        assert "</textarea>" in page.locator(".paper-list").inner_text()
        assert "</script>" in page.locator(".paper-abstract").inner_text()
        settle(page, lambda: page.fill("#pf-q", ""))
        values = page.eval_on_selector_all("#pf-topic option", "os => os.slice(1).map(o => o.value)")
        assert sorted(value.casefold() for value in values) == ['"]quoted[', "a|b"]  # case merged
        for topic in values:  # topics holding the page's own delimiters still filter exactly
            settle(page, lambda topic=topic: page.select_option("#pf-topic", topic))
            assert visible_keys(page) == {"attr2024", "abstract2024"}


def test_recently_added_view(browser, tmp_path: Path) -> None:
    """Sorted by "Recently added", entries with Zotero's date come newest first under month headings, the rest last."""
    with root_page(browser, "test-feed", tmp_path) as (page, base):
        page.goto(f"{base}/index.html?sort=added")
        page.wait_for_function("window.__updates >= 1")
        assert shown_order(page) == ["2020-new", "2019-frankle", "byhand"]
        headings = page.eval_on_selector_all(".paper-group", "hs => hs.map(h => h.textContent)")
        assert headings == ["Added November 2022", "Added March 2021", "Date added unknown"]
