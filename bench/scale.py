"""Clean HTML builds of synthetic bibliographies of growing size: ours vs sphinxcontrib-bibtex ``plain``."""

from __future__ import annotations

import math
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import projects, synth
from .timing import Sample, median_child


@dataclass(frozen=True)
class Point:
    size: int
    ours: Sample
    plain: Sample | None


def measure(sizes: list[int], repeat: int, plain_up_to: int) -> list[Point]:
    points = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            text = synth.generate(size)
            runs = {}
            for name, make in (("ours", projects.ours), ("plain", projects.plain)):
                if name == "plain" and size > plain_up_to:
                    runs[name] = None
                    continue
                source = make(Path(tmp) / f"{name}-{size}", text)
                runs[name] = median_child(
                    [
                        sys.executable,
                        "-m",
                        "sphinx",
                        "-q",
                        "-E",
                        "-b",
                        "html",
                        str(source),
                        str(Path(tmp) / f"out-{name}-{size}"),
                    ],
                    repeat if size < 5000 else 1,
                    env=projects.ENV,
                )
            points.append(Point(size, runs["ours"], runs["plain"]))
    return points


def growth_exponent(points: list[tuple[int, float]]) -> float:
    """k in time ∝ n^k, least squares on the log-log points."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
