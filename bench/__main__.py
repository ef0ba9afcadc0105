"""``python -m bench`` (``make bench``): every measurement, written to bench/results.md and a chart.

Ratios compare two things measured side by side in the same run; absolute
seconds depend on the machine. ``--quick`` runs the smallest size only
(the smoke test uses it so the benchmarks cannot rot).
"""

from __future__ import annotations

import argparse
import platform
from pathlib import Path

from ext.reader.bibfile import read_bib

from . import browser, builds, chart, compare, formatting, scale, sync, targets

REPO = Path(__file__).resolve().parent.parent


def ratio(ours: float, anchor: float | None) -> str:
    if not anchor:
        return "n/a"
    return f"{anchor / ours:.1f}× faster" if anchor >= ours else f"{ours / anchor:.1f}× slower"


def row(what: str, ours: float, anchor: float | None, anchor_name: str, rss: float | None = None) -> str:
    anchor_text = f"{anchor:.3f} s ({anchor_name})" if anchor else f"n/a ({anchor_name})"
    memory = f"{rss:.0f} MB" if rss else ""
    return f"| {what} | {ours:.3f} s | {anchor_text} | {ratio(ours, anchor)} | {memory} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="452,2000,5000,20000", help="synthetic sizes for the scale series")
    parser.add_argument(
        "--plain-up-to",
        type=int,
        default=5000,
        help="largest size built with the sphinxcontrib-bibtex baseline (it is slow)",
    )
    parser.add_argument("--quick", action="store_true", help="smallest size, one repeat, no PDF, no sync")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.md")
    parser.add_argument(
        "--before",
        metavar="REF",
        help="only the targets table, for the code at REF (a git revision or a folder) and for this tree, measured in turn "
        "(written next to --out as results-compare.md)",
    )
    args = parser.parse_args()
    if args.before:
        table = compare.run(args.before, 1 if args.quick else args.repeat, args.quick)
        args.out.with_name("results-compare.md").write_text(
            f"# Targets before and after\n\n{compare.machine()}\n\n" + "\n".join(table) + "\n",
            encoding="utf-8",
        )
        print("\n".join(table))
        return
    repeat = 1 if args.quick else args.repeat
    sizes = [int(s) for s in args.sizes.split(",")][: 1 if args.quick else None]
    bib = REPO / "sparsity.bib"
    entries = len(read_bib(bib).data.entries)

    fmt = formatting.measure(bib, repeat)
    site = builds.site_builds(max(1, repeat // 2) if not args.quick else 1)
    pandoc = builds.pandoc_html(bib, max(1, repeat // 2))
    markdown = builds.markdown_lists(bib, max(1, repeat // 2))
    pdf = None if args.quick else builds.pdf(1)
    points = scale.measure(sizes, max(1, repeat // 2), args.plain_up_to)
    cli = None if args.quick else sync.measure_cli()
    largest = points[-1]
    verdicts = [
        targets.large_build(
            largest.size,
            largest.ours.seconds,
            largest.ours.peak_rss_mb,
            largest.pandoc.seconds if largest.pandoc else None,
        ),
        targets.site_overhead(entries, site["clean"].seconds, site["empty clean"].seconds),
        targets.rebuild("no-change rebuild", site["no change"].seconds, site["empty no change"].seconds, 1.1),
        targets.rebuild(
            "one-entry edit rebuild", site["one entry edited"].seconds, site["empty no change"].seconds, 1.3
        ),
        targets.pdf(pdf.seconds if pdf else None, pdf.peak_rss_mb if pdf else None),
        targets.sync_cli("no-op", cli["no-op"] if cli else None, 0.25, cli["no-op floor"] if cli else None),
        targets.sync_cli("full", cli["full"] if cli else None, 0.35, cli["full floor"] if cli else None),
        targets.growth(
            [(p.size, p.ours.seconds) for p in points], [(p.size, p.ours.peak_rss_mb or 0) for p in points]
        ),
    ]

    lines = [
        "# Benchmark results",
        "",
        f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}. "
        f"Medians of interleaved runs; ratios are within one run. File: `sparsity.bib` ({entries} entries).",
        "",
        "## Targets",
        "",
        *targets.table(verdicts),
        "",
        *targets.OWN_COST_NOTE,
        "",
        "| what | measured |",
        "|---|---|",
        *(
            f"| {v.what} | {v.measured} |"
            for v in targets.own_cost(entries, {name: sample.seconds for name, sample in site.items()})
        ),
        "",
        "## Measurements",
        "",
        "| what | ours | anchor | ratio | peak RSS |",
        "|---|---|---|---|---|",
        row(
            f"format {entries} entries, cold",
            fmt["ours cold"].seconds,
            fmt["sphinxcontrib plain x2"].seconds,
            "sphinxcontrib-bibtex `plain`, per build: entries + tooltips",
        ),
        row(
            f"format {entries} entries, cold",
            fmt["ours cold"].seconds,
            fmt["plain x1"].seconds,
            "pybtex `plain`, once",
        ),
        row(
            f"format {entries} entries, cached (rebuild)",
            fmt["ours cached"].seconds,
            fmt["sphinxcontrib plain x2"].seconds,
            "sphinxcontrib-bibtex `plain`, per build",
        ),
        row("parse sparsity.bib", fmt["ours parse"].seconds, fmt["pybtex parse"].seconds, "pybtex parser"),
        row(
            "clean HTML build of the site",
            site["clean"].seconds,
            pandoc.seconds if pandoc else None,
            "pandoc --citeproc, one HTML page",
            site["clean"].peak_rss_mb,
        ),
        row(
            "HTML rebuild, nothing changed",
            site["no change"].seconds,
            site["empty no change"].seconds,
            "same rebuild of an empty furo project",
        ),
        row(
            "HTML rebuild, one entry edited",
            site["one entry edited"].seconds,
            site["empty no change"].seconds,
            "empty furo project rebuild",
        ),
        row("clean HTML build, empty furo project", site["empty clean"].seconds, None, "-"),
        row(
            "Markdown list",
            markdown["ours"].seconds,
            markdown["pandoc"].seconds if "pandoc" in markdown else None,
            "pandoc --citeproc + pandoc HTML→Markdown",
        ),
    ]
    if pdf:
        lines.append(row("clean PDF (make pdf)", pdf.seconds, None, "-", pdf.peak_rss_mb))
    lines += [
        "",
        "## Scale: clean HTML build of synthetic bibliographies",
        "",
        "| entries | ours | sphinxcontrib-bibtex `plain` | ratio | pandoc `--citeproc` | ratio | our peak RSS |",
        "|---|---|---|---|---|---|---|",
    ]
    for point in points:
        base = point.plain.seconds if point.plain else None
        pandoc_seconds = point.pandoc.seconds if point.pandoc else None
        lines.append(
            f"| {point.size} | {point.ours.seconds:.1f} s | "
            f"{f'{base:.1f} s' if base else 'not run'} | {ratio(point.ours.seconds, base)} | "
            f"{f'{pandoc_seconds:.1f} s' if pandoc_seconds else 'not run'} | "
            f"{ratio(point.ours.seconds, pandoc_seconds)} | {point.ours.peak_rss_mb:.0f} MB |"
        )
    if len(points) >= 3:
        big = [(p.size, p.ours.seconds) for p in points if p.size >= 2000]
        lines.append("")
        lines.append(
            f"Growth exponent k (time ∝ n^k), ours, sizes ≥ 2000: {targets.exponent(big):.2f}; "
            f"all sizes: {targets.exponent([(p.size, p.ours.seconds) for p in points]):.2f}."
        )
    series = {"ours": [(p.size, p.ours.seconds) for p in points]}
    plain_points = [(p.size, p.plain.seconds) for p in points if p.plain]
    if plain_points:
        series["sphinxcontrib-bibtex plain"] = plain_points
    pandoc_points = [(p.size, p.pandoc.seconds) for p in points if p.pandoc]
    if pandoc_points:
        series["pandoc --citeproc"] = pandoc_points
    chart_path = args.out.with_name("results-scale.svg")
    chart_path.write_text(chart.line_chart("Clean HTML build time", series), encoding="utf-8")
    lines += ["", f"![Build time against entries]({chart_path.name})", ""]
    if not args.quick:
        loads = max(1, repeat // 2)  # fresh page loads, each typed into
        latency = browser.measure(rounds=loads)
        lines += ["## Page search: keystroke to updated list (headless Chromium)", ""]
        lines += (
            [
                f'- {size} entries, {profile}: {ms:.0f} ms (median over the keys of "pruning" on {loads} loads; target '
                f"{'50' if profile == 'desktop' else '100'} ms)"
                for (_, size, profile), ms in latency.items()
            ]
            if latency
            else ["- not measured: Chromium or playwright missing"]
        ) + [""]
        lines += [
            "## Sync (fake Zotero API on 127.0.0.1, fixture library of 460 entries)",
            "",
            f"`python -m sync pull` as a new process at 100 ms RTT (median of 3): full pull "
            f"{cli['full']:.2f} s, no-op pull {cli['no-op']:.2f} s; the same requests through pyzotero alone "
            f"(`bench/syncfloor.py`): {cli['full floor']:.2f} s and {cli['no-op floor']:.2f} s. In-process `pull()` calls:"
            if cli
            else "",
            "",
            "| scenario | latency | requests | seconds |",
            "|---|---|---|---|",
            *[
                f"| {s.scenario} | {s.latency_ms} ms | {s.requests} | {s.seconds:.2f} |"
                for s in sync.measure()
            ],
            "",
        ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


main()
