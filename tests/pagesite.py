"""The papers site in real headless Chromium: shared fixtures and helpers of the page tests.

The real project is built once per test session (per xdist worker) from the frozen bibliography
(tests/data/seed.bib) and served on 127.0.0.1; every expected set is worked out from that bib.
Tests wait for the page's "papers:filtered" events (state), never for a fixed time.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from ext.reader.bibfile import read_bib
from ext.reader.fields import Fields

from conftest import REPO, SEED_BIB, require

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
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
#: counts every "papers:filtered" event, so a test waits for the list to settle, not for a time
COUNT_UPDATES = """document.addEventListener('papers:filtered', (e) => {
  window.__updates = (window.__updates || 0) + 1; window.__last = e.detail; });"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives the browser is a ``browser`` test, marked or not: ``make test`` runs
    them in a pytest run of their own, since the browser and the page server stay up (threads) for
    the rest of the run, and a process with threads never forks or freezes its heap."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
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


def build_html(srcdir: Path, out: Path, **overrides) -> Path:
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=srcdir, builddir=out, confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()
    return out / "html"


@pytest.fixture(scope="session")
def site(tmp_path_factory, browser):
    """The real project built to HTML from the frozen bibliography and served on 127.0.0.1."""
    server = serve(build_html(REPO, tmp_path_factory.mktemp("site"), bibtex_bibfiles=[str(SEED_BIB)]))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def new_page(browser, site, errors, **options):
    context = browser.new_context(**{**DESKTOP, **options})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    context.add_init_script(COUNT_UPDATES)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(error))
    return page


@pytest.fixture
def page(browser, site):
    errors: list = []
    page = new_page(browser, site, errors)
    yield page
    page.context.close()
    assert not errors


@pytest.fixture
def phone(browser, site):
    errors: list = []
    page = new_page(browser, site, errors, **PHONE)
    yield page
    page.context.close()
    assert not errors


BIB = read_bib(SEED_BIB)
ALL = {entry.key for entry in BIB.entries}
TOTAL = len(ALL)


#: true once the last list update was made for the form's current values
UPDATED_FOR_FORM = """(before) => {
  const form = document.getElementById('paper-filters'), params = new URLSearchParams();
  for (const name of ['q', 'from', 'to', 'type', 'topic', 'status', 'sort']) {
    const field = form.elements.namedItem(name);
    if (field && field.value.trim()) params.set(name, field.value.trim());
  }
  return (window.__updates || 0) > before && window.__last.query.startsWith(params.toString());
}"""


def settle(page, action) -> None:
    """Run *action* (typing, choosing) and wait until the list has been updated for it."""
    before = page.evaluate("window.__updates || 0")
    action()
    page.wait_for_function(UPDATED_FOR_FORM, arg=before)


def visible_keys(page) -> set[str]:
    return set(page.eval_on_selector_all(".paper:not([hidden])", "els => els.map(e => e.dataset.key)"))


def shown_order(page) -> list[str]:
    return page.eval_on_selector_all(".paper:not([hidden])", "els => els.map(e => e.dataset.key)")


def expected(predicate) -> set[str]:
    return {entry.key for entry in BIB.entries if predicate(Fields(entry))}
