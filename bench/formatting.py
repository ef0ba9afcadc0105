"""Formatting only: our catalog (cold and cached) vs what sphinxcontrib-bibtex does with ``plain``.

sphinxcontrib-bibtex sorts, labels and formats every entry of a bibliography on
every build, twice (once more for the tooltips); we format each entry once per
change of the .bib and reuse the result (:mod:`ext.site.catalog`).

:func:`entry_text` times printing every entry's text as the catalog needs it (HTML
and LaTeX at its place, plain text, the full entry under ``———``), straight to
strings (:mod:`ext.style.entry`); ``python -m bench.formatting FILE.bib`` prints its
CPU time (run it on two trees, or ``python -m bench --before REF``, to compare).
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
from ext.style.entry import full_entry, placed_entry
from ext.style.ordering import place, sort_key

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
    """Median CPU seconds of printing every entry, from cold caches after the list is sorted and
    placed (as in a build)."""
    bib = read_bib(bib_path)
    html, tex = HtmlBackend(), LatexBackend()
    times: list[float] = []
    for _ in range(repeat):
        _clear_caches()
        ordered = sorted((Fields(entry) for entry in bib.entries), key=sort_key)
        placed = list(zip(ordered, place(ordered), strict=True))
        start = time.process_time()
        for fields, placement in placed:
            year, repeats = placement.year_label, placement.repeats_authors
            text = placed_entry(fields, year, repeats)
            full = full_entry(fields, year) if repeats else text
            _ = (
                runs.render(full, html) if repeats else "",
                runs.plain(full),
                runs.render_all(text, (html, tex)),
            )
        times.append(time.process_time() - start)
    return {"runs": Sample(statistics.median(times))}


if __name__ == "__main__":
    for what, sample in entry_text(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3).items():
        print(f"{what}: {sample.seconds:.2f} s CPU")
