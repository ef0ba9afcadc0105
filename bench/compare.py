"""``python -m bench --before REF``: the targets table for the code at REF and for this working tree,
measured in turn in one run.

Absolute seconds differ from machine to machine and from hour to hour; a before/after pair taken
minutes apart on a shared machine can differ by more than the change being measured. So every
round measures "before" and "after" back to back (and the anchors: pandoc, an empty furo project),
in the other order every other round, and the table gives medians over the rounds; the rows that
take seconds (the small site, the sync) get :data:`SMALL_ROUNDS` times as many rounds. "before"
is ``git archive REF`` unpacked in a temporary folder, "after" is this tree as it is, uncommitted
changes included; both build this tree's ``sparsity.bib`` and the same synthetic bibliographies.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
from pathlib import Path

from . import browser, builds, projects, scale, sync, synth, targets
from .timing import Sample

REPO = Path(__file__).resolve().parent.parent
SIDES = ("before", "after")
#: rounds of the small-site and sync rows per round of the others: each takes seconds, and their
#: medians over three rounds moved by 0.15 s between sides for builds that ran no changed code
SMALL_ROUNDS = 3


def in_turn(codes: dict[str, Path], round_: int) -> list[tuple[str, Path]]:
    """The sides in the order round *round_* measures them: reversed every other round, so that
    neither side always runs first (after a build of the other, with its files in the page cache)."""
    order = list(codes.items())
    return order if round_ % 2 == 0 else order[::-1]


def machine() -> str:
    """What the numbers were taken on: they hold for this machine class, at this load."""
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor() or platform.machine(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.machine()
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"Machine: {cpu}, {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}; load average before the run {load}."
    )


def _median(samples: list[Sample]) -> Sample:
    rss = [s.peak_rss_mb for s in samples if s.peak_rss_mb]
    return Sample(statistics.median(s.seconds for s in samples), max(rss) if rss else None)


def _large_builds(
    codes: dict[str, Path], repeat: int, work: Path, sizes: tuple[int, int]
) -> dict[str, targets.Verdict]:
    """20 000 and 2 000 synthetic entries, clean builds, each side in turn; pandoc on the 20 000
    in the same rounds."""
    texts = {size: synth.generate(size) for size in sizes}
    largest = sizes[-1]
    bib = work / f"synth-{largest}.bib"
    bib.write_text(texts[largest], encoding="utf-8")
    taken: dict[tuple[str, int], list[Sample]] = {(side, size): [] for side in codes for size in texts}
    pandoc: list[float] = []
    for round_ in range(repeat):
        for side, code in in_turn(codes, round_):
            for size, text in texts.items():
                where = work / f"{side}-{size}-{round_}"
                taken[side, size].append(scale.build_ours(text, where, code))
        anchor = builds.pandoc_html(bib, 1)
        if anchor:
            pandoc.append(anchor.seconds)
    point = {at: _median(samples) for at, samples in taken.items()}
    pandoc_seconds = statistics.median(pandoc) if pandoc else None
    verdicts = {}
    for side in codes:
        big = point[side, largest]
        verdicts[side + " large"] = targets.large_build(largest, big.seconds, big.peak_rss_mb, pandoc_seconds)
        verdicts[side + " growth"] = targets.growth(
            [(size, point[side, size].seconds) for size in texts],
            [(size, point[side, size].peak_rss_mb or 0) for size in texts],
        )
    return verdicts


def _rich_build(codes: dict[str, Path], work: Path, size: int) -> dict[str, targets.Verdict]:
    """One round on a richer synthetic list (every entry with an abstract, notes, links): a target
    met only on lean entries would not hold for another library."""
    text = synth.generate(size, seed=7, rich=True)
    bib = work / f"rich-{size}.bib"
    bib.write_text(text, encoding="utf-8")
    anchor = builds.pandoc_html(bib, 1)
    verdicts = {}
    for side, code in codes.items():
        ours = scale.build_ours(text, work / f"rich-{side}", code)
        verdicts[side] = targets.large_build(
            size, ours.seconds, ours.peak_rss_mb, anchor.seconds if anchor else None, "rich synthetic"
        )
    return verdicts


#: the empty furo project's builds (as Sphinx makes them, and keeping compiled templates), the same for both sides
EMPTY = ("empty clean", "empty no change", "empty kept clean", "empty kept no change")


def _site(codes: dict[str, Path], repeat: int) -> dict[str, list[targets.Verdict]]:
    """The real site on each side, in turn in every round. The empty furo project is the same for
    both sides, so both sides' samples of it make one baseline: measured per side, the two medians
    of that one project differed by 0.24 s in one run, more than the changes being compared."""
    taken: dict[str, list[dict[str, Sample]]] = {side: [] for side in codes}
    for round_ in range(repeat):
        for side, code in in_turn(codes, round_):
            taken[side].append(builds.site_builds(1, code))
    empty = {name: _median([run[name] for runs in taken.values() for run in runs]).seconds for name in EMPTY}
    verdicts = {}
    for side, runs in taken.items():
        m = {name: _median([run[name] for run in runs]) for name in runs[0] if name not in EMPTY}
        verdicts[side] = [
            targets.site_overhead(452, m["clean"].seconds, empty["empty clean"]),
            targets.rebuild("no-change rebuild", m["no change"].seconds, empty["empty no change"], 1.1),
            targets.rebuild(
                "one-entry edit rebuild", m["one entry edited"].seconds, empty["empty no change"], 1.3
            ),
        ]
        verdicts[side + " own"] = targets.own_cost(452, {**{n: s.seconds for n, s in m.items()}, **empty})
    return verdicts


def _sync(codes: dict[str, Path], repeat: int) -> dict[str, list[targets.Verdict]]:
    taken: dict[str, list[dict[str, float]]] = {side: [] for side in codes}
    for round_ in range(repeat):
        for side, code in in_turn(codes, round_):
            taken[side].append(sync.measure_cli(repeat=1, code=code))
    # the floor (pyzotero alone) is the same for both sides: both sides' samples of it make one
    floor = {
        name: statistics.median(r[name] for runs in taken.values() for r in runs)
        for name in ("no-op floor", "full floor")
    }
    return {
        side: [
            targets.sync_cli(
                "no-op", statistics.median(r["no-op"] for r in runs), 0.25, floor["no-op floor"]
            ),
            targets.sync_cli("full", statistics.median(r["full"] for r in runs), 0.35, floor["full floor"]),
        ]
        for side, runs in taken.items()
    }


def _pdf(codes: dict[str, Path], quick: bool) -> dict[str, targets.Verdict]:
    made = {side: None if quick else builds.pdf(1, code) for side, code in codes.items()}
    return {
        side: targets.pdf(s.seconds if s else None, s.peak_rss_mb if s else None) for side, s in made.items()
    }


def _search(codes: dict[str, Path], repeat: int, quick: bool) -> dict[str, list[targets.Verdict]]:
    """Both pages built, then typed into in turn, on *repeat* fresh loads each (see
    :func:`bench.browser.measure`): one load's keystrokes vary with what the page does first."""
    latency = None if quick else browser.measure(versions=codes, rounds=repeat)
    return {
        side: targets.keystrokes(
            {(size, profile): ms for (name, size, profile), ms in latency.items() if name == side}
            if latency
            else None
        )
        for side in codes
    }


def run(ref: str, repeat: int, quick: bool = False) -> list[str]:
    """The lines of the before/after table (Markdown). *quick*: synthetic sizes 452 and 2 000
    instead of 2 000 and 20 000, no PDF, no browser (the smoke test's run)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        codes = {"before": projects.export(ref, work / "before"), "after": projects.compiled(REPO)}
        large = _large_builds(codes, repeat, work, (452, 2000) if quick else (2000, 20000))
        rich = _rich_build(codes, work, 452 if quick else 20000)
        small = repeat if quick else repeat * SMALL_ROUNDS
        site = _site(codes, small)
        cli = _sync(codes, small)
        pdf = _pdf(codes, quick)
        search = _search(codes, repeat, quick)
    rows = {
        side: [
            large[side + " large"],
            *site[side],
            pdf[side],
            *cli[side],
            large[side + " growth"],
            *search[side],
            rich[side],
        ]
        for side in SIDES
    }
    lines = [
        f"| what | before ({ref}) | after (this tree) | target | before | after |",
        "|---|---|---|---|---|---|",
    ]
    status = {True: "met", False: "**not met**", None: "not measured"}
    for old, new in zip(rows["before"], rows["after"], strict=True):
        lines.append(
            f"| {new.what} | {old.measured} | {new.measured} | {new.target} | {status[old.met]} | {status[new.met]} |"
        )
    lines += [
        "",
        *targets.OWN_COST_NOTE,
        "",
        f"| what | before ({ref}) | after (this tree) |",
        "|---|---|---|",
        *(
            f"| {new.what} | {old.measured} | {new.measured} |"
            for old, new in zip(site["before own"], site["after own"], strict=True)
        ),
    ]
    return lines
