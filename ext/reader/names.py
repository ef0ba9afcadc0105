"""Personal and corporate names as Chicago author-date prints and sorts them.

pybtex splits a BibTeX name into first/middle, von, last and jr parts; this
module offers the two printed forms ("Maaten, Laurens van der" for the first
author, "Laurens van der Maaten" after it) and the parts a name sorts by
("Maaten", "Laurens", "van der": family name first, particle demoted).

:func:`collation_key` compares text the way citeproc's Unicode collation
does: first letters only (braces, spaces, punctuation, case and accents
ignored, so ``J. {Albericio}`` sorts under A and "Le Cun" after "Lebedev"),
then accents ("Strom" before "Ström"), then case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pybtex.database import Person
from pybtex.richtext import Text

from ext.reader.keyednames import keyed_person
from ext.reader.latex import decode, decode_plain

_IGNORED = re.compile(r"[\W_]+")
#: "M.A." is two initials: printed "M. A." as citeproc does ("J.-P." keeps its hyphen).
_INITIALS = re.compile(r"(?<![\w\\{])([A-Z]\.)(?=[A-Z])")


_FOLD = str.maketrans({"ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i"})


def collation_key(text: str) -> tuple[str, str, str]:
    """Three-level key: letters, then accents, then case (spaces and punctuation ignored)."""
    letters = _IGNORED.sub("", text)
    accented = letters.casefold()
    if accented.isascii():  # most names and titles: nothing to strip
        return (accented, accented, letters)
    decomposed = unicodedata.normalize("NFKD", accented.translate(_FOLD))
    primary = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return (primary, accented, letters)


@dataclass(frozen=True)
class Name:
    """One contributor; parts are kept as LaTeX and decoded together when printed.

    Decoding the joined parts (not each part alone) keeps LaTeX's own rules:
    in ``F. d\\textquotesingle Alch\\'{e}-Buc`` the command eats the blank, so
    the name prints as "F. d'Alché-Buc".
    """

    family: str
    given: str = ""
    particle: str = ""  #: the lower-case "von" part: "van der", "de", "von"
    suffix: str = ""  #: the "jr" part: "Jr.", "III"

    @classmethod
    def from_person(cls, person: Person) -> Name:
        if any("=" in part for part in person.prelast_names[:1] + person.last_names[:1]):
            person = keyed_person(str(person)) or person  # read by pybtex's own parser: given=Hans, ...
        given = " ".join(person.first_names + person.middle_names)
        return cls(
            family=" ".join(person.last_names),
            given=_spaced_initials(given) if "." in given else given,
            particle=" ".join(person.prelast_names),
            suffix=" ".join(person.lineage_names),
        )

    @property
    def is_corporate(self) -> bool:
        return not (self.given or self.particle or self.suffix)

    def inverted(self) -> Text:
        """First-author form: "Maaten, Laurens van der", "Daumé, Hal, III"."""
        parts = [self.family, _words(self.given, self.particle), self.suffix]
        return decode(", ".join(part for part in parts if part))

    def natural(self) -> Text:
        """Every later author: "Laurens van der Maaten", "Hal Daumé III"."""
        return decode(_words(self.given, self.particle, self.family, self.suffix))

    def family_with_particle(self) -> Text:
        """The name a citation shows: "van der Maaten", "Frankle"."""
        return decode(_words(self.particle, self.family))

    def sort_parts(self) -> list[str]:
        """Family name, then given name, particle and suffix, each a part of its own.

        citeproc compares these parts one by one, but runs one name's last
        part into the next name's family name (see :func:`ext.style.ordering.sort_key`).
        """
        return [plain(self.family)] + [
            plain(part) for part in (self.given, self.particle, self.suffix) if part
        ]

    def search_text(self) -> str:
        """ "Laurens van der Maaten": the name as a reader types it."""
        return _words(plain(self.given), plain(self.particle), plain(self.family), plain(self.suffix))

    def identity(self) -> tuple[str, ...]:
        """What makes two printed names the same person on the page: the parts as printed,
        with spelling variants of one name made equal (TeX accents ``Ma{\\"e}l``/``Ma\\"el``,
        apostrophes ``O'Sullivan``/``O’Sullivan``, "D."/"D", case and spacing)."""
        return tuple(_same(part) for part in (self.family, self.given, self.particle, self.suffix))


@lru_cache(maxsize=65536)
def family_text(name: Name) -> str:
    """The plain text of :meth:`Name.family_with_particle`, once per name: citations, sorting
    and the exports ask for it again and again, and a list repeats its authors."""
    return str(name.family_with_particle())


@lru_cache(maxsize=65536)
def _spaced_initials(given: str) -> str:
    """ "M.A." → "M. A." (cached: every build reads every name again)."""
    return _INITIALS.sub(r"\1 ", given)


_VARIANTS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", ".": "", "\u00a0": " "})


@lru_cache(maxsize=65536)
def _same(part: str) -> str:
    """One name part in the form that compares equal for every way of typing it."""
    if not part:
        return ""
    text = unicodedata.normalize("NFC", plain(part)).translate(_VARIANTS).casefold()
    return " ".join(text.split())


def _words(*parts: str) -> str:
    return " ".join(part for part in parts if part)


@lru_cache(maxsize=65536)
def plain(part: str) -> str:
    """The plain text of one name part (for sorting and searching, not for display)."""
    return decode_plain(part) if part else ""


def is_others(person: Person) -> bool:
    """BibTeX's ``and others`` marker, printed as "et al."."""
    return str(person).strip().lower() == "others"


def names_of(persons: list[Person]) -> tuple[list[Name], bool]:
    """Decoded names and whether the list ended with ``and others``."""
    others = bool(persons) and is_others(persons[-1])
    if others:
        persons = persons[:-1]
    return [Name.from_person(person) for person in persons], others
