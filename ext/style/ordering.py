"""Order a bibliography and tell each entry apart, as Chicago author-date does.

* Sort by the author list, compared part by part as citeproc (pandoc)
  does: each name is split into family name, given name, particle and
  suffix, but one name's last part runs into the next name's family name, so
  "Han, Song and Mao, Huizi" compares as ("Han", "SongMao", "Huizi"). A part
  that is a prefix of another sorts first ("Li" before "Liebenwein",
  "Sietsma, Jocelyn" before the one-part names "{Sietsma} and {Dow}"). Parts
  are compared with :func:`ext.reader.names.collation_key`: letters first, then
  accents, then case. Then year (undated last, no month before a month),
  then title.
* Two entries whose full author lists and years are the same get year
  suffixes ``2019a``, ``2019b`` in list order, and so do entries whose
  citations stay the same "Abadi et al. 2007" after the names and initials
  below (CSL's last resort; CMOS 15.19); every entry keeps its suffix in citations too, so "Frankle et al.
  2020b" always points at one entry. Names compare as printed, so spelling
  variants of one name (``O'Sullivan``/``O’Sullivan``, ``Ma{\\"e}l``/``Ma\\"el``,
  "D."/"D") are one author.
* The in-text citation form ("Frankle and Carbin 2019", "Han et al. 2016a")
  adds more names when that is what tells two entries apart.
* An entry whose author list is exactly the previous entry's prints ``———``.
  "Exactly" means every name part as printed (up to the spelling variants above): "Denker, John S" and "Denker,
  John" are two authors for ``———`` and for 2019a/b, as pandoc treats them; a
  given name's initial alone cannot tell one person from another ("Li, Y." and
  "Li, Yang").

Everything is computed once for the whole list in O(n log n).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from string import ascii_lowercase

from ext.reader.fields import MONTHS, Fields, month_name, year_label
from ext.reader.latex import decode
from ext.reader.names import Name, collation_key, family_text
from ext.style.genres import chapter_title

#: Citations list one name for four or more authors, as CSL Chicago does.
CITE_ET_AL_MIN = 4


@dataclass(frozen=True)
class Placement:
    """Where one entry stands in the list and how it is labelled."""

    year_label: str  #: "2019", "2019a", or "n.d."
    citation_names: str  #: "Frankle and Carbin", "Han et al."
    repeats_authors: bool  #: print ``———`` instead of the author list

    @property
    def label(self) -> str:
        """The author-year citation form: "Frankle and Carbin 2019"."""
        return f"{self.citation_names} {self.year_label}".strip()


def _contributor_names(fields: Fields) -> tuple[list[Name], bool]:
    names, others = fields.authors
    if not names:
        names, others = fields.editors
    return names, others


def sort_key(fields: Fields) -> tuple:
    """Contributors, then year (undated after dated), then title."""
    names, _ = _contributor_names(
        fields
    )  # "and others" adds nothing: "Han, Song et al." sorts as "Han, Song"
    title = collation_key(str(chapter_title(fields) or fields.text("title") or ""))  # the title printed
    parts = [""]
    for name in names:
        family, *rest = name.sort_parts()
        parts[-1] += family
        parts.extend(rest)
    who = tuple(zip(*(collation_key(part) for part in parts), strict=True)) if names else tuple(zip(title))
    year = fields.year or ""
    month = month_name(fields.raw("month") or "")
    month_number = MONTHS.index(month) + 1 if month else 0  # no month sorts first
    first_year = year[:4]  # "1885–1888" sorts under 1885
    year_key = (0, int(first_year), month_number) if first_year.isdigit() else (1, 0, 0)
    return (who, year_key, year, title)  # ties keep file order: sorting is stable


def _identity(fields: Fields) -> tuple:
    names, others = _contributor_names(fields)
    if not names:
        return ("title", str(fields.text("title") or ""))
    return tuple(name.identity() for name in names) + (("others",) if others else ())


def citation_names(names: list[Name], others: bool, shown: int | None = None, initials: bool = False) -> str:
    """Family names as a citation shows them, with "et al." past *shown* names.

    With *initials*, each name gets its given-name initials ("S. Han"), which is
    how CSL tells apart two people of the same family name.
    """
    families = [
        (_initials(name) + " " if initials and name.given else "") + family_text(name) for name in names
    ]
    if not families:
        return ""
    if shown is None:
        shown = 1 if len(families) >= CITE_ET_AL_MIN else len(families)
    if shown < len(families) or others:  # CSL: a comma before "et al." only after two or more names
        return ", ".join(families[:shown]) + (", et al." if shown > 1 else " et al.")
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} and {families[1]}"
    return ", ".join(families[:-1]) + ", and " + families[-1]


def _initials(name: Name) -> str:
    return " ".join(part[0] + "." for part in str(decode(name.given)).replace("-", " ").split() if part)


def _title_label(fields: Fields) -> str:
    title = str(fields.text("title") or fields.entry.key)
    words = title.split()
    return "\u201c" + " ".join(words[:4]) + ("\u2026" if len(words) > 4 else "") + "\u201d"


def place(ordered: list[Fields]) -> list[Placement]:
    """Year labels, citation names and ``———`` flags for an already sorted list."""
    names = [_contributor_names(fields) for fields in ordered]
    cited = [
        citation_names(*pair) if pair[0] else _title_label(fields)
        for pair, fields in zip(names, ordered, strict=True)
    ]
    years = [year_label(fields) for fields in ordered]  # "2019", "forthcoming", "n.d."
    groups: dict[tuple, list[int]] = defaultdict(list)
    for index, fields in enumerate(ordered):
        groups[(_identity(fields), years[index])].append(index)
    year_labels = list(years)
    _add_suffixes(groups.values(), year_labels)
    _add_names(cited, names, year_labels)
    clashes: dict[str, list[int]] = defaultdict(list)  # what names and initials cannot tell apart
    for index, (cite, year) in enumerate(zip(cited, year_labels, strict=True)):
        clashes[f"{cite} {year}"].append(index)
    if any(len(members) > 1 for members in clashes.values()):
        year_labels = list(years)
        _add_suffixes(_merged(list(groups.values()), clashes.values(), len(ordered)), year_labels)

    placements = []
    previous: tuple | None = None
    for fields, label, cite in zip(ordered, year_labels, cited, strict=True):
        identity = _identity(fields) if _contributor_names(fields)[0] else None
        placements.append(Placement(label, cite, identity is not None and identity == previous))
        previous = identity
    return placements


def _merged(groups: list[list[int]], clashes: Iterable[list[int]], size: int) -> list[list[int]]:
    """The suffix groups with every two that share a citation made one group (lettered afresh:
    "Smith 2006a" of one author list never meets "Smith 2006a" of another)."""
    group_of = [0] * size
    for number, members in enumerate(groups):
        for index in members:
            group_of[index] = number
    root = list(range(len(groups)))

    def find(number: int) -> int:
        while root[number] != number:
            number = root[number]
        return number

    for members in clashes:
        for index in members[1:]:
            root[find(group_of[index])] = find(group_of[members[0]])
    joined: dict[int, list[int]] = defaultdict(list)
    for number, members in enumerate(groups):
        joined[find(number)].extend(members)
    return [sorted(members) for members in joined.values()]


def _add_suffixes(groups: Iterable[list[int]], year_labels: list[str]) -> None:
    """a, b, … after the year of each entry of every group of two or more, in list order
    ("n.d.-a", "forthcoming-a" without a year, as CSL Chicago writes it)."""
    for members in groups:
        if len(members) > 1:
            for n, index in enumerate(members):
                year_labels[index] += ("" if year_labels[index][:1].isdigit() else "-") + _suffix(n)


def _suffix(n: int) -> str:
    """a … z, then aa, ab … for the rare author with more than 26 papers a year."""
    if n < 26:
        return ascii_lowercase[n]
    return _suffix(n // 26 - 1) + ascii_lowercase[n % 26]


def _add_names(cited: list[str], names: list[tuple[list[Name], bool]], years: list[str]) -> None:
    """Show more names where "Han et al. 2017" would name two different entries."""
    clashes: dict[str, list[int]] = defaultdict(list)
    for index, (cite, year) in enumerate(zip(cited, years, strict=True)):
        clashes[f"{cite} {year}"].append(index)
    for members in clashes.values():
        if len(members) < 2:
            continue
        longest = max(len(names[i][0]) for i in members)
        forms = [cited[i] for i in members]
        for shown in range(2, longest + 1):
            forms = [citation_names(*names[i], shown=shown) for i in members]
            if len(set(forms)) == len(forms):
                break
        else:  # the family names alone do not tell them apart: add given-name initials
            forms = [
                citation_names(*names[i], shown=max(1, min(longest, len(names[i][0]))), initials=True)
                if names[i][0]
                else forms[n]
                for n, i in enumerate(members)
            ]
        for i, form in zip(members, forms, strict=True):
            cited[i] = form
