"""Formatting only: our style vs pybtex's ``plain`` (what sphinxcontrib-bibtex runs) on one file."""

from __future__ import annotations

from pathlib import Path

import pybtex.plugin
from pybtex.database.input.bibtex import Parser
from pybtex.style.template import FieldIsMissing

from ext import latex, style
from ext.bibfile import read_bib
from ext.render import render_list

from .timing import Sample, interleaved


def measure(bib_path: Path, repeat: int = 5) -> dict[str, Sample]:
    """Parse and format times; caches are cleared before every run (a cold, clean build)."""
    style.register()
    ours_bib = read_bib(bib_path)
    plain_data = Parser(encoding="utf-8").parse_file(str(bib_path))
    plain_style = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")()

    def ours_format() -> None:
        latex.decode.cache_clear()
        list(style.SparsityStyle().format_entries(ours_bib.entries))

    def plain_format() -> None:
        # what sphinxcontrib-bibtex does per bibliography (it then formats once more for tooltips)
        entries = plain_style.sort(plain_data.entries.values())
        for label, entry in zip(plain_style.format_labels(entries), entries):
            try:
                plain_style.format_entry(label, entry)
            except FieldIsMissing:
                pass

    def ours_markdown() -> None:
        latex.decode.cache_clear()
        render_list(read_bib(bib_path))

    def ours_parse() -> None:
        read_bib(bib_path)

    def plain_parse() -> None:
        Parser(encoding="utf-8").parse_file(str(bib_path))

    return interleaved({"ours format": ours_format, "plain format": plain_format,
                        "ours parse": ours_parse, "plain parse": plain_parse,
                        "ours parse+format+markdown": ours_markdown}, repeat)
