"""The papers page at a generated list larger than what shows whole (500 entries), in real headless
Chromium: a longer view is revealed a page (100 entries) at a time, with the same matches in the
same order and the same counts as the plain rule gives, and a keystroke touches only the entries
whose state changes.

The reference is worked out in the page by the rule the README states (every entry tested; the best
200 by score first, list order breaking ties, then the other matches in list order), sorting every
match, without the page's own ranking, paging or cached terms.
"""

from __future__ import annotations

import re

import pytest
from pagesite import COUNT_UPDATES, build_html, serve, settle, shown_order

from bench import projects, synth

pytestmark = pytest.mark.browser

SIZE = 1500
WHOLE = 500  # a view of up to this many entries shows whole
PAGE = 100  # a longer one this many at a time
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
QUERIES = [
    "pruning",
    "han",
    "sparse training",
    "prunning",
    "s",
    "2019",
    "müller net",
    "zzzz",
    "a",
    "le",
    "p",
    "pr",
]
#: counts the entries whose shown state or place changes, until reset
WATCH = """() => {
  window.__touched = new Set();
  new MutationObserver((records) => {
    for (const r of records) {
      const nodes = r.type === 'attributes' ? [r.target] : [...r.addedNodes, ...r.removedNodes];
      for (const n of nodes) if (n.classList && n.classList.contains('paper')) window.__touched.add(n);
    }
  }).observe(document.querySelector('.paper-list'), { attributes: true, attributeFilter: ['hidden'],
    childList: true, subtree: true });
}"""


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


def first(want: list[str]) -> list[str]:
    """What a view shows before scrolling: all of it up to WHOLE entries, else its first page."""
    return want if len(want) <= WHOLE else want[:PAGE]


def show_all(page, total: int) -> None:
    # dispatched, not clicked at a point: scrolling to the button already brings the next page, which moves it
    page.get_by_role("button", name=f"Show all {total}").dispatch_event("click")
    page.wait_for_function(f"document.querySelectorAll('.paper:not([hidden])').length === {total}")


def test_every_query_shows_the_first_page_of_the_plain_rule(page) -> None:
    """Every query shows what the plain rule gives, in its order (of more than 500, the first 100), says
    how many match; "Show all" shows every match in that order (and says so to screen readers);
    without a query the list's own order."""
    assert len(page.eval_on_selector_all(".paper", "els => els")) == SIZE
    assert shown_order(page) == first(reference(page, ""))
    large_views = whole_views = 0  # views paged; views of more than a page shown whole
    for query in QUERIES:
        settle(page, lambda query=query: page.fill("#pf-q", query))
        want = reference(page, query)
        assert shown_order(page) == first(want), query
        assert page.inner_text("#pf-count").startswith(f"Showing {len(want)} of {SIZE}")
        more = page.locator("#pf-more")
        assert more.is_visible() == (len(want) > WHOLE), query
        whole_views += PAGE < len(want) <= WHOLE
        if len(want) > WHOLE:
            large_views += 1
            assert more.inner_text().startswith(f"Showing the first {PAGE} of {len(want)} entries.")
            if large_views <= 2:
                show_all(page, len(want))
                assert shown_order(page) == want, query
                assert page.text_content("#pf-announce") == f"Showing all {len(want)} entries."  # aria-live
    assert large_views >= 2 and whole_views >= 1  # views on both sides of WHOLE
    settle(page, lambda: page.fill("#pf-q", ""))
    assert shown_order(page) == first(reference(page, ""))


def test_a_keystroke_touches_only_what_changes_on_screen(page) -> None:
    """Typed key by key, each keystroke hides, shows or moves only entries shown before or after it
    (at most two pages), never the whole list; the view is the one the whole query gives."""
    page.evaluate(WATCH)
    page.focus("#pf-q")
    for char in "zzzz pruning":
        before = len(shown_order(page))
        page.evaluate("window.__touched.clear()")
        settle(page, lambda char=char: page.keyboard.type(char))
        after = len(shown_order(page))
        touched = page.evaluate("new Promise((r) => setTimeout(() => r(window.__touched.size), 0))")
        assert touched <= before + after <= 2 * WHOLE, char
    settle(page, lambda: page.fill("#pf-q", ""))
    for char in "pruning spar":
        settle(page, lambda char=char: page.keyboard.type(char))
    want = reference(page, "pruning spar")
    if len(want) > WHOLE:
        show_all(page, len(want))
    assert shown_order(page) == want
    for _ in "spar":
        settle(page, lambda: page.keyboard.press("Backspace"))
    assert shown_order(page) == first(reference(page, "pruning "))


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
    assert shown_order(page) == first(reference(page, "s", value))


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
    """*key* is shown after the first page, alone, every entry shown in the view's order."""
    shown = shown_order(page)
    assert key in shown[PAGE:] and shown[:PAGE] == want[:PAGE] and len(shown) == PAGE + 1
    assert shown == [k for k in want if k in set(shown)]


def on_top(page, anchor: str) -> bool:
    return 0 <= page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top") <= 200


def test_links_reach_entries_not_shown_yet(page, large) -> None:
    """A link to an entry beyond the first page (on load, with or without a search, or in the page)
    shows that entry in its place and brings it to the top of the screen."""
    from ext.site.anchors import anchor_for

    whole = reference(page, "")
    page.goto("about:blank")  # a new document, not a jump within this one
    page.goto(f"{large}#{anchor_for(whole[-1])}")
    page.wait_for_function("window.__updates >= 1")
    assert_in_place(page, whole, whole[-1])
    assert on_top(page, anchor_for(whole[-1]))
    settle(page, lambda: page.fill("#pf-q", "s"))
    want = reference(page, "s")
    assert len(want) > PAGE + 100
    target = want[PAGE + 50]
    page.evaluate(f"location.hash = '#{anchor_for(target)}'")
    page.wait_for_function(f"!document.getElementById('{anchor_for(target)}').hidden")
    assert_in_place(page, want, target)
    assert on_top(page, anchor_for(target))
    page.goto("about:blank")
    page.goto(f"{large}?q=s#{anchor_for(want[-1])}")
    page.wait_for_function("window.__updates >= 1")
    assert_in_place(page, want, want[-1])
    assert on_top(page, anchor_for(want[-1]))


#: the ids of the entries holding a highlighted match
HIGHLIGHTED = """() => { const h = CSS.highlights.get('papers-match'); if (!h) return [];
  return [...new Set([...h].map((r) => r.startContainer.parentElement.closest('.paper').id))]; }"""


def test_highlights_follow_the_screen_in_a_long_view(page) -> None:
    """In a long view the matches are highlighted in the entries on and around the screen, not in all
    shown (each keystroke would repaint them all), and scrolling brings the highlights along."""
    query = next(q for q in ("pr", "le", "net", "sparse") if len(reference(page, q)) > 450)
    settle(page, lambda: page.fill("#pf-q", query))
    page.wait_for_function("CSS.highlights.has('papers-match')")
    near_top = page.evaluate(HIGHLIGHTED)
    assert 0 < len(near_top) < 100
    far = shown_order(page)[-1]
    page.evaluate(f"document.querySelector('[data-key=\"{far}\"]').scrollIntoView()")
    page.wait_for_function(f"({HIGHLIGHTED})().some((id) => !{near_top}.includes(id))")
    assert len(page.evaluate(HIGHLIGHTED)) < 100


#: at each update of the view: the entries holding a highlighted match, as the update is announced
AT_UPDATE = """() => { window.__atUpdate = [];
  document.addEventListener('papers:filtered', () => window.__atUpdate.push(
    (__HIGHLIGHTED__)().length)); }""".replace("__HIGHLIGHTED__", HIGHLIGHTED)


def test_a_keystroke_highlights_in_the_frame_that_shows_its_view(page) -> None:
    """Each keystroke's matches are highlighted by the time its view is announced, so the frame that
    shows the new list paints the highlights too (a frame later, each keystroke painted twice)."""
    page.evaluate(AT_UPDATE)
    page.focus("#pf-q")
    for char in "pruning":
        before = page.evaluate("window.__updates")
        page.keyboard.press(char)
        page.wait_for_function(f"window.__updates > {before}")
    counts = page.evaluate("window.__atUpdate")
    assert len(counts) == len("pruning") and all(count > 0 for count in counts[1:]), counts
