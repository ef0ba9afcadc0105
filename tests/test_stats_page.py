"""The statistics page: bars that link into the filtered list, and charts readable on a phone."""

from __future__ import annotations

import re

import pytest
from pagesite import (
    BIB,
    visible_keys,
)

from ext.reader.fields import Fields

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


def test_one_venue_table_for_chart_filter_and_search(page, site) -> None:
    """The ICLR and CVPR bars count every spelling of the venue in the bib, their links show as many
    papers, and searching the short name finds them all."""
    page.goto(f"{site}/stats.html")
    bars = dict(
        page.eval_on_selector_all(
            ".pb-link",
            "as => as.map(a => [a.querySelector('.pb-label').textContent, [a.href, Number(a.querySelector('.pb-count').textContent)]])",
        )
    )
    for name, spelled in (
        ("ICLR", r"learning representations|\biclr\b"),
        ("CVPR", r"computer vision and pattern recognition|\bcvpr\b"),
    ):
        venue = lambda f: str(f.text("journal") or f.text("booktitle") or "").lower()  # noqa: E731
        papers = {e.key for e in BIB.entries if re.search(spelled, venue(Fields(e)))}
        href, count = bars[name]
        assert count == len(papers) > 8, name
        page.goto(href)
        page.wait_for_function("window.__updates >= 1")
        assert visible_keys(page) == papers
        page.goto(f"{page.url.split('?')[0]}?q={name}")
        page.wait_for_function("window.__updates >= 1")
        assert visible_keys(page) >= papers
        page.goto(f"{site}/stats.html")
