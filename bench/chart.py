"""The benchmark chart: build time against number of entries, one line per tool (static SVG)."""

from __future__ import annotations

from xml.sax.saxutils import escape

COLOURS = ("#2962ff", "#d84315", "#2e7d32")


def line_chart(title: str, series: dict[str, list[tuple[int, float]]], unit: str = "s") -> str:
    """Log-scaled x (entries) and linear y (seconds); every point labelled."""
    import math

    width, height, left, bottom, top, right = 640, 360, 60, 310, 40, 150
    xs = [n for points in series.values() for n, _ in points]
    peak = max((t for points in series.values() for _, t in points), default=1.0)
    low, high = math.log(min(xs)), math.log(max(xs))

    def x_of(n: int) -> float:
        return left + (width - left - right) * ((math.log(n) - low) / ((high - low) or 1))

    def y_of(t: float) -> float:
        return bottom - (bottom - top) * t / peak

    body = [
        f'<text x="{width / 2}" y="20" text-anchor="middle" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{bottom}" x2="{width - right}" y2="{bottom}" stroke="#666"/>',
        f'<line x1="{left}" y1="{bottom}" x2="{left}" y2="{top}" stroke="#666"/>',
        f'<text x="{(width - right + left) / 2}" y="{height - 10}" text-anchor="middle">entries (log scale)</text>',
        f'<text x="15" y="{(top + bottom) / 2}" transform="rotate(-90 15 {(top + bottom) / 2})" '
        f'text-anchor="middle">{escape(unit)}</text>',
    ]
    for n in sorted(set(xs)):
        body.append(f'<text x="{x_of(n):.0f}" y="{bottom + 16}" text-anchor="middle">{n}</text>')
    for index, (name, points) in enumerate(series.items()):
        colour = COLOURS[index % len(COLOURS)]
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x_of(n):.1f},{y_of(t):.1f}" for i, (n, t) in enumerate(points)
        )
        body.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for n, t in points:
            body.append(
                f'<circle cx="{x_of(n):.1f}" cy="{y_of(t):.1f}" r="3" fill="{colour}"/>'
                f'<text x="{x_of(n) + 5:.1f}" y="{y_of(t) - 5:.1f}" font-size="11">{t:.1f}</text>'
            )
        body.append(
            f'<text x="{width - right + 10}" y="{top + 20 * index + 10}" fill="{colour}">'
            f"{escape(name)}</text>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" font-family="sans-serif" '
        f'font-size="12" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>\n"
    )
