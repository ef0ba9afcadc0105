"""Author and editor lists: empty names, names glued to ``and``, names BibTeX cannot split.

The checks read the field text itself, split at top-level ``and`` as BibTeX does,
so what biber would skip ("Name … is empty (probably consecutive 'and')") is
reported with the position of the empty name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ext.lint.model import Corpus, Hit, Rule

RULES = (
    Rule("name-empty", "error", "an author/editor list has an empty name (consecutive or trailing 'and')"),
    Rule("name-glued-and", "warning", "a name has 'and' glued to it (\"Fikriand\"): a missing blank"),
    Rule("name-unparsable", "error", "a name BibTeX cannot split (too many commas)"),
)
ROLES = ("author", "editor")
_AND = re.compile(r"(?<=\s)and(?=\s)", re.IGNORECASE)  #: the blanks around it belong to the names
_GLUED_END = re.compile(r"^(\w{3,})and$")
_GLUED_START = re.compile(r"^and([A-Z]\w+)$")
_VOWELS = set("aeiouAEIOU")


_BRACED = re.compile(r"\{[^{}]*\}")
_WORD_BREAK = re.compile(r"[\s,~]+")


def split_names(text: str) -> list[str]:
    """The names of a list, split at ``and`` outside braces (BibTeX's rule); "" for an empty name."""
    padded = f" {text} "
    masked = padded
    while "{" in masked:  # hide braced text (innermost groups first), keeping every position
        unmasked = masked
        masked = _BRACED.sub(lambda group: "x" * len(group.group()), masked)
        if masked == unmasked:
            break  # unbalanced: the reader reports it
    names, start = [], 0
    for match in _AND.finditer(masked):
        names.append(padded[start : match.start()].strip())
        start = match.end()
    names.append(padded[start:].strip())
    return names


def _tokens(name: str) -> list[str]:
    """The unbraced words of a name (braced parts are written on purpose)."""
    return [word for word in _WORD_BREAK.split(_BRACED.sub(" ", name)) if word]


def _glued(word: str, known: set[str]) -> str | None:
    """The name *word* would be without a glued ``and``, if it looks glued."""
    match = _GLUED_END.match(word)
    if match:
        stem = match.group(1)
        # "Fikri"+"and": a stem ending in a vowel ("Ferdinand", "Roland", "Armand" end in consonants),
        # or a stem that is itself a name elsewhere in the bibliography ("Smithand")
        if stem[-1] in _VOWELS or stem.lower() in known:
            return stem
    match = _GLUED_START.match(word)
    return match.group(1) if match else None


def check(corpus: Corpus) -> Iterator[Hit]:
    lists = [
        (view, role, split_names(text))
        for view in corpus.entries
        for role in ROLES
        if (text := view.written(role)) is not None
    ]
    known = {word.lower() for _, _, names in lists for name in names for word in _tokens(name)}
    for view, role, names in lists:
        empty = [number for number, name in enumerate(names, 1) if not name]
        if empty:
            yield Hit(
                "name-empty",
                view.key,
                f"{role} name {empty[0]} of {len(names)} is empty (two 'and' in a row, or one at an end); "
                "biber skips the whole entry: delete the extra 'and'",
                role,
            )
        for name in names:
            if name.count(",") > 2 and "{" not in name:
                yield Hit(
                    "name-unparsable",
                    view.key,
                    f"{role} {name!r} has {name.count(',')} commas; BibTeX names have at most two "
                    "(Last, Jr, First): separate the people with 'and'",
                    role,
                )
            for word in _tokens(name):
                stem = _glued(word, known)
                if stem:
                    yield Hit(
                        "name-glued-and",
                        view.key,
                        f"{role} {name!r}: {word!r} looks like {stem!r} glued to 'and'; "
                        f"write '{stem} and' (with a blank)",
                        role,
                    )
