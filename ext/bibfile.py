"""Read .bib files so that one bad entry never costs the others.

pybtex stops at the first syntax error and, under sphinxcontrib-bibtex, a
repeated key drops every entry after it. Here the file is first cut into
entries at each line that starts with ``@type{`` or ``@type(``; each piece is
parsed on its own with pybtex's parser, so an unbalanced brace, a repeated
key (keys compare case-insensitively, as in pybtex and BibTeX), a repeated
field or an unknown entry type becomes one :class:`Problem` naming the file,
line and key, and every other entry is kept. ``@string`` macros apply to the
entries after them, as in BibTeX.

The exact source text of each entry is kept too: the page shows it verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.scanner import PybtexSyntaxError

from .fields import KNOWN_TYPES

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*([{(])", re.MULTILINE)
_KEY = re.compile(r"\s*([^\s,{}()]+)\s*,")


@dataclass(frozen=True)
class Problem:
    """Something wrong with one entry of a .bib file, and how to fix it."""

    path: str
    line: int
    key: str | None
    kind: str  #: "syntax", "duplicate_key", "duplicate_field", "unknown_type", "name"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Bibliography:
    """Entries of one or more .bib files, in file order, plus what was wrong."""

    data: BibliographyData = field(default_factory=BibliographyData)
    sources: dict[str, str] = field(default_factory=dict)  #: key → exact BibTeX text
    locations: dict[str, tuple[str, int]] = field(default_factory=dict)  #: key → (path, line)
    problems: list[Problem] = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        return list(self.data.entries.values())


_DELIMITER = re.compile(r"[{}()]")


def _entry_end(text: str, open_pos: int) -> int | None:
    """Index just past the brace/paren closing the entry opened at *open_pos*.

    BibTeX counts every brace, escaped or not, so this does too.
    """
    closer = "}" if text[open_pos] == "{" else ")"
    depth = 0
    for match in _DELIMITER.finditer(text, open_pos + 1):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return match.end() if closer == "}" else None
            depth -= 1
        elif char == ")" and closer == ")" and depth == 0:
            return match.end()
    return None


#: Parsed entries of earlier reads, by (macros in force, exact source): a re-read parses only what changed.
ParseCache = dict[tuple[int, str], Entry]


class _Reader:
    """Parses the pieces of a file in order, sharing ``@string`` macros."""

    def __init__(self, bib: Bibliography, path: str, cache: ParseCache | None) -> None:
        self.bib = bib
        self.path = path
        self.parser = Parser(encoding="utf-8")
        self.seen = {key.lower(): key for key in bib.data.entries}
        self.cache = cache if cache is not None else {}
        self.macros = 0  #: fingerprint of the @string macros defined so far

    def problem(self, line: int, key: str | None, kind: str, message: str) -> None:
        self.bib.problems.append(Problem(self.path, line, key, kind, message))

    def read(self, text: str) -> None:
        starts = list(_ENTRY_START.finditer(text))
        line, counted = 1, 0
        for number, match in enumerate(starts):
            stop = starts[number + 1].start() if number + 1 < len(starts) else len(text)
            line += text.count("\n", counted, match.start())  # counted once: linear in the file size
            counted = match.start()
            self.read_piece(text[match.start() : stop], match, line)

    def read_piece(self, piece: str, match: re.Match, line: int) -> None:
        kind = match.group(1).lower()
        if kind == "comment":
            return
        open_pos = match.end() - match.start() - 1
        end = _entry_end(piece, open_pos)
        key_match = _KEY.match(piece, open_pos + 1)
        key = key_match.group(1) if key_match and kind not in ("string", "preamble") else None
        where = f"entry '{key}'" if key else f"@{match.group(1)}"
        if end is None:
            self.problem(
                line,
                key,
                "syntax",
                f"{where} has unbalanced braces and was skipped; "
                "close every '{' with '}' (write \\{ \\} as \\textbraceleft{} "
                "\\textbraceright{})",
            )
            return
        source = piece[:end]
        cached = self.cache.get((self.macros, source))
        if cached is not None and key is not None:
            self.add(cached.key, cached, source, line)
            return
        self.parser.data = BibliographyData()
        with pybtex.errors.capture() as errors:
            self.parser.parse_string(source)
        fatal = False
        for error in errors:
            fatal = self.report(error, line, key, where) or fatal
        if kind == "string":
            self.macros = hash(tuple(sorted(self.parser.macros.items())))
        if fatal or kind in ("string", "preamble"):
            if kind == "preamble":
                self.bib.data.preamble_list.extend(self.parser.data.preamble_list)
            return
        for entry_key, entry in self.parser.data.entries.items():
            if not errors:
                self.cache[(self.macros, source)] = entry
            self.add(entry_key, entry, source, line)

    def report(self, error: Exception, line: int, key: str | None, where: str) -> bool:
        """Record *error*; true when the entry cannot be used at all."""
        if isinstance(error, UndefinedMacro):  # BibTeX too reads an undefined @string as empty
            self.problem(
                line + (error.lineno or 1) - 1,
                key,
                "undefined_string",
                f"{where} uses the undefined @string macro '{error.args[0] if error.args else error}'; "
                "it reads as empty: define it with @string or quote the value in braces",
            )
            return False
        if isinstance(error, PybtexSyntaxError):
            at = line + (error.lineno or 1) - 1
            self.problem(
                at,
                key,
                "syntax",
                f"syntax error in {where}: {error.args[0] if error.args else error}; "
                "the entry was skipped, fix the line and rebuild",
            )
            return True
        message = str(error)
        if "duplicate" in message and "field" in message:
            self.problem(
                line, key, "duplicate_field", f"{message}; the first value is used, delete the other"
            )
        else:
            self.problem(line, key, "name", f"{where}: {message}")
        return False

    def add(self, key: str, entry: Entry, source: str, line: int) -> None:
        folded = key.lower()
        if folded in self.seen:
            first = self.seen[folded]
            first_path, first_line = self.bib.locations[first]
            self.problem(
                line,
                key,
                "duplicate_key",
                f"duplicate key '{key}' (keys ignore case; first defined as '{first}' "
                f"at {first_path}:{first_line}); this entry was skipped, rename one of them",
            )
            return
        if entry.type.lower() not in KNOWN_TYPES:
            self.problem(
                line,
                key,
                "unknown_type",
                f"entry '{key}' has unknown type @{entry.type}; shown as @misc, "
                "use a standard type such as @article, @inproceedings or @misc",
            )
        self.seen[folded] = key
        entry.key = key
        self.bib.data.entries[key] = entry
        self.bib.sources[key] = source
        self.bib.locations[key] = (self.path, line)


def parse_bib(
    text: str, path: str = "<string>", into: Bibliography | None = None, cache: ParseCache | None = None
) -> Bibliography:
    """Entries of *text*; problems are collected, never raised. *cache* is read and filled."""
    bib = into if into is not None else Bibliography()
    _Reader(bib, path, cache).read(text.lstrip("\ufeff"))
    if into is None:
        _resolve(bib)
    return bib


def read_bib(
    paths: list[Path] | Path, encoding: str = "utf-8-sig", cache: ParseCache | None = None
) -> Bibliography:
    """Entries of one or more .bib files; a key repeated across files is a problem too."""
    bib = Bibliography()
    for path in [paths] if isinstance(paths, Path) else paths:
        parse_bib(Path(path).read_text(encoding=encoding), str(path), into=bib, cache=cache)
    _resolve(bib)
    return bib


def _resolve(bib: Bibliography) -> None:
    """crossref/xdata inheritance and unknown-macro reports, once every file is read."""
    from .resolve import resolve  # resolve imports this module

    resolve(bib)
