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
from ext.reader.bibfile import read_bib  # noqa: E402

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
    opcodes = matcher.get_opcodes()
    if all(op == "equal" or (op == "delete" and end - start <= 40) for op, start, end, *_ in opcodes):
        return theirs, theirs  # only short pieces missing in pandoc's text: what its dropped macros stood for
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

_TIES = "tie on authors, year and title: we keep file order, pandoc orders by key (so a/b/c and ——— differ)"
_VOLUME_TITLE = (
    "a volume of a multi-volume work keeps its own title; pandoc prints the maintitle in its place"
)
_MACRO = "a macro from @preamble (\\emdash) printed as —; pandoc drops it and re-cases the next word"
_MATH = (
    "math set as TeX sets it (“O(n log n/log log n)”); pandoc runs the operators together (“nlogn/ loglogn”)"
)
_INBOOK = "@inbook whose title is the book: the book in italics and its section (pandoc: “In, Second”)"

#: Entries we print differently from pandoc, on purpose or as a known gap: file → key → why.
DELIBERATE: dict[str, dict[str, str]] = {
    "biblatex-examples.bib": {
        "coleridge": _VOLUME_TITLE,
        "kant:kpv": _VOLUME_TITLE,
        "kant:ku": _VOLUME_TITLE,
        "knuth:ct:a": _VOLUME_TITLE,
        "knuth:ct:b": _VOLUME_TITLE,
        "knuth:ct:c": _VOLUME_TITLE,
        "knuth:ct:d": _VOLUME_TITLE,
        "knuth:ct:e": _VOLUME_TITLE,
        "nietzsche:historie": _VOLUME_TITLE,
        "nietzsche:ksa": _VOLUME_TITLE + "; " + _TIES,
        "nietzsche:ksa1": _VOLUME_TITLE + "; " + _TIES,
        "jcg": "known gap: @periodical with issuetitle (the issue's title) is not read",
        "kullback:reprint": "known gap: origdate “(1959) 1997” is not read",
        "wilde": "known gap: eprinttype googlebooks gives no link",
    },
    "epodd.bib": {
        key: "two spellings of one author list are lettered once (1988a–e): pandoc letters each list on "
        "its own, so its “Brailsford and Beach 1988a” names two entries"
        for key in ("Brailsford:EPODD-0-0-1", "Brailsford:EPODD-0-0-13", "Brailsford:EPODD-0-0-4")
    },
    "realworld.bib": {
        "zotero_inbook": "the chapter is the title, the book the container (pandoc repeats the book title)",
        "DBLP:conf/nips/Zhou20": "the parent's own booktitle is inherited, as BibTeX does "
        "(pandoc, as biblatex: the parent's title)",
    },
    "texgraph.bib": {
        "ANSI:gks": _MACRO,
        "ANSI:phigs": _MACRO,
        "Hobby:1997:MS": "file:// URLs are never links (pandoc prints them); \\MP printed as MetaPost",
        "Hobby:2004:UMM": "file:// URLs are never links (pandoc prints them); \\MP printed as MetaPost",
        "Knuth:ct-b": _TIES + " (titles sort by letters only)",
        "Knuth:ct-c": _TIES + " (titles sort by letters only)",
        "Knuth:ct-d": _TIES + " (titles sort by letters only)",
        "Knuth:ct-e": _TIES + " (titles sort by letters only)",
        "Plestenjak:1999:ADP": "a url field holding two URLs links the first (and warns); " + _MACRO,
        "SIGGRAPH:core77": "known gap: author ACM/{SIGGRAPH} is split by pybtex's name parser",
    },
    "xampl.bib": {
        "misc-minimal": "undated works of one author: n.d.-a as CSL Chicago 17 and CMOS write it (pandoc 2.17: n.d.a)",
        "article-crossref": "crossref to an @article inherits journal, volume and year, as BibTeX does "
        "(pandoc: n.d. and no journal)",
        "book-crossref": _TIES,
        "book-minimal": _TIES,
        "inbook-crossref": _TIES + "; the book's author is not repeated when it is the chapter's",
        "inbook-full": _INBOOK,
        "inbook-minimal": _INBOOK + "; " + _TIES,
        "incollection-crossref": _TIES,
        "incollection-full": _TIES,
        "inproceedings-crossref": _TIES,
        "inproceedings-minimal": _TIES,
        "mastersthesis-full": _TIES,
        "mastersthesis-minimal": _TIES,
        "phdthesis-full": _TIES,
        "phdthesis-minimal": _TIES,
        "techreport-full": _MATH,
        "techreport-minimal": _MATH,
        "whole-proceedings": "an entry with neither author nor editor starts with its title, as CSL substitutes "
        "(pandoc: ———)",
        "whole-set": "@preamble macros applied: \\switchargs{--90}{1968} gives 1968–90 (pandoc prints the LaTeX)",
    },
}


@dataclass(frozen=True)
class Comparison:
    entries: int
    same: list[str]  #: "file:key" of entries identical after the folds
    same_folded_case: list[str]
    different: list[tuple[str, str, str]]  #: (file:key, ours, pandoc's), ignoring case
    deliberate: list[str]
    folded: dict[str, int]  #: fold → entries it made agree


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
    folded: dict[str, int] = {}
    total = 0
    for name, theirs_by_key in sorted(reference.items()):
        ours_by_key, sources = ours_for(CORPUS / name)
        wanted = DELIBERATE.get(name, {})
        for key, theirs in sorted(theirs_by_key.items()):
            total += 1
            where = f"{name}:{key}"
            ours = ours_by_key.get(key, "(missing)")
            for reason, fold in FOLDS.items():
                before = ours.casefold() == theirs.casefold()
                ours, theirs = fold(ours, theirs, sources.get(key, ""))
                if not before and ours.casefold() == theirs.casefold():
                    folded[reason] = folded.get(reason, 0) + 1
            if key in wanted:
                deliberate.append(where)
            if ours == theirs:
                same.append(where)
            if ours.casefold() == theirs.casefold():
                folded_same.append(where)
            elif key not in wanted:
                different.append((where, ours, theirs))
    return Comparison(total, same, folded_same, different, deliberate, folded)


def main() -> int:
    result = compare()
    show_all = "--all" in sys.argv
    for where, ours, theirs in result.different if show_all else result.different[:40]:
        print(f"{where}\n  ours:   {ours}\n  pandoc: {theirs}\n")
    agree = result.entries - len(result.different)
    gaps = sum(reason.startswith("known gap") for file in DELIBERATE.values() for reason in file.values())
    print(f"entries: {result.entries}; listed differences: {len(result.deliberate)} ({gaps} known gaps)")
    strict = result.entries - len(result.different) - gaps
    print(
        f"agreement counting known gaps as disagreement: {strict}/{result.entries} = {100 * strict / result.entries:.1f}%"
    )
    print(
        f"agreement (case-insensitive, after {len(result.deliberate)} deliberate differences): "
        f"{agree}/{result.entries} = {100 * agree / result.entries:.1f}%"
    )
    for reason, count in result.folded.items():
        print(f"  agreeing only after the fold '{reason}': {count}")
    compared = [where for where in result.same_folded_case if where not in result.deliberate]
    exact = set(compared) & set(result.same)
    print(
        f"case-sensitive agreement of the agreeing entries: {len(exact)}/{len(compared)} = "
        f"{100 * len(exact) / len(compared):.1f}%; case-only differences: {sorted(set(compared) - exact)}"
    )
    print(
        f"case-sensitive identical: {len(result.same)}/{result.entries} = {100 * len(result.same) / result.entries:.1f}%"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
