"""Formatting only: our catalog (cold and cached) vs what sphinxcontrib-bibtex does with ``plain``.

sphinxcontrib-bibtex sorts, labels and formats every entry of a bibliography on
every build, twice (once more for the tooltips); we format each entry once per
change of the .bib and reuse the result (:mod:`ext.site.catalog`).

:func:`entry_text` compares the two ways we print an entry's text, as the catalog
needs it (HTML and LaTeX at its place, plain text, the full entry under ``———``):
through pybtex rich text (:mod:`ext.style.chicago`) and straight to strings
(:mod:`ext.style.entry`); ``python -m bench.formatting FILE.bib`` prints their CPU time.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from pathlib import Path

import pybtex.plugin
from pybtex.database.input.bibtex import Parser
from pybtex.style.template import FieldIsMissing

from ext.reader import latex, names
from ext.reader.bibfile import read_bib
from ext.reader.fields import Fields
from ext.site.catalog import build_catalog
from ext.site.latexbackend import LatexBackend
from ext.style import runs
from ext.style.backends import HtmlBackend
from ext.style.chicago import format_contributors, format_entry_text
from ext.style.entry import full_entry, placed_entry
from ext.style.ordering import Placement, contributors_or_dash, place, sort_key

from .timing import Sample, interleaved


def measure(bib_path: Path, repeat: int = 5) -> dict[str, Sample]:
    bib = read_bib(bib_path)
    data = Parser(encoding="utf-8").parse_file(str(bib_path))
    plain = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")()
    warm = build_catalog(bib)

    def ours_cold() -> None:
        latex.decode.cache_clear()
        names.plain.cache_clear()
        build_catalog(bib)

    def ours_cached() -> None:
        build_catalog(bib, warm)

    def plain_per_build(times: int = 2) -> None:
        entries = plain.sort(data.entries.values())
        for label, entry in zip(plain.format_labels(entries), entries, strict=True):
            for _ in range(times):
                with contextlib.suppress(FieldIsMissing):
                    plain.format_entry(label, entry)

    return interleaved(
        {
            "ours cold": ours_cold,
            "ours cached": ours_cached,
            "sphinxcontrib plain x2": plain_per_build,
            "plain x1": lambda: plain_per_build(1),
            "ours parse": lambda: read_bib(bib_path),
            "pybtex parse": lambda: Parser(encoding="utf-8").parse_file(str(bib_path)),
        },
        repeat,
    )


def _clear_caches() -> None:
    latex.decode.cache_clear()
    names.plain.cache_clear()
    runs.field_runs.cache_clear()
    runs.cased_runs.cache_clear()


def entry_text(bib_path: Path, repeat: int = 3) -> dict[str, Sample]:
    """Median CPU seconds of printing every entry through pybtex rich text and through runs,
    interleaved, each from cold caches after the list is sorted and placed (as in a build)."""
    bib = read_bib(bib_path)
    html, tex = HtmlBackend(), LatexBackend()

    def rich(fields: Fields, placement: Placement) -> None:
        year, repeats = placement.year_label, placement.repeats_authors
        text = format_entry_text(fields, contributors_or_dash(fields, placement), year)
        full = format_entry_text(fields, format_contributors(fields), year) if repeats else text
        _ = (full.render(html) if repeats else "", str(full), text.render(html), text.render(tex), str(text))

    def light(fields: Fields, placement: Placement) -> None:
        year, repeats = placement.year_label, placement.repeats_authors
        text = placed_entry(fields, year, repeats)
        full = full_entry(fields, year) if repeats else text
        _ = (runs.render(full, html) if repeats else "", runs.plain(full), runs.render_all(text, (html, tex)))

    times: dict[str, list[float]] = {"rich text": [], "runs": []}
    for _ in range(repeat):
        for name, func in (("rich text", rich), ("runs", light)):
            _clear_caches()
            ordered = sorted((Fields(entry) for entry in bib.entries), key=sort_key)
            placed = list(zip(ordered, place(ordered), strict=True))
            start = time.process_time()
            for fields, placement in placed:
                func(fields, placement)
            times[name].append(time.process_time() - start)
    return {name: Sample(statistics.median(values)) for name, values in times.items()}


if __name__ == "__main__":
    for what, sample in entry_text(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3).items():
        print(f"{what}: {sample.seconds:.2f} s CPU")
