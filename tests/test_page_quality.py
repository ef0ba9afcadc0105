"""The papers page as a reader meets it: deep links that land, keyboard reach, no layout shift,
accessibility (axe-core, light and dark, desktop and phone), print, and without JavaScript."""

from __future__ import annotations

import pytest
from pagesite import (
    BIB,
    DESKTOP,
    PHONE,
    TOTAL,
    new_page,
    settle,
    visible_keys,
)

from conftest import require

pytestmark = pytest.mark.browser

#: 20 keys spread over the list (every n-th in file order)
SAMPLE = [entry.key for entry in BIB.entries][:: max(1, TOTAL // 20)][:20]


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_deep_links_land_on_the_entry(browser, site, device) -> None:
    """Opening papers.html#ref-<key> puts that entry's top within the first 200 px of the screen, highlighted."""
    from ext.site.anchors import anchor_for

    errors: list = []
    page = new_page(browser, site, errors, **(PHONE if device == "phone" else DESKTOP))
    try:
        misses = {}
        for key in SAMPLE:
            page.goto(f"{site}/papers.html#{anchor_for(key)}")
            page.wait_for_function("window.__updates >= 1")
            top = page.evaluate(f"document.getElementById('{anchor_for(key)}').getBoundingClientRect().top")
            marked = page.evaluate(
                f"getComputedStyle(document.getElementById('{anchor_for(key)}')).outlineStyle"
            )
            if not (0 <= top <= 200 and marked == "solid"):
                misses[key] = (top, marked)
        assert not misses and len(SAMPLE) == 20
    finally:
        page.context.close()
    assert not errors


def test_tab_reaches_a_permalink(page, site) -> None:
    """Keyboard users reach an entry's permalink with Tab, and it is visible with a visible focus."""
    page.goto(f"{site}/papers.html")
    page.focus("#pf-q")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('headerlink')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('headerlink')")
    assert page.evaluate("getComputedStyle(document.activeElement).visibility") == "visible"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("none", "")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Permalink: ")


def test_keyboard_reaches_search_and_filters(page, site) -> None:
    """With Tab alone one reaches the labelled search box, then every filter, each with a visible focus."""
    page.goto(f"{site}/papers.html")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "pf-q":
            break
    assert page.evaluate("document.activeElement.id") == "pf-q"
    assert page.evaluate("document.querySelector('label[for=pf-q]').textContent") == "Search"
    settle(page, lambda: page.keyboard.type("dropout"))
    order = []
    for _ in range(7):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("none", ""), order[-1]
    assert order == ["pf-from", "pf-to", "pf-type", "pf-topic", "pf-status", "pf-sort", "pf-reset"]
    assert 0 < len(visible_keys(page)) < TOTAL


CLS = """new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({ type: "layout-shift", buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_no_layout_shift_on_load(browser, site, device) -> None:
    """Loading the page (phone: with a 4x slower CPU) shifts the layout by at most 0.02 (CLS)."""
    errors: list = []
    page = new_page(browser, site, errors, **(PHONE if device == "phone" else DESKTOP))
    try:
        if device == "phone":
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(f"{site}/papers.html", wait_until="load")
        page.wait_for_function("window.__updates >= 1")
        shift = page.evaluate(CLS)
        print(f"layout shift {device}: {shift:.4f}")
        assert shift <= 0.02
    finally:
        page.context.close()
    assert not errors


def test_print_shows_the_list_only(page, site) -> None:
    """Printed, the page shows the entries without the form, tools and permalinks."""
    page.goto(f"{site}/papers.html")
    page.emulate_media(media="print")
    assert not page.is_visible("#paper-filters") and not page.locator(".paper-tools:visible").count()
    assert not page.locator(".headerlink:visible").count() and page.locator(".paper:visible").count() == TOTAL


def test_without_javascript_the_full_list_shows(browser, site) -> None:
    """With scripts off, every entry and the full-list downloads show; the form and script-only buttons do not."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/papers.html")
    assert page.locator(".paper:visible").count() == TOTAL
    assert not page.locator("#paper-filters").is_visible()
    assert page.locator(".paper-list button:visible").count() == 0
    assert page.locator(".pf-file:visible").count() == 4
    context.close()


def axe_violations(page) -> list[tuple[str, str, int]]:
    """axe-core's (bundled with axe-playwright-python, nothing fetched) violations: (rule, impact, nodes)."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        require(False, "axe-playwright-python (pip, requirements-dev.txt)")
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]  # wcag22aa: target-size
    options = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": tags}}
    results = Axe().run(page, options=options).response
    return [(v["id"], v["impact"] or "", len(v["nodes"])) for v in results["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_axe_finds_no_serious_problem(browser, site, device, scheme) -> None:
    """axe-core reports no serious or critical violation on the papers and statistics pages."""
    errors: list = []
    page = new_page(browser, site, errors, color_scheme=scheme, **(PHONE if device == "phone" else DESKTOP))
    try:
        found = {}
        for name in ("papers", "stats"):
            page.goto(f"{site}/{name}.html?q=lottery" if name == "papers" else f"{site}/{name}.html")
            if name == "papers":
                page.wait_for_function("window.__updates >= 1")
            found[name] = axe_violations(page)
            print(f"axe {name} {device} {scheme}: {found[name] or 'no violations'}")
        serious = {name: [v for v in found[name] if v[1] in ("serious", "critical")] for name in found}
        assert serious == {"papers": [], "stats": []}
    finally:
        page.context.close()
    assert not errors


CONTRAST = """() => {
  const el = document.getElementById('pf-q');
  const rgb = (color) => color.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => c.map((v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [a, b] = [lum(rgb(getComputedStyle(el, '::placeholder').color)), lum(rgb(getComputedStyle(el).backgroundColor))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_placeholder_contrast(browser, site, scheme) -> None:
    """The search box's placeholder reads at a contrast of at least 4.5:1 in light and dark mode."""
    errors: list = []
    page = new_page(browser, site, errors, color_scheme=scheme)
    try:
        page.goto(f"{site}/papers.html")
        assert page.evaluate(CONTRAST) >= 4.5
    finally:
        page.context.close()
    assert not errors
