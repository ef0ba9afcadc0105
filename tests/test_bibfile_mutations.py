"""No entry is lost silently: over seeded mutations of the seed bib, every untouched entry is still read
and every entry that was lost is reported at its place."""

from __future__ import annotations

import random
from dataclasses import dataclass

from ext.reader.bibfile import Bibliography, parse_bib

from conftest import SEED_BIB

#: Edits a hand or a bad paste makes: stray braces, a lost "@", a header typo, a line break, a comma.
INSERTS = ["{", "}", "@", "\n", ",", "@misc{", '"', "%", "}\n@", " "]
MUTANTS = 1500
WINDOW = 10  #: consecutive entries per mutant (the reader's work is per entry, so this keeps the test quick)


@dataclass
class Tally:
    mutants: int = 0
    untouched: int = 0  #: entries away from the edit, all read back the same
    rekeyed: int = 0  #: the edit hit the key: the entry is read under the edited key
    lost_and_reported: int = 0
    lost_silently: int = 0


def spans(text: str, bib: Bibliography) -> dict[str, tuple[int, int, int, int]]:
    """Key → (start, end, first line, last line) of each entry in *text*."""
    found, cursor = {}, 0
    for key, source in bib.sources.items():
        start = text.index(source, cursor)
        cursor = start + len(source)
        first = text.count("\n", 0, start) + 1
        found[key] = (start, cursor, first, first + source.count("\n"))
    return found


def signature(bib: Bibliography, key: str) -> tuple:
    entry = bib.data.entries[key]
    return (
        entry.type,
        dict(entry.fields),
        {role: [str(p) for p in people] for role, people in entry.persons.items()},
    )


def mutate(text: str, rng: random.Random) -> tuple[str, int, int]:
    """One edit: the new text and the span of the old text it touched."""
    at = rng.randrange(len(text))
    choice = rng.random()
    if choice < 0.4:
        return text[:at] + rng.choice(INSERTS) + text[at:], at, at
    if choice < 0.8:
        size = rng.randint(1, 3)
        return text[:at] + text[at + size :], at, at + size
    header = text.find("@", at)  # delete an entry's "@"
    if header < 0:
        header = text.find("@")
    return text[:header] + text[header + 1 :], header, header + 1


def run(mutants: int = MUTANTS, seed: int = 20261202) -> Tally:
    text = SEED_BIB.read_text(encoding="utf-8")
    whole = parse_bib(text)
    places = list(spans(text, whole).values())
    rng = random.Random(seed)
    tally = Tally()
    windows: dict[int, tuple[str, Bibliography, dict]] = {}
    for _ in range(mutants):
        first = rng.randrange(len(places) - WINDOW)
        if first not in windows:
            piece = text[places[first][0] : places[first + WINDOW - 1][1]] + "\n"
            original = parse_bib(piece)
            windows[first] = (piece, original, spans(piece, original))
        piece, original, where = windows[first]
        mutant_text, lo, hi = mutate(piece, rng)
        mutant = parse_bib(mutant_text)
        tally.mutants += 1
        for key, (start, end, line, last) in where.items():
            touched = start <= hi and lo <= end
            if not touched:
                assert key in mutant.data.entries and signature(mutant, key) == signature(original, key), (
                    f"{key} changed by an edit at {lo} outside it:\n{mutant_text[max(0, lo - 80) : lo + 80]}"
                )
                tally.untouched += 1
            elif key not in mutant.data.entries:
                reported = any(p.key == key or line - 1 <= p.line <= last + 1 for p in mutant.problems)
                rekeyed = any(
                    new not in original.data.entries and line - 1 <= mutant.locations[new][1] <= last + 1
                    for new in mutant.data.entries
                )
                if rekeyed:
                    tally.rekeyed += 1
                elif reported:
                    tally.lost_and_reported += 1
                else:
                    tally.lost_silently += 1
    return tally


def test_mutations_lose_nothing_silently() -> None:
    """1 500 seeded edits: untouched entries read back identically, no entry vanishes without a warning."""
    tally = run()
    assert tally.mutants == MUTANTS and tally.untouched > MUTANTS * (WINDOW - 2)
    assert tally.lost_and_reported > 50
    assert tally.lost_silently == 0, tally


if __name__ == "__main__":  # python tests/test_bibfile_mutations.py: the figures for a report
    print(run(20_000))
