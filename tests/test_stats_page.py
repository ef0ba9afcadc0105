"""The statistics page: bars that link into the filtered list, and charts readable on a phone."""

from __future__ import annotations

import pytest
from pagesite import (
    BIB,
    visible_keys,
)

from ext.fields import Fields

pytestmark = pytest.mark.browser


def test_statistics_bars_link_into_the_list(page, site) -> None:
    """Every bar of the statistics page links to the list filtered to exactly as many papers as the bar says."""
    page.goto(f"{site}/stats.html")
    bars = page.eval_on_selector_all(
        ".pb-link", "as => as.map(a => [a.href, Number(a.querySelector('.pb-count').textContent)])"
    )
    assert len(bars) > 20
    years = [b for b in bars if "from=" in b[0]]
    assert sum(n for _, n in years) == sum(1 for e in BIB.entries if (Fields(e).year or "").isdigit())
    for href, count in bars[:: max(1, len(bars) // 12)] + [b for b in bars if "venue=" in b[0]][:3]:
        page.goto(href)
        page.wait_for_function("window.__updates >= 1")
        assert len(visible_keys(page)) == count, href


def test_charts_readable_on_a_phone(phone, site) -> None:
    """At 390 px the statistics labels stay at least 12 px and nothing scrolls sideways."""
    phone.goto(f"{site}/stats.html")
    sizes = phone.eval_on_selector_all(
        ".pb-label", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 12
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    heights = phone.eval_on_selector_all(".pb-link", "els => els.map(e => e.getBoundingClientRect().height)")
    assert min(heights) >= 24
