"""Compare our rendering of the corpus (tests/corpus/*.bib) with pandoc's (tests/corpus/pandoc.json).

Used by tests/test_corpus.py; run it directly to see the figures and every difference::

    .venv/bin/python tests/corpus_fidelity.py [--all]

Two renderings agree when they are the same text after folding blanks (and, for the
case-insensitive figure, case). Differences we make on purpose are listed in
:data:`DELIBERATE` (by entry) and :data:`FOLDS` (patterns shared by many entries).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ext import style  # noqa: E402
from ext.bibfile import read_bib  # noqa: E402

CORPUS = HERE / "corpus"


def _drop_added_arxiv_link(ours: str, theirs: str) -> str:
    """We add the arXiv page from ``eprint`` when there is no other link; pandoc does not."""
    if "arxiv.org/abs/" not in theirs:
        return re.sub(r" https://arxiv\.org/abs/\S+?\.?$", "", ours)
    return ours


#: Differences shared by many entries, each folded away from our text before comparing.
FOLDS: dict[str, Callable[[str, str], str]] = {
    "arXiv link added from eprint": _drop_added_arxiv_link,
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


def ours_for(bib_path: Path) -> dict[str, str]:
    """Key → our plain-text entry for every entry of *bib_path*."""
    style.register()
    bib = read_bib(bib_path)
    return {
        entry.key: " ".join(str(entry.text).split())
        for entry in style.SparsityStyle().format_entries(bib.entries)
    }


def compare() -> Comparison:
    reference = json.loads((CORPUS / "pandoc.json").read_text(encoding="utf-8"))["files"]
    same, folded_same, different, deliberate = [], [], [], []
    total = 0
    for name, theirs_by_key in sorted(reference.items()):
        ours_by_key = ours_for(CORPUS / name)
        wanted = DELIBERATE.get(name, {})
        for key, theirs in sorted(theirs_by_key.items()):
            total += 1
            where = f"{name}:{key}"
            ours = ours_by_key.get(key, "(missing)")
            for fold in FOLDS.values():
                ours = fold(ours, theirs)
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
