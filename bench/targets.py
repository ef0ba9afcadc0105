"""The performance targets (issue 15), each checked against what this run measured.

Every row compares numbers taken side by side in the same run, so the verdict
does not depend on the machine's speed; a row whose inputs were not measured
(no pandoc, no TeX, ``--quick``) says so instead of passing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    what: str
    measured: str
    target: str
    met: bool | None  #: None: not measured in this run

    def row(self) -> str:
        status = {True: "met", False: "**not met**", None: "not measured"}[self.met]
        return f"| {self.what} | {self.measured} | {self.target} | {status} |"


def exponent(points: list[tuple[int, float]]) -> float:
    """k in value ∝ n^k, least squares on the log-log points."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(v) for _, v in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )


def large_build(
    entries: int, ours: float | None, rss_mb: float | None, pandoc: float | None, kind: str = "synthetic"
) -> Verdict:
    what = f"clean build, {entries} {kind} entries"
    if ours is None or pandoc is None or rss_mb is None:
        return Verdict(what, "n/a", "≤ 0.3× pandoc `--citeproc`, ≤ 600 MB", None)
    ratio = ours / pandoc
    return Verdict(
        what,
        f"{ours:.1f} s ({ratio:.2f}× pandoc's {pandoc:.1f} s), {rss_mb:.0f} MB",
        "≤ 0.3× pandoc `--citeproc`, ≤ 600 MB",
        ratio <= 0.3 and rss_mb <= 600,
    )


def site_overhead(
    entries: int, clean: float, empty_clean: float, baseline: str = "empty furo build"
) -> Verdict:
    extra = clean - empty_clean
    return Verdict(
        f"clean build, {entries} entries, minus {baseline}",
        f"{extra:.2f} s ({clean:.2f} − {empty_clean:.2f})",
        "≤ 0.5 s",
        extra <= 0.5,
    )


def rebuild(
    what: str, seconds: float, empty: float, limit: float, baseline: str = "empty furo rebuild"
) -> Verdict:
    ratio = seconds / empty
    return Verdict(
        f"{what} / {baseline}",
        f"{ratio:.2f}× ({seconds:.2f} s / {empty:.2f} s)",
        f"≤ {limit}×",
        ratio <= limit,
    )


def pdf(seconds: float | None, rss_mb: float | None) -> Verdict:
    if seconds is None or rss_mb is None:
        return Verdict("clean PDF", "n/a", "≤ 12 s, ≤ 600 MB", None)
    return Verdict(
        "clean PDF", f"{seconds:.1f} s, {rss_mb:.0f} MB", "≤ 12 s, ≤ 600 MB", seconds <= 12 and rss_mb <= 600
    )


def sync_cli(scenario: str, seconds: float | None, limit: float, floor: float | None = None) -> Verdict:
    """*floor*: the same requests through pyzotero alone, in the same rounds (:mod:`bench.syncfloor`):
    a pull does all of that work and more, so a *limit* below it is out of reach on this machine."""
    what = f"`python -m sync pull`, {scenario}, at 100 ms RTT"
    if seconds is None:
        return Verdict(what, "n/a", f"≤ {limit} s", None)
    measured = f"{seconds:.2f} s" if floor is None else f"{seconds:.2f} s (pyzotero alone: {floor:.2f} s)"
    return Verdict(what, measured, f"≤ {limit} s", seconds <= limit)


def growth(times: list[tuple[int, float]], memory: list[tuple[int, float]]) -> Verdict:
    what = "growth exponent k, 2 000 → 20 000"
    big = [(n, t) for n, t in times if n >= 2000]
    big_memory = [(n, m) for n, m in memory if n >= 2000]
    if len(big) < 2:
        return Verdict(what, "n/a", "k ≤ 1.0, memory linear", None)
    k, m = exponent(big), exponent(big_memory)
    return Verdict(what, f"k = {k:.2f} (memory: {m:.2f})", "k ≤ 1.0, memory linear", k <= 1.0 and m <= 1.0)


#: keystroke to updated list, by (list size, browser profile): a small list must feel instant on a
#: desktop, and a large one stay under the 100 ms at which a reader stops feeling the page answer
#: as they type, on a phone too (CPU throttled 4×)
KEYSTROKE_MS = {(452, "desktop"): 50.0, (20000, "desktop"): 100.0, (20000, "phone 4x"): 100.0}


def keystrokes(latency: dict[tuple[int, str], float] | None) -> list[Verdict]:
    """One row per (size, profile) of :data:`KEYSTROKE_MS` (median over the keys typed)."""
    rows = []
    for (size, profile), limit in KEYSTROKE_MS.items():
        what = f"page search, keystroke to updated list, {size} entries, {profile}"
        ms = (latency or {}).get((size, profile))
        measured = "n/a" if ms is None else f"{ms:.0f} ms"
        rows.append(Verdict(what, measured, f"≤ {limit:.0f} ms", None if ms is None else ms <= limit))
    return rows


def table(verdicts: list[Verdict]) -> list[str]:
    return ["| what | measured | target | verdict |", "|---|---|---|---|", *(v.row() for v in verdicts)]


#: the lines that introduce the table of :func:`own_cost`, in both results files
OWN_COST_NOTE = [
    "For information, not targets: the small-site rows against an empty furo project that keeps",
    "its compiled templates as the site does (`ext.site.templatecache`), so that what Sphinx no",
    "longer compiles in the site's builds does not count as the site's own work.",
]
#: the baselines of :func:`own_cost`
KEPT_BUILD = "empty furo build keeping its compiled templates"
KEPT_REBUILD = "empty furo rebuild keeping its compiled templates"


def own_cost(entries: int, site: dict[str, float]) -> list[Verdict]:
    """The three small-site rows against an empty furo project that keeps its compiled templates as
    the site does (*site*: seconds by :func:`bench.builds.site_builds` name): the cost of the site's
    own work, which the targets' baseline (Sphinx compiling furo's templates every build) hides.
    For information; the targets are the rows against the plain empty build."""
    return [
        site_overhead(entries, site["clean"], site["empty kept clean"], KEPT_BUILD),
        rebuild("no-change rebuild", site["no change"], site["empty kept no change"], 1.1, KEPT_REBUILD),
        rebuild(
            "one-entry edit rebuild",
            site["one entry edited"],
            site["empty kept no change"],
            1.3,
            KEPT_REBUILD,
        ),
    ]
