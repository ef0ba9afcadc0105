"""A fast parser for one well-formed BibTeX entry, giving exactly what pybtex's parser gives.

pybtex's parser walks an entry token by token through generic scanner objects,
and parses every author name from scratch (``Person``), even the thousandth
"Song Han". On a large library that is most of the read time. This module
reads the common case, an ``@type{key, name = value # value, ...}`` entry with
known macros, with a few compiled regular expressions, and builds the
:class:`pybtex.database.Entry` the same way pybtex does (same field names,
same whitespace normalisation, same ``Person`` parts), parsing each distinct
author list once. One deliberate difference: a name in biblatex's keyed syntax
(``family=Müller, given=Hans``) is read by its keys (:mod:`ext.reader.keyednames`), where
pybtex would take "given=Hans" for a family name.

Anything else (``@string``, ``@preamble``, parenthesised entries, a syntax
error, an undefined macro, a repeated field, a name pybtex complains about)
returns ``None``: the caller then asks pybtex itself, which also reports the
problem. ``tests/test_entryparse.py`` compares both parsers on every corpus
the project has.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from string import ascii_letters, digits

import pybtex.errors
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry, Person

from ext.reader.keyednames import keyed_person

# the token patterns of pybtex.database.input.bibtex.LowLevelParser
_NAME_CHARS = re.escape(ascii_letters + "@!$&*+-./:;<>?[\\]^_`|~\x7f")
_NAME = re.compile(rf"[{_NAME_CHARS}][{_NAME_CHARS}{digits}]*")
_HEADER = re.compile(rf"@\s*([{_NAME_CHARS}][{_NAME_CHARS}{digits}]*)\s*\{{\s*([^\s,}}]+)")
_SPACE = re.compile(r"\s*")
_NUMBER = re.compile(r"[0-9]+")
_FIELD_START = re.compile(rf"\s*(?:([{_NAME_CHARS}][{_NAME_CHARS}{digits}]*)\s*=)?")
_BRACE = re.compile(r"[{}]")
_BRACE_OR_QUOTE = re.compile(r'[{}"]')
_WHITESPACE = re.compile(r"\s+")
_MAX_DEPTH = 101  # pybtex refuses more than 100 nested braces inside a value
_PERSON_ROLES = frozenset(role.lower() for role in Person.valid_roles)
_NOT_ENTRIES = frozenset(("string", "preamble", "comment"))

#: Parsed names by their text; ``None`` when pybtex reports a problem with the name.
_names: dict[str, Person | None] = {}
_NAMES_LIMIT = 200_000


def _delimited(text: str, pos: int, quoted: bool) -> int | None:
    """Index just past the ``}`` or ``"`` that closes the value opened before *pos*."""
    pattern = _BRACE_OR_QUOTE if quoted else _BRACE
    depth = 0
    while (match := pattern.search(text, pos)) is not None:
        char, pos = match.group(), match.end()
        if char == "{":
            depth += 1
            if depth >= _MAX_DEPTH:
                return None
        elif char == "}":
            if depth == 0:
                return None if quoted else pos  # a quoted value may not close a brace it did not open
            depth -= 1
        elif depth == 0:  # a quote outside braces ends a quoted value
            return pos
    return None


def _value(text: str, pos: int, macros: Mapping[str, str]) -> tuple[str, int] | None:
    """The value starting at *pos* (parts joined by ``#``, macros expanded) and the index after it."""
    parts = []
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        char = text[pos : pos + 1]
        if char in ('"', "{") and char:
            end = _delimited(text, pos + 1, quoted=char == '"')
            if end is None:
                return None
            parts.append(text[pos + 1 : end - 1])
            pos = end
        elif (number := _NUMBER.match(text, pos)) is not None:
            parts.append(number.group())
            pos = number.end()
        elif (name := _NAME.match(text, pos)) is not None:
            try:
                parts.append(macros[name.group()])
            except KeyError:
                return None  # undefined macro: pybtex reports it
            pos = name.end()
        else:
            return None
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] != "#":
            return "".join(parts), pos
        pos += 1


def _fields(text: str, pos: int, macros: Mapping[str, str]) -> list[tuple[str, str]] | None:
    """``name = value`` pairs up to the closing brace, which must end *text*."""
    fields = []
    while True:
        start = _FIELD_START.match(text, pos)
        assert start is not None  # the pattern matches the empty string
        pos = start.end()
        if start.group(1) is not None:
            value = _value(text, pos, macros)
            if value is None:
                return None
            fields.append((start.group(1), value[0]))
            pos = value[1]
        elif _NAME.match(text, pos):
            return None  # a name without "=": a syntax error
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] != ",":
            break
        pos += 1
    return fields if text[pos:].rstrip() == "}" and text.endswith("}") else None


def people(value: str) -> list[Person] | None:
    """The persons of a name list, each distinct name parsed once; ``None`` when pybtex would
    report a problem (the caller then parses the entry with pybtex, which reports it).

    Entries naming the same person share one :class:`Person`: nothing changes a person once
    parsed (crossref inheritance copies the lists of persons, not the persons), and sharing keeps
    twenty thousand entries' authors small in memory and in Sphinx's pickled environment.
    """
    persons = []
    for name in split_name_list(value):
        if name not in _names:
            if len(_names) > _NAMES_LIMIT:
                _names.clear()
            with pybtex.errors.capture() as errors:
                person = keyed_person(name) or Person(name)
            _names[name] = None if errors else person
        parsed = _names[name]
        if parsed is None:
            return None
        persons.append(parsed)
    return persons


def parse_entry(text: str, macros: Mapping[str, str]) -> Entry | None:
    """The entry *text* (one whole ``@type{key, ...}``, nothing after its closing brace) as pybtex's
    parser would build it, or ``None`` when only pybtex should read it."""
    header = _HEADER.match(text)
    if header is None or header.group(1).lower() in _NOT_ENTRIES:
        return None
    fields = _fields(text, header.end(), macros)
    if fields is None:
        return None
    entry = Entry(header.group(1))
    seen = set()
    for name, raw in fields:
        folded = name.lower()
        if folded in seen:
            return None  # pybtex reports the repeated field
        seen.add(folded)
        value = _WHITESPACE.sub(" ", raw.strip())
        if folded in _PERSON_ROLES:
            persons = people(value)
            if persons is None:
                return None
            for person in persons:
                entry.add_person(person, name)
        else:
            entry.fields[name] = value
    entry.key = header.group(2)
    return entry
