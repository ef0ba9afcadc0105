"""The ``sparsity`` pybtex styles: Chicago author-date, one formatter for all outputs.

Three pybtex plugins, all named ``sparsity``, registered by :func:`register`:

* ``pybtex.style.sorting``: by author list as printed, then year, then title;
* ``pybtex.style.labels``: the author-year citation form ("Frankle and Carbin
  2019", "Han et al. 2016a"); while labelling it works out every entry's
  placement (year suffix, ``———``) for the whole sorted list;
* ``pybtex.style.formatting``: the entry layout of :mod:`ext.style.entry` (runs,
  handed to pybtex as rich text by :func:`ext.style.runs.to_rich`), using those placements.

sphinxcontrib-bibtex uses them through ``bibtex_default_style = "sparsity"``
(it calls ``sort``, ``format_labels``, then ``format_entry`` per entry), and the
``python -m ext render`` command through :meth:`SparsityStyle.format_entries`;
the page, the PDF and the README list therefore come from the same rich text.

A bibliography that lists only some entries (a chapter's references) must
still say "2020b" where the full list does, so the Sphinx extension attaches
each entry's placement in the whole library to the entry itself
(:func:`attach_placements`); year labels and citation names then come from it,
while ``———`` still depends on the list at hand. The entries belong to one
project's environment, so two projects built in one process never see each
other's placements, and an entry read anew (``python -m ext render``) has none.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle

from ext.reader.fields import Fields
from ext.style.entry import placed_entry
from ext.style.ordering import Placement, place, sort_key
from ext.style.runs import to_rich

STYLE_NAME = "sparsity"
_PLACEMENT = "sparsity_placement"  #: attribute of an entry: its placement in the whole library


def attach_placements(entries: Iterable[Entry], placements: dict[str, Placement]) -> None:
    """Give each entry its placement in the whole library (*placements*: lower-cased key → placement)."""
    for entry in entries:
        setattr(entry, _PLACEMENT, placements.get(entry.key.lower()))


def _attached(entry: Entry) -> Placement | None:
    return getattr(entry, _PLACEMENT, None)


def library_placement(entry: Entry) -> Placement:
    """*entry*'s placement in the full library (or on its own, outside Sphinx)."""
    found = _attached(entry)
    return found if found is not None else place([Fields(entry)])[0]


class SparsitySorting(BaseSortingStyle):
    """Author list as printed, then year (undated last), then title."""

    def sorting_key(self, entry: Entry) -> tuple:
        return sort_key(Fields(entry))


class SparsityLabels(BaseLabelStyle):
    """Author-year labels; remembers each entry's :class:`Placement`."""

    def __init__(self) -> None:
        self.placements: dict[str, Placement] = {}

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        entries = list(sorted_entries)
        for entry, placement in zip(entries, place([Fields(entry) for entry in entries]), strict=True):
            known = _attached(entry)
            if known is not None:
                placement = dataclasses.replace(known, repeats_authors=placement.repeats_authors)
            self.placements[entry.key] = placement
            yield placement.label


class SparsityStyle(BaseStyle):
    """Chicago author-date (17th edition, as pandoc's citeproc renders it)."""

    default_name_style = "plain"
    default_label_style = STYLE_NAME
    default_sorting_style = STYLE_NAME

    def placement(self, entry: Entry) -> Placement:
        """Year label and ``———`` flag of *entry*, as decided when labelling."""
        placements = getattr(self.label_style, "placements", {})
        found = placements.get(entry.key)
        return found if found is not None else place([Fields(entry)])[0]

    def format_entry(self, label: str, entry: Entry, bib_data=None) -> FormattedEntry:
        fields = Fields(entry)
        placement = self.placement(entry)
        text = to_rich(placed_entry(fields, placement.year_label, placement.repeats_authors))
        return FormattedEntry(entry.key, text, label)

    def format_entries(self, entries: Iterable[Entry], bib_data=None) -> Iterator[FormattedEntry]:
        ordered = self.sort(entries)
        labels = list(self.format_labels(ordered))
        for label, entry in zip(labels, ordered, strict=True):
            yield self.format_entry(label, entry)


def placed(entries: Iterable[Entry]) -> list[tuple[Fields, Placement]]:
    """*entries* in list order with their placements, as :meth:`SparsityStyle.format_entries` has them:
    what :func:`ext.style.entry.placed_entry` needs to print the list without pybtex rich text."""
    register()
    style = SparsityStyle()
    ordered = style.sort(entries)
    list(style.format_labels(ordered))  # works out every entry's placement
    return [(Fields(entry), style.placement(entry)) for entry in ordered]


def register() -> None:
    """Make the ``sparsity`` styles known to pybtex (idempotent)."""
    register_plugin("pybtex.style.sorting", STYLE_NAME, SparsitySorting, force=True)
    register_plugin("pybtex.style.labels", STYLE_NAME, SparsityLabels, force=True)
    register_plugin("pybtex.style.formatting", STYLE_NAME, SparsityStyle, force=True)
