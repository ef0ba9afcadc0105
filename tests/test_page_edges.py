"""The papers page's rough edges, each as a reader meets it in real headless Chromium: focus never
hidden under the sticky header or the "Back to top" pill, deep-linked entries readable on a phone,
"Copied" announced, no dead buttons without JavaScript, a printed view that says what it shows and
no empty downloads."""

from __future__ import annotations

import pytest
from pagesite import BIB, DESKTOP, PHONE, TOTAL, new_page, settle

from ext.site.anchors import anchor_for

pytestmark = pytest.mark.browser

#: whether the focused element can be seen: inside the window and not under anything at its corners
FOCUS_SEEN = """() => {
  const el = document.activeElement, r = el.getBoundingClientRect();
  if (r.top < 0 || r.bottom > innerHeight) return false;
  const points = [[r.left + 2, r.top + 2], [r.right - 2, r.top + 2], [r.left + 2, r.bottom - 2],
    [r.right - 2, r.bottom - 2], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
  return points.every(([x, y]) => { const hit = document.elementFromPoint(x, y);
    return hit && (el.contains(hit) || hit.contains(el)); });
}"""


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_shift_tab_never_hides_focus(browser, site, device) -> None:
    """Going back through the list with Shift+Tab, every focused control is fully in view (WCAG 2.4.11)."""
    errors: list = []
    page = new_page(browser, site, errors, **(PHONE if device == "phone" else DESKTOP))
    try:
        page.goto(f"{site}/papers.html")
        page.wait_for_function("window.__updates >= 1")
        page.evaluate("document.querySelectorAll('.paper .headerlink')[120].focus()")
        hidden = []
        for step in range(40):
            page.keyboard.press("Shift+Tab")
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            if not page.evaluate(FOCUS_SEEN):
                hidden.append((step, page.evaluate("document.activeElement.outerHTML.slice(0, 80)")))
        assert not hidden
    finally:
        page.context.close()
    assert not errors


#: whether the first line of the targeted entry is free of anything drawn over it
FIRST_LINE_FREE = """(id) => {
  const cite = document.getElementById(id).querySelector('.paper-cite:not([hidden])');
  const range = document.createRange();
  range.selectNodeContents(cite);
  const r = range.getClientRects()[0];  // the first line's first piece of text
  const line = cite.getBoundingClientRect();
  return [0.1, 0.3, 0.5, 0.7, 0.9].every((f) => { const hit = document.elementFromPoint(
    line.left + f * line.width, r.top + r.height / 2); return hit && cite.contains(hit); });
}"""


def test_deep_link_on_a_phone_shows_the_author_line(browser, site) -> None:
    """On a phone, a deep-linked entry's first line (its authors) is not covered by the "Back to top" pill."""
    errors: list = []
    page = new_page(browser, site, errors, **PHONE)
    try:
        for entry in BIB.entries[40:400:60]:
            anchor = anchor_for(entry.key)
            page.goto("about:blank")  # a fresh load, as when following a link to the entry
            page.goto(f"{site}/papers.html#{anchor}")
            page.wait_for_function("window.__updates >= 1")
            # the theme shows its pill once it has seen the landing scroll
            page.wait_for_function("document.documentElement.classList.contains('show-back-to-top')")
            assert page.evaluate(FIRST_LINE_FREE, anchor), entry.key
    finally:
        page.context.close()
    assert not errors


def test_copied_is_announced(page, site) -> None:
    """Copying a citation is announced to screen readers through a polite live region."""
    page.goto(f"{site}/papers.html")
    page.click(".paper >> nth=3 >> button[data-act=cite]")
    region = page.locator("#pf-announce")
    page.wait_for_function("document.getElementById('pf-announce').textContent.startsWith('Copied')")
    assert region.get_attribute("aria-live") == "polite"
    assert "Copied citation of" in region.inner_text()


def test_without_javascript_no_view_downloads(browser, site) -> None:
    """With scripts off, the buttons that download the current view do not show (they could do nothing)."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/papers.html")
    assert page.locator(".pf-dl").count() == 3 and page.locator(".pf-dl:visible").count() == 0
    assert not page.locator(".pf-view-downloads").is_visible()
    context.close()


def test_printing_a_filtered_view_says_what_it_shows(page, site) -> None:
    """A printed view names its filter and count; the whole list prints as all entries."""
    page.goto(f"{site}/papers.html")
    page.emulate_media(media="print")
    assert page.inner_text("#pf-print-view") == f"All {TOTAL} entries."
    page.emulate_media(media="screen")
    settle(page, lambda: page.fill("#pf-q", "lottery"))
    page.emulate_media(media="print")
    shown = page.locator(".paper:visible").count()
    assert 0 < shown < TOTAL
    assert page.inner_text("#pf-print-view") == f"Showing {shown} of {TOTAL} entries: search “lottery”."
    page.emulate_media(media="screen")
    assert not page.is_visible("#pf-print-view")


def test_no_download_of_an_empty_view(page, site) -> None:
    """With no entry shown, the view's download buttons are disabled (no empty file to save)."""
    page.goto(f"{site}/papers.html")
    settle(page, lambda: page.fill("#pf-q", "zzzqqqxxyy"))
    assert page.locator(".paper:visible").count() == 0
    assert page.locator(".pf-dl:disabled").count() == 3
    settle(page, lambda: page.fill("#pf-q", ""))
    assert page.locator(".pf-dl:disabled").count() == 0
