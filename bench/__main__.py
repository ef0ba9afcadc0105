"""``python -m bench``: run the benchmarks and write bench/results.md."""

from __future__ import annotations

import argparse
import platform
from pathlib import Path

from . import builds, formatting, sync

REPO = Path(__file__).resolve().parent.parent


def row(what: str, ours: float, anchor: float | None, anchor_name: str) -> str:
    if not anchor:
        ratio = "n/a"
    elif anchor >= ours:
        ratio = f"{anchor / ours:.1f}× faster"
    else:
        ratio = f"{ours / anchor:.1f}× slower"
    anchor_text = f"{anchor:.3f} s ({anchor_name})" if anchor else f"n/a ({anchor_name})"
    return f"| {what} | {ours:.3f} s | {anchor_text} | {ratio} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bib", type=Path, default=REPO / "sparsity.bib")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.md")
    args = parser.parse_args()

    fmt = formatting.measure(args.bib, args.repeat)
    clean = builds.sphinx_clean(REPO, repeat=max(1, args.repeat // 2))
    pandoc = builds.pandoc_html(args.bib, repeat=max(1, args.repeat // 2))

    lines = [
        "# Benchmark results", "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}; "
        f"medians of {args.repeat} interleaved runs; file: `{args.bib.name}`.", "",
        "| what | ours | anchor | ratio |", "|---|---|---|---|",
        row("format all entries (cold caches)", fmt["ours format"].seconds,
            fmt["plain format"].seconds, "pybtex `plain`, as sphinxcontrib-bibtex runs it"),
        row("parse the .bib", fmt["ours parse"].seconds, fmt["plain parse"].seconds, "pybtex parser"),
        row("Markdown list, parse to text", fmt["ours parse+format+markdown"].seconds, None, "-"),
        row("clean HTML build of the site", clean.seconds, pandoc.seconds if pandoc else None,
            "pandoc --citeproc, one HTML page"),
        "",
        "## Sync (fake Zotero API on 127.0.0.1, fixture library of "
        f"{452 + 8} entries)",
        "",
        "| scenario | latency | requests | seconds |",
        "|---|---|---|---|",
        *[f"| {s.scenario} | {s.latency_ms} ms | {s.requests} | {s.seconds:.2f} |" for s in sync.measure()],
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


main()
