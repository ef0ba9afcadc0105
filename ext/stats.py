"""Statistics of the bibliography and their charts as static SVG (pure; made at build time).

The charts need no script and no network: plain SVG with a ``<title>`` and
``<desc>`` for screen readers, colours taken from the page's CSS variables
(so they follow light and dark mode), every label escaped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .facets import Facets


@dataclass(frozen=True)
class Stats:
    total: int
    per_year: list[tuple[str, int]]
    per_kind: list[tuple[str, int]]
    top_venues: list[tuple[str, int]]
    preprints: int


def per_year_bars(years: Counter, span: int = 25) -> list[tuple[str, int]]:
    """One bar per year of the last *span* years with papers, earlier years in one "before" bar."""
    if not years:
        return []
    last = max(years)
    first = max(min(years), last - span + 1)
    bars = [(str(year), years.get(year, 0)) for year in range(first, last + 1)]
    earlier = sum(count for year, count in years.items() if year < first)
    return [(f"before {first}", earlier), *bars] if earlier else bars


def _venues(facets: list[Facets]) -> Counter:
    """Venue counts, spellings that differ only in case counted together (most common spelling shown)."""
    spellings: dict[str, Counter] = {}
    for f in facets:
        if f.venue and not f.preprint:
            spellings.setdefault(f.venue.casefold(), Counter())[f.venue] += 1
    return Counter({forms.most_common(1)[0][0]: sum(forms.values()) for forms in spellings.values()})


def compute(facets: Iterable[Facets], top: int = 10) -> Stats:
    facets = list(facets)
    per_year = per_year_bars(Counter(f.year for f in facets if f.year))
    venues = _venues(facets)
    return Stats(
        total=len(facets),
        per_year=per_year,
        per_kind=Counter(f.kind for f in facets).most_common(),
        top_venues=sorted(venues.items(), key=lambda item: (-item[1], item[0].casefold()))[:top],
        preprints=sum(f.preprint for f in facets),
    )


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="paper-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" aria-label="{escape(title, {chr(34): "&quot;"})}">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(body)}</svg>"
    )


def column_chart(title: str, data: list[tuple[str, int]]) -> str:
    """Vertical bars, one per label (papers per year)."""
    width, height, bottom, top, left = max(320, 24 * len(data) + 70), 240, 170, 20, 62
    peak = max((value for _, value in data), default=1) or 1
    bar = (width - left - 8) / max(len(data), 1)
    body = [f'<line x1="{left - 2}" y1="{bottom}" x2="{width - 5}" y2="{bottom}" class="axis"/>']
    for index, (label, value) in enumerate(data):
        x = left + index * bar
        h = (bottom - top) * value / peak
        body.append(
            f'<rect x="{x:.1f}" y="{bottom - h:.1f}" width="{bar * 0.8:.1f}" height="{h:.1f}">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        if value:
            body.append(
                f'<text x="{x + bar * 0.4:.1f}" y="{bottom - h - 3:.1f}" class="value">{value}</text>'
            )
        body.append(
            f'<text x="{x + bar * 0.4:.1f}" y="{bottom + 12}" class="label" text-anchor="end" '
            f'transform="rotate(-45 {x + bar * 0.4:.1f} {bottom + 12})">{escape(label)}</text>'
        )
    desc = "; ".join(f"{label}: {value}" for label, value in data)
    return _svg(width, height, title, desc, body)


def bar_chart(title: str, data: list[tuple[str, int]]) -> str:
    """Horizontal bars with long labels (entry types, venues)."""
    width, row, label_width = 640, 24, 300
    height = row * len(data) + 10
    peak = max((value for _, value in data), default=1) or 1
    body = []
    for index, (label, value) in enumerate(data):
        y = 5 + index * row
        w = (width - label_width - 50) * value / peak
        short = label if len(label) <= 48 else label[:47] + "…"
        body.append(
            f'<text x="{label_width - 6}" y="{y + 15}" class="label" text-anchor="end">{escape(short)}</text>'
        )
        body.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 8}">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        body.append(f'<text x="{label_width + w + 4:.1f}" y="{y + 15}" class="value">{value}</text>')
    desc = "; ".join(f"{label}: {value}" for label, value in data)
    return _svg(width, height, title, desc, body)
