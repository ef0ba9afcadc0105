"""Clean HTML builds of synthetic bibliographies of growing size: ours vs sphinxcontrib-bibtex ``plain``,
and pandoc ``--citeproc`` turning the same file into one HTML page."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import builds, projects, synth
from .timing import Sample, median_child


@dataclass(frozen=True)
class Point:
    size: int
    ours: Sample
    plain: Sample | None
    pandoc: Sample | None = None


def build_ours(text: str, where: Path, code: Path = projects.REPO) -> Sample:
    """One clean build of our project around the bibliography *text*, `ext` loaded from *code*."""
    source = projects.ours(where / "src", text)
    return median_child(
        [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(source), str(where / "out")],
        1,
        env=projects.env(code),
    )


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
            bib = Path(tmp) / f"synth-{size}.bib"
            bib.write_text(text, encoding="utf-8")
            pandoc = builds.pandoc_html(bib, repeat if size < 5000 else 1)
            points.append(Point(size, runs["ours"], runs["plain"], pandoc))
    return points
