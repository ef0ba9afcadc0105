"""The papers page in real headless Chromium: search, filters, URL state, BibTeX, keyboard, safety."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from pathlib import Path

import pytest

from ext.bibfile import read_bib
from ext.facets import fold, topics_of
from ext.fields import Fields

from conftest import REPO, require

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    require(os.path.exists(CHROMIUM), "Chromium (Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright (pip, requirements-dev.txt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def build_html(srcdir: Path, out: Path) -> Path:
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=srcdir, builddir=out)
    try:
        app.build()
    finally:
        app.cleanup()
    return out / "html"


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    """The real project built to HTML and served on 127.0.0.1."""
    server = serve(build_html(REPO, tmp_path_factory.mktemp("site")))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    context.close()
    assert not errors


BIB = read_bib(REPO / "sparsity.bib")


def visible_keys(page) -> set[str]:
    return set(page.eval_on_selector_all(".paper:not([hidden])", "els => els.map(e => e.dataset.key)"))


def expected(predicate) -> set[str]:
    return {entry.key for entry in BIB.entries if predicate(Fields(entry))}


def haystack(fields: Fields) -> str:
    """Authors, title, venue and year of an entry, as a reader would search them."""
    names = [str(name.natural()) for name in (fields.authors[0] or fields.editors[0])]
    venue = str(fields.text("journal") or fields.text("booktitle") or "")
    return fold(" ".join([*names, str(fields.text("title") or ""), venue, fields.year or ""]))


def test_typing_shows_exactly_the_matching_entries(page, site) -> None:
    """Typing a word (then two) shows exactly the entries whose author/title/venue/year hold them."""
    page.goto(f"{site}/papers.html")
    page.fill("#pf-q", "pruning")
    page.wait_for_function(
        "document.querySelector('#pf-count').textContent.startsWith('Showing ') && "
        "!document.querySelector('#pf-count').textContent.includes(' 452 of')"
    )
    want = expected(lambda f: "pruning" in haystack(f))
    assert visible_keys(page) == want and len(want) > 50
    assert page.inner_text("#pf-count") == f"Showing {len(want)} of 452"
    page.fill("#pf-q", "Lottery 2020")
    page.wait_for_timeout(100)
    assert visible_keys(page) == expected(lambda f: "lottery" in haystack(f) and "2020" in haystack(f))


def test_year_and_topic_filters(page, site) -> None:
    """A year range and a topic narrow the list to exactly the entries that fit."""
    page.goto(f"{site}/papers.html")
    page.fill("#pf-from", "2019")
    page.fill("#pf-to", "2020")
    page.wait_for_timeout(100)
    assert visible_keys(page) == expected(lambda f: (f.year or "").isdigit() and 2019 <= int(f.year) <= 2020)
    page.select_option("#pf-topic", "Pruning")
    page.wait_for_timeout(100)
    assert visible_keys(page) == expected(
        lambda f: (f.year or "").isdigit() and 2019 <= int(f.year) <= 2020 and "Pruning" in topics_of(f)
    )
    page.click("#pf-reset")
    page.wait_for_timeout(100)
    assert len(visible_keys(page)) == 452


def test_url_keeps_the_filter(page, site) -> None:
    """The query lives in the URL: reloading (or sharing) it restores the same view."""
    page.goto(f"{site}/papers.html")
    page.fill("#pf-q", "sparse")
    page.select_option("#pf-type", "Conference paper")
    page.select_option("#pf-status", "published")
    page.wait_for_timeout(100)
    shown = visible_keys(page)
    assert re.search(r"\?q=sparse&type=Conference\+paper&status=published$", page.url)
    page.goto(page.url)
    assert page.input_value("#pf-q") == "sparse" and page.input_value("#pf-type") == "Conference paper"
    assert visible_keys(page) == shown and shown


def test_bibtex_toggle_and_copy(page, site) -> None:
    """The BibTeX box shows the entry exactly as in sparsity.bib, and the button copies it."""
    key = "2019-frankle"
    page.goto(f"{site}/papers.html#ref-{key}")
    entry = page.locator(f'.paper[data-key="{key}"]')
    assert not entry.locator("pre").is_visible()
    entry.locator("summary").click()
    assert entry.locator("pre").inner_text() == BIB.sources[key]
    entry.locator(".paper-copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == BIB.sources[key]
    assert entry.locator(".paper-links a").first.get_attribute("href").startswith("https://")


def test_keyboard_reaches_search_and_filters(page, site) -> None:
    """With Tab alone one reaches the labelled search box, then every filter, each with a visible focus."""
    page.goto(f"{site}/papers.html")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "pf-q":
            break
    assert page.evaluate("document.activeElement.id") == "pf-q"
    assert page.evaluate("document.querySelector('label[for=pf-q]').textContent") == "Search"
    page.keyboard.type("dropout")
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("none", ""), order[-1]
    assert order == ["pf-from", "pf-to", "pf-type", "pf-topic", "pf-status", "pf-reset"]
    assert 0 < len(visible_keys(page)) < 452


def test_without_javascript_the_full_list_shows(browser, site) -> None:
    """With scripts off, every entry shows and the (useless) filter form stays hidden."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/papers.html")
    assert page.locator(".paper:visible").count() == 452
    assert not page.locator("#paper-filters").is_visible()
    context.close()


def test_hostile_entries_run_no_script(browser, tmp_path: Path) -> None:
    """Markup, attribute breakouts and javascript: links in the bib never execute or become links."""
    server = serve(build_html(REPO / "tests" / "roots" / "test-xss", tmp_path))
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        for entry in page.locator(".paper").all():
            entry.hover()
            entry.locator("summary").click()
        page.fill("#pf-q", "script")
        page.wait_for_timeout(100)
        assert page.evaluate("window.__pwned") is None
        assert page.locator('a[href^="javascript:" i]').count() == 0
        handlers = page.evaluate("""[...document.querySelectorAll('*')].flatMap(
            el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => a.name))""")
        assert handlers == []
        assert "</textarea>" in page.locator(".paper-list").inner_text()
        page.fill("#pf-q", "")
        for topic in ("a|b", '"]quoted['):  # topics holding the page's own delimiters still filter exactly
            page.select_option("#pf-topic", topic)
            page.wait_for_timeout(100)
            assert visible_keys(page) == {"attr2024"}
    finally:
        page.close()
        server.shutdown()
