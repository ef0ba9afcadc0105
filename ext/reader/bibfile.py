"""Read .bib files so that one bad entry never costs the others.

pybtex stops at the first syntax error and, under sphinxcontrib-bibtex, a
repeated key drops every entry after it. Here the file is first cut into
entries at each line that starts with ``@type{`` or ``@type(``; each piece is
parsed on its own (by :mod:`ext.reader.entryparse` when it is well formed, else
by pybtex's parser, which reports what is wrong), so an unbalanced brace, a repeated
key (keys compare case-insensitively, as in pybtex and BibTeX), a repeated
field or an unknown entry type becomes one :class:`Problem` naming the file,
line and key, and every other entry is kept. ``@string`` macros apply to the
entries after them, as in BibTeX.

The exact source text of each entry is kept too: the page shows it verbatim.

A large file is read on two cores where forking is allowed (:mod:`ext.forked`): a forked
child parses the entries of the file's last part while this process parses the first, and
this process takes the child's entries as it would take its own from an earlier read (the
parse cache), once it reaches that part. Everything else (``@string`` macros, problems,
repeated keys) is still worked out here, in file order, so the result is the one a single
process reads.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.scanner import PybtexSyntaxError

from ext import forked
from ext.reader.bibtext import LineCounter, Problem, decode_bib
from ext.reader.chars import UNSAFE, strip_unsafe
from ext.reader.entryparse import parse_entry
from ext.reader.fields import KNOWN_TYPES
from ext.reader.stringmacros import BoundedMacros, MacroBomb, file_budget

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*([{(])", re.MULTILINE)
#: ``@type{`` or ``@type(``, blanks and line breaks allowed around the type (as BibTeX and pybtex allow)
_HEADER = re.compile(r"@\s*([A-Za-z][\w-]*)\s*([{(])")
#: an entry header that lost its ``@``: ``article{key,`` at the start of a line between entries
_HEADERLESS = re.compile(r"^[ \t]*([A-Za-z]+)[ \t]*\{[ \t]*([^\s,{}()=@]+)[ \t]*,", re.MULTILINE)
_HEADERLESS_HERE = re.compile(r"[ \t]*([A-Za-z]+)[ \t]*\{[ \t]*([^\s,{}()=@]+)[ \t]*,")
#: what a broken header looks like: ``@inproc eedings{``, ``@misc`` with no brace
_BROKEN_HEADER = re.compile(r"@\s*[A-Za-z][^\n@{}]{0,60}")
_KEY = re.compile(r"\s*([^\s,{}()]+)\s*,")
_STRING_NAME = re.compile(r"\s*([^\s=#{}(),\"]+)\s*=")


@dataclass
class Bibliography:
    """Entries of one or more .bib files, in file order, plus what was wrong."""

    data: BibliographyData = field(default_factory=BibliographyData)
    sources: dict[str, str] = field(default_factory=dict)  #: key → exact BibTeX text
    locations: dict[str, tuple[str, int]] = field(default_factory=dict)  #: key → (path, line)
    problems: list[Problem] = field(default_factory=list)
    #: the exact text of each ``@string`` and ``@preamble``, in file order (a rewriting pull keeps them)
    directives: list[str] = field(default_factory=list)

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


class _OpenBraces:
    """Which ``{`` of a text are never closed, each answered in O(log n) after one pass.

    Scanning from an unclosed entry to the end of the file is linear; doing it
    for each of many unclosed entries (``@misc{a,`` pasted a thousand times)
    would make reading quadratic. After the first unclosed entry, the reader
    asks this instead: a ``{`` at *p* is never closed when no later brace
    brings the nesting level back below the level just inside it.
    """

    def __init__(self, text: str) -> None:
        self.positions: list[int] = []
        levels: list[int] = []
        level = 0
        for match in _BRACE.finditer(text):
            level += 1 if match.group() == "{" else -1
            self.positions.append(match.start())
            levels.append(level)  # the level just after this brace
        self.lowest_after = [*levels[1:], 10**9]  # lowest level after each brace, filled right to left
        for index in range(len(levels) - 2, -1, -1):
            self.lowest_after[index] = min(levels[index + 1], self.lowest_after[index + 1])
        self.levels = levels

    def never_closed(self, open_pos: int) -> bool:
        index = bisect.bisect_left(self.positions, open_pos)
        return self.lowest_after[index] >= self.levels[index]


_BRACE = re.compile(r"[{}]")


#: Parsed entries of earlier reads, by (macros in force, exact source): a re-read parses only what changed.
ParseCache = dict[tuple[int, str], Entry]
#: Entries a child parsed ahead, the same way, each with the macro characters its parse read.
ParsedAhead = dict[tuple[int, str], tuple[Entry, int]]

#: From this many ``@`` in a file read for the first time, its last part is parsed in a forked child.
#: Measured in clean builds on a 2-core machine, 5 interleaved pairs each: 2 000 entries, the read's
#: median 327 -> 252 ms; 20 000 entries, 2.6 -> 1.9 s; 452 entries, nothing saved.
READ_THERE_FROM = forked.WORTH_FORKING
#: The share of the file (in characters) the child parses: about a third, since it also walks the first
#: part for its macros and pickles what it parsed (there it parsed 45 % in 1.3 s to this process's 55 %
#: in 1.0 s, then pickled for 0.2 s).
THEIR_SHARE = 0.35


class _Reader:
    """Parses the pieces of a file in order, sharing ``@string`` macros."""

    def __init__(self, bib: Bibliography, path: str, cache: ParseCache | None, fast: bool = True) -> None:
        self.bib = bib
        self.fast = fast  #: read well-formed entries with :mod:`ext.reader.entryparse` (False: pybtex only)
        self.path = path
        self.parser = Parser(encoding="utf-8")
        self.parser.macros = BoundedMacros(self.parser.macros, file_budget(0))
        self.defined: dict[str, int] = {}  #: @string name (lower case) → line of its definition
        self.seen = {key.lower(): key for key in bib.data.entries}
        self.cache = cache if cache is not None else {}
        self.macros = 0  #: fingerprint of the @string macros defined so far
        self.here = 0  #: where the piece being read starts in the text
        self.split = 0  #: where the part a child parses ahead starts (0: none)
        self.pending: forked.Pending[ParsedAhead] | None = None  #: that child's answer, until taken
        self.ahead: ParsedAhead = {}  #: the child's entries not yet taken
        #: in a child parsing ahead: what it parsed (the entries before :attr:`split` are not parsed)
        self.parsed: ParsedAhead | None = None

    def problem(self, line: int, key: str | None, kind: str, message: str) -> None:
        self.bib.problems.append(Problem(self.path, line, key, kind, message))

    def read(self, text: str) -> None:
        """Walk the file from entry to entry: every ``@`` outside an entry starts one or is reported."""
        lines = LineCounter(text)
        self.parser.macros.budget = file_budget(len(text))
        if self.parsed is None:
            self.parse_ahead(text)
        try:
            self.walk(text, lines)
        finally:  # the child is waited for even when none of its entries was needed (all broken, all repeated)
            if self.pending is not None:
                self.pending.result()
                self.pending = None

    def walk(self, text: str, lines: LineCounter) -> None:
        """Read every piece of *text* in order (see :meth:`read`)."""
        pos = 0
        open_braces: _OpenBraces | None = None
        while (at := text.find("@", pos)) >= 0:
            self.check_gap(text, pos, at, lines)
            header = _HEADER.match(text, at)
            if header is None or header.group(1).lower() == "comment":
                pos = self.skip(text, at, header, lines)
                continue
            opener = header.end() - 1
            if open_braces is not None and text[opener] == "{" and open_braces.never_closed(opener):
                end = None
            else:
                end = _entry_end(text, opener)
                if end is None and open_braces is None:
                    open_braces = _OpenBraces(text)  # from now on, unclosed entries are known at once
            if end is None:  # unbalanced: give up on this entry at the next entry header on a line of its own
                resync = _ENTRY_START.search(text, header.end())
                pos = resync.start() if resync else len(text)
            else:
                pos = end
            line = lines.line(at)
            self.here = at
            self.read_piece(text[at:pos], header.group(1), header.end() - at - 1, end is not None, line)
            if end is None:
                self.report_swallowed(text, header.end(), pos, line, lines)
        self.check_gap(text, pos, len(text), lines)

    def parse_ahead(self, text: str) -> None:
        """Have a forked child parse the entries of the file's last part while this process reads the
        first: on a first read (nothing cached) of a file large enough to pay for the fork."""
        if self.cache:  # a re-read parses only what changed: nothing worth a child
            return
        size = text.count("@")
        if not forked.will_fork(size, READ_THERE_FROM):
            return
        found = _ENTRY_START.search(text, int(len(text) * (1 - THEIR_SHARE)))
        if found is None:
            return
        self.split = split = found.start()
        path, fast = self.path, self.fast
        self.pending = forked.start(lambda: _parsed_ahead(text, path, split, fast), size, READ_THERE_FROM)

    def taken_ahead(self, source: str) -> tuple[Entry, int] | None:
        """The child's entry for *source* under the macros in force, once this read reaches its part."""
        if self.pending is not None and self.here >= self.split:
            self.ahead, self.pending = self.pending.result(), None
        return self.ahead.pop((self.macros, source), None) if self.ahead else None

    def report_swallowed(self, text: str, start: int, stop: int, line: int, lines: LineCounter) -> None:
        """Entries inside the text an unclosed entry took with it are lost too: name each."""
        for header in _HEADER.finditer(text, start, stop):
            key = _KEY.match(text, header.end())
            if key is not None:
                self.problem(
                    lines.line(header.start()),
                    key.group(1),
                    "syntax",
                    f"entry '{key.group(1)}' was not read: the entry at line {line} before it does not close "
                    "its braces",
                )

    def check_gap(self, text: str, start: int, stop: int, lines: LineCounter) -> None:
        """Text between entries is a comment to BibTeX; report what looks like an entry that lost its ``@``."""
        glued = _HEADERLESS_HERE.match(text, start, stop)  # "}misc{key," right after the previous entry
        found = [
            match for match in _HEADERLESS.finditer(text, start, stop) if not glued or match.start() > start
        ]
        for match in [glued, *found] if glued else found:
            self.problem(
                lines.line(match.start()),
                match.group(2),
                "syntax",
                f"'{match.group(1)}{{{match.group(2)},' has no '@' before it, so the entry was not read; "
                f"write @{match.group(1)}{{...}}",
            )

    def skip(self, text: str, at: int, header: re.Match | None, lines: LineCounter) -> int:
        """Past an ``@comment`` or an ``@`` that starts no entry (reported when it looks like a header)."""
        if header is not None:  # @comment: BibTeX skips the word only, so entries inside the group count
            return header.end()
        if at > 0 and (text[at - 1].isalnum() or text[at - 1] in "._-"):
            return at + 1  # part of a word outside entries, such as an e-mail address in a comment
        word = _BROKEN_HEADER.match(text, at)
        shown = " ".join((word.group() if word else text[at : at + 20].split("\n")[0]).split())[:40]
        self.problem(
            lines.line(at),
            None,
            "syntax",
            f"'{shown}' is not an entry header, so what follows was not read; "
            "write it as @type{key, field = {value}, ...}",
        )
        return at + 1

    def read_piece(self, piece: str, type_name: str, open_pos: int, closed: bool, line: int) -> None:
        kind = type_name.lower()
        if self.parsed is not None and self.here < self.split and kind not in ("string", "preamble"):
            return  # a child parsing ahead reads only the macros of the part before its own
        key_match = _KEY.match(piece, open_pos + 1)
        key = key_match.group(1) if key_match and kind not in ("string", "preamble") else None
        where = f"entry '{key}'" if key else f"@{type_name}"
        if not closed:
            self.problem(
                line,
                key,
                "syntax",
                f"{where} has unbalanced braces and was skipped; "
                "close every '{' with '}' (write \\{ \\} as \\textbraceleft{} "
                "\\textbraceright{})",
            )
            return
        try:
            with self.parser.macros.piece():
                self.parse_piece(piece, kind, key, where, line)
        except MacroBomb as bomb:
            self.refuse(bomb, piece[open_pos + 1 :] if kind == "string" else None, key, line)
        else:
            if kind in ("string", "preamble"):
                self.bib.directives.append(piece.strip())
            elif self.parsed is not None and (entry := self.cache.get((self.macros, piece))) is not None:
                # the first time only: a repeated piece is a cache hit, which reads no macros
                self.parsed.setdefault((self.macros, piece), (entry, self.parser.macros.spent))
        if kind == "string":
            self.fingerprint(_STRING_NAME.match(piece, open_pos + 1), line)

    def fingerprint(self, name: re.Match | None, line: int) -> None:
        """Update the fingerprint of the macros after an @string: chained from the one before (linear;
        hashing every macro after each @string made a file of many @strings quadratic)."""
        macros = self.parser.macros
        if name is None:  # not a name this reader knows how to find: fingerprint them all
            self.macros = hash(tuple(sorted(macros.items())))
            return
        self.defined[name.group(1).lower()] = line
        self.macros = hash((self.macros, name.group(1).lower(), macros.get(name.group(1))))

    def refuse(self, bomb: MacroBomb, string_body: str | None, key: str | None, line: int) -> None:
        """Report a piece whose macros expand beyond the bound: an @string reads as empty, an entry is
        skipped."""
        used = self.defined.get(bomb.name.lower())
        cause = f"{bomb}" + (f" (defined at {self.path}:{used})" if used else "")
        if string_body is not None:
            name = _STRING_NAME.match(string_body)
            shown = name.group(1) if name else "?"
            if name:
                self.parser.macros.define_empty(shown)
            message = f"@string '{shown}' reads as empty: {cause}"
        else:
            message = f"entry '{key}' was skipped: {cause}"
        self.problem(
            line, key, "macro_expansion", f"{message}; write the text out instead of chaining @string macros"
        )

    def parse_piece(self, piece: str, kind: str, key: str | None, where: str, line: int) -> None:
        source = piece
        cached = self.cache.get((self.macros, source))
        if cached is not None and key is not None:
            self.add(cached.key, cached, source, line)
            return
        ahead = self.taken_ahead(source) if key is not None else None
        if ahead is not None and self.parser.macros.charge(ahead[1]):  # what parsing it here would cost
            self.cache[(self.macros, source)] = ahead[0]
            self.add(ahead[0].key, ahead[0], source, line)
            return
        fast = parse_entry(source, self.parser.macros) if key is not None and self.fast else None
        if fast is not None:
            self.cache[(self.macros, source)] = fast
            self.add(fast.key, fast, source, line)
            return
        self.parser.data = BibliographyData()
        with pybtex.errors.capture() as errors:
            self.parser.parse_string(source)
        fatal = False
        for error in errors:
            fatal = self.report(error, line, key, where) or fatal
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


def _parsed_ahead(text: str, path: str, split: int, fast: bool) -> ParsedAhead:
    """The entries from *split* on that parse without a problem (what :meth:`_Reader.parse_piece`
    caches), by the macros in force at each: read in a forked child (see :meth:`_Reader.parse_ahead`)."""
    reader = _Reader(Bibliography(), path, {}, fast)
    reader.split, reader.parsed = split, {}
    reader.read(text)
    return reader.parsed


def _clean(text: str) -> str:
    return strip_unsafe(text) if UNSAFE.search(text) else text


def parse_bib(
    text: str,
    path: str = "<string>",
    into: Bibliography | None = None,
    cache: ParseCache | None = None,
    fast: bool = True,
) -> Bibliography:
    """Entries of *text*; problems are collected, never raised. *cache* is read and filled.
    *fast* False reads every entry with pybtex's parser (the reference the fast one is tested against)."""
    bib = into if into is not None else Bibliography()
    _Reader(bib, path, cache, fast).read(_clean(text.lstrip("\ufeff")))
    if into is None:
        _resolve(bib)
    return bib


def read_bib(
    paths: list[Path] | Path, encoding: str = "utf-8-sig", cache: ParseCache | None = None, fast: bool = True
) -> Bibliography:
    """Entries of one or more .bib files; a key repeated across files is a problem too."""
    bib = Bibliography()
    for path in [paths] if isinstance(paths, Path) else paths:
        text, problems = decode_bib(Path(path).read_bytes(), str(path), encoding)
        bib.problems.extend(problems)
        parse_bib(text, str(path), into=bib, cache=cache, fast=fast)
    _resolve(bib)
    return bib


def _resolve(bib: Bibliography) -> None:
    """crossref/xdata inheritance and unknown-macro reports, once every file is read."""
    from ext.reader.resolve import resolve  # resolve imports this module

    resolve(bib)
