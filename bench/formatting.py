"""Formatting only: our catalog (cold and cached) vs what sphinxcontrib-bibtex does with ``plain``.

sphinxcontrib-bibtex sorts, labels and formats every entry of a bibliography on
every build, twice (once more for the tooltips); we format each entry once per
change of the .bib and reuse the result (:mod:`ext.site.catalog`).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pybtex.plugin
from pybtex.database.input.bibtex import Parser
from pybtex.style.template import FieldIsMissing

from ext.reader import latex, names
from ext.reader.bibfile import read_bib
from ext.site.catalog import build_catalog

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
