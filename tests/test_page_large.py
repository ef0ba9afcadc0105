"""The papers page at a large generated list, in real headless Chromium: a view of more than one page
(500 entries) is revealed a page at a time, with the same matches in the same order as a small list.

The reference order is worked out in the page by the plain rule the README states (every match,
the best 200 by score first, list order breaking ties, then the other matches in list order),
sorting every match, without the page's own ranking, paging or cached terms.
"""

from __future__ import annotations

import re

import pytest
from pagesite import COUNT_UPDATES, build_html, serve, settle, shown_order

from bench import projects, synth

pytestmark = pytest.mark.browser

SIZE = 1500
PAGE = 500
#: the matches of a query (and a type), in the order the README promises, by the simplest means
REFERENCE = """([query, type]) => {
  const S = window.PapersSearch, R = window.PAPERS_RECORD, data = window.PAPERS_DATA;
  const index = new S.Index(window.PAPERS_INDEX, data.length);
  const { terms } = S.parse(query, index);
  const scores = terms.length ? index.search(terms).scores : null;
  const hits = [];
  data.forEach((r, i) => { if ((!scores || scores[i] > 0) && (!type || r[R.type] === type)) hits.push(i); });
  if (!scores) return hits.map((i) => data[i][R.key]);
  const best = hits.slice().sort((a, b) => scores[b] - scores[a] || a - b).slice(0, 200);
  const first = new Set(best);
  return best.concat(hits.filter((i) => !first.has(i))).map((i) => data[i][R.key]);
}"""
QUERIES = ["pruning", "han", "sparse training", "prunning", "s", "2019", "müller net", "zzzz", "a", "le"]


@pytest.fixture(scope="module")
def large(tmp_path_factory, browser):
    """A synthetic list of 1500 entries built with the project's extension, served on 127.0.0.1."""
    where = tmp_path_factory.mktemp("large")
    source = projects.ours(where / "src", synth.generate(SIZE))
    server = serve(build_html(source, where / "out"))
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


@pytest.fixture
def page(browser, large):
    errors: list = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(COUNT_UPDATES)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(large)
    page.wait_for_function("window.__updates >= 1")
    yield page
    context.close()
    assert not errors


def reference(page, query: str, type_: str = "") -> list[str]:
    return page.evaluate(REFERENCE, [query, type_])


def show_all(page, total: int) -> None:
    # dispatched, not clicked at a point: scrolling to the button already brings the next page, which moves it
    page.get_by_role("button", name=f"Show all {total}").dispatch_event("click")
    page.wait_for_function(f"document.querySelectorAll('.paper:not([hidden])').length === {total}")


def test_a_large_view_shows_its_first_page_in_the_small_list_order(page) -> None:
    """Every query shows its first 500 matches in the promised order, says how many there are, and
    "Show all" shows every match in that order; without a query the whole list shows, in list order."""
    assert shown_order(page) == reference(page, "") and len(shown_order(page)) == SIZE
    large_views = 0
    for query in QUERIES:
        settle(page, lambda query=query: page.fill("#pf-q", query))
        want = reference(page, query)
        assert shown_order(page) == want[:PAGE], query
        assert page.inner_text("#pf-count").startswith(f"Showing {len(want)} of {SIZE}")
        more = page.locator("#pf-more")
        assert more.is_visible() == (len(want) > PAGE), query
        if len(want) > PAGE:
            large_views += 1
            assert more.inner_text().startswith(f"Showing the first {PAGE} of {len(want)} entries.")
            if large_views <= 2:
                show_all(page, len(want))
                assert shown_order(page) == want, query
    assert large_views >= 2  # the list is large enough to page some views
    settle(page, lambda: page.fill("#pf-q", ""))
    assert shown_order(page) == reference(page, "")


def test_typing_key_by_key_gives_the_same_view(page) -> None:
    """Typed one key at a time (each keystroke reusing the last query's terms), the view is the one
    the whole query gives."""
    page.focus("#pf-q")
    for char in "pruning spar":
        settle(page, lambda char=char: page.keyboard.type(char))
    want = reference(page, "pruning spar")
    if len(want) > PAGE:
        show_all(page, len(want))
    assert shown_order(page) == want
    for _ in "spar":
        settle(page, lambda: page.keyboard.press("Backspace"))
    assert shown_order(page) == reference(page, "pruning ")[:PAGE]


def test_filters_and_their_counts_at_a_large_list(page) -> None:
    """With a search, each type option counts the matches of that type, and choosing it shows them."""
    settle(page, lambda: page.fill("#pf-q", "s"))
    options = page.eval_on_selector_all(
        "#pf-type option", "os => os.slice(1).map(o => [o.value, o.textContent])"
    )
    assert len(options) >= 2
    for value, text in options:
        want = reference(page, "s", value)
        assert re.search(r"\((\d+)\)$", text).group(1) == str(len(want)), value
    value = max(options, key=lambda option: len(reference(page, "s", option[0])))[0]
    settle(page, lambda: page.select_option("#pf-type", value))
    assert shown_order(page) == reference(page, "s", value)[:PAGE]


def test_scrolling_and_printing_reveal_more(page) -> None:
    """Scrolling near the end of what is shown brings the next page; printing shows the whole view."""
    settle(page, lambda: page.fill("#pf-q", "s"))
    want = reference(page, "s")
    assert len(want) > 2 * PAGE
    page.locator("#pf-more").scroll_into_view_if_needed()
    page.wait_for_function(f"document.querySelectorAll('.paper:not([hidden])').length >= {2 * PAGE}")
    assert shown_order(page) == want[: len(shown_order(page))]
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert shown_order(page) == want


def assert_in_place(page, want: list[str], key: str) -> None:
    """*key* is shown after the first page, every entry shown in the view's order."""
    shown = shown_order(page)
    assert key in shown[PAGE:] and shown[:PAGE] == want[:PAGE]
    assert shown == [k for k in want if k in set(shown)]


def test_links_reach_entries_not_shown_yet(page, large) -> None:
    """A link to an entry of the view beyond the first page (on load, or in the page) shows that entry
    in its place and brings it to the top of the screen."""
    from ext.site.anchors import anchor_for

    settle(page, lambda: page.fill("#pf-q", "s"))
    want = reference(page, "s")
    assert len(want) > PAGE + 100
    target = want[PAGE + 50]
    page.evaluate(f"location.hash = '#{anchor_for(target)}'")
    page.wait_for_function(f"!document.getElementById('{anchor_for(target)}').hidden")
    assert_in_place(page, want, target)
    top = page.evaluate(f"document.getElementById('{anchor_for(target)}').getBoundingClientRect().top")
    assert 0 <= top <= 200
    last = want[-1]
    page.goto(f"{large}?q=s#{anchor_for(last)}")
    page.wait_for_function("window.__updates >= 1")
    assert_in_place(page, want, last)
    top = page.evaluate(f"document.getElementById('{anchor_for(last)}').getBoundingClientRect().top")
    assert 0 <= top <= 200
