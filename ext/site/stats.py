"""Statistics of the bibliography (pure; computed at build time).

The statistics page shows them as HTML bar lists (:class:`ext.site.widgets.paper_bars`):
real text that stays readable on a phone, each bar a link into the filtered list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ext.site.facets import Facets, same_case


@dataclass(frozen=True)
class Stats:
    total: int
    per_year: list[tuple[str, int]]
    per_kind: list[tuple[str, int]]
    top_venues: list[tuple[str, int]]
    preprints: int


def per_year_bars(years: Counter, span: int = 25) -> list[tuple[str, int]]:
    """One bar per year of the last *span* years, earlier years one bar per decade ("1990–1996").

    Labels are a year or ``FIRST–LAST``; :func:`year_range` reads them back.
    """
    if not years:
        return []
    last = max(years)
    first = max(min(years), last - span + 1)
    bars = [(str(year), years.get(year, 0)) for year in range(first, last + 1)]
    decades: Counter = Counter()
    for year, count in years.items():
        if year < first:
            decades[year // 10 * 10] += count
    earlier = [(f"{decade}\u2013{min(decade + 9, first - 1)}", decades[decade]) for decade in sorted(decades)]
    return [*earlier, *bars]


def year_range(label: str) -> tuple[str, str]:
    """The first and last year of a bar of :func:`per_year_bars`."""
    low, _, high = label.partition("\u2013")
    return low, high or low


def _venues(facets: list[Facets]) -> Counter:
    """Venue counts, spellings that differ only in case counted together (most common spelling shown)."""
    spellings: dict[str, Counter] = {}
    for f in facets:
        if f.venue and not f.preprint:
            spellings.setdefault(same_case(f.venue), Counter())[f.venue] += 1
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
