"""Compare our rendering of the corpus (tests/corpus/*.bib) with pandoc's (tests/corpus/pandoc.json).

Used by tests/test_corpus.py; run it directly to see the figures and every difference::

    .venv/bin/python tests/corpus_fidelity.py [--all]

Two renderings agree when they are the same text after folding blanks (and, for the
case-insensitive figure, case). Differences we make on purpose are listed in
:data:`DELIBERATE` (by entry) and :data:`FOLDS` (patterns shared by many entries).
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ext import style  # noqa: E402
from ext.bibfile import read_bib  # noqa: E402

CORPUS = HERE / "corpus"


def _drop_added_arxiv_link(ours: str, theirs: str, source: str) -> tuple[str, str]:
    """We add the arXiv page from ``eprint`` when there is no other link; pandoc does not."""
    if "arxiv.org/abs/" not in theirs:
        ours = re.sub(r"\.? https://arxiv\.org/abs/\S+?\.?$", ".", ours)
        ours = ours[:-1] if ours.endswith("?.") or ours.endswith("”.") else ours
    return ours, theirs


def _doi_links(ours: str, theirs: str, source: str) -> tuple[str, str]:
    """pandoc links ``doi = {null}``, keeps ``doi:`` and ``\\_`` inside the DOI, doubles an
    ``https://doi.org/`` already in the field, and leaves ``<``/``>`` unencoded; we do not."""
    theirs = re.sub(r" https://doi\.org/null\.$", "", theirs)
    theirs = theirs.replace("https://doi.org/https://doi.org/", "https://doi.org/")
    theirs = re.sub(r"https://doi\.org/doi:\s*", "https://doi.org/", theirs)

    def fix(match: re.Match) -> str:
        return match.group().replace("\\_", "_").replace("<", "%3C").replace(">", "%3E")

    return ours, re.sub(r"https://doi\.org/\S+", fix, theirs)


def _and_in_lists(ours: str, theirs: str, source: str) -> tuple[str, str]:
    """A publisher or place with "and" stays one name for us ("Holt, Rinehart, and Winston");
    pandoc splits it into a list joined with ";"."""
    if ";" in theirs and ";" not in ours:
        theirs = theirs.replace(",; ", ", and ").replace("; ", " and ")
    return ours, theirs


def _quotes_and_periods(ours: str, theirs: str, source: str) -> tuple[str, str]:
    """Chicago puts the period inside nested quotes (“… ‘Lunch.’”); with no journal, pandoc
    drops the period after the title (“Title” 10 (2)); we keep it."""
    theirs = theirs.replace("\u2019.\u201d", ".\u2019\u201d")
    theirs = re.sub(r"([^.?!\s])\u201d (?=\d)", "\\1.\u201d ", theirs)
    theirs = re.sub(r"(\d{4}[a-z]?)\.\u201c", "\\1. \u201c", theirs)  # pandoc: "1997.“ and"
    return ours, theirs


def _single_page(ours: str, theirs: str, source: str) -> tuple[str, str]:
    """A range of one page ("118--118"): we print it as given, pandoc as "118–18"."""

    def collapse(match: re.Match) -> str:
        first, last = match.group(1), match.group(2)
        return first if first.endswith(last) else match.group()

    return re.sub(r"\b(\d+)\u2013(\d+)\b", collapse, ours), re.sub(r"\b(\d+)\u2013(\d+)\b", collapse, theirs)


def _dropped_macros(ours: str, theirs: str, source: str) -> tuple[str, str]:
    """pandoc drops LaTeX commands it does not know, with their argument (``\\emdash``,
    ``\\rpackage{SPOT}``, ``\\apj``); we print them (or their argument). When pandoc's text is
    ours with some pieces left out, and the entry has such commands, the difference is that."""
    if "\\" not in source:
        return ours, theirs
    matcher = difflib.SequenceMatcher(a=ours.casefold(), b=theirs.casefold(), autojunk=False)
    if all(op in ("equal", "delete") for op, *_ in matcher.get_opcodes()):
        return theirs, theirs
    return ours, theirs


def _pandoc_text_slips(ours: str, theirs: str, source: str) -> tuple[str, str]:
    """pandoc keeps the braces of ``type = {{PhD} Dissertation}``, a straight ``'`` from a
    ``type`` field, and puts accents on a dotless ``\\i`` ("Belaı̈d", "Jiřı́"); we do not."""
    theirs = re.sub(r"\{([^{}]*)\}", r"\1", theirs).replace("'", "\u2019")
    theirs = unicodedata.normalize(
        "NFC", theirs.replace("\u0131\u0308", "\u00ef").replace("\u0131\u0301", "\u00ed")
    )
    return ours, theirs


#: Differences shared by many entries, folded away (in this order) before comparing.
FOLDS: dict[str, Callable[[str, str, str], tuple[str, str]]] = {
    "arXiv link added from eprint": _drop_added_arxiv_link,
    "DOI links repaired": _doi_links,
    "'and' kept inside publisher and place names": _and_in_lists,
    "Chicago quote and period placement": _quotes_and_periods,
    "pandoc's text slips (braces, straight quotes, dotless i)": _pandoc_text_slips,
    "one-page ranges as given": _single_page,
    "LaTeX macros printed, not dropped": _dropped_macros,
}

#: Entries we deliberately print differently from pandoc: file → key → why.
DELIBERATE: dict[str, dict[str, str]] = {}


@dataclass(frozen=True)
class Comparison:
    entries: int
    same: list[str]  #: "file:key" of entries identical after the folds
    same_folded_case: list[str]
    different: list[tuple[str, str, str]]  #: (file:key, ours, pandoc's), ignoring case
    deliberate: list[str]


def ours_for(bib_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Key → our plain-text entry, and key → its field values, for every entry of *bib_path*."""
    style.register()
    bib = read_bib(bib_path)
    formatted = style.SparsityStyle().format_entries(bib.entries)
    latex = {entry.key: " ".join(entry.fields.values()) for entry in bib.entries}  # after @string
    return {entry.key: " ".join(str(entry.text).split()) for entry in formatted}, latex


def compare() -> Comparison:
    reference = json.loads((CORPUS / "pandoc.json").read_text(encoding="utf-8"))["files"]
    same, folded_same, different, deliberate = [], [], [], []
    total = 0
    for name, theirs_by_key in sorted(reference.items()):
        ours_by_key, sources = ours_for(CORPUS / name)
        wanted = DELIBERATE.get(name, {})
        for key, theirs in sorted(theirs_by_key.items()):
            total += 1
            where = f"{name}:{key}"
            ours = ours_by_key.get(key, "(missing)")
            for fold in FOLDS.values():
                ours, theirs = fold(ours, theirs, sources.get(key, ""))
            if key in wanted:
                deliberate.append(where)
            if ours == theirs:
                same.append(where)
            if ours.casefold() == theirs.casefold():
                folded_same.append(where)
            elif key not in wanted:
                different.append((where, ours, theirs))
    return Comparison(total, same, folded_same, different, deliberate)


def main() -> int:
    result = compare()
    show_all = "--all" in sys.argv
    for where, ours, theirs in result.different if show_all else result.different[:40]:
        print(f"{where}\n  ours:   {ours}\n  pandoc: {theirs}\n")
    agree = result.entries - len(result.different)
    print(f"entries: {result.entries}")
    print(
        f"agreement (case-insensitive, after {len(result.deliberate)} deliberate differences): "
        f"{agree}/{result.entries} = {100 * agree / result.entries:.1f}%"
    )
    print(
        f"case-sensitive identical: {len(result.same)}/{result.entries} = {100 * len(result.same) / result.entries:.1f}%"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
