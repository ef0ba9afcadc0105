"""The text of a .bib file: bytes decoded without losing the file to one stray byte, invisible
control and direction characters reported (the reader removes them), line numbers, and
:class:`Problem`, what every reader of .bib files reports (see :mod:`ext.reader.bibfile`)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ext.reader.chars import UNSAFE, describe


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


class LineCounter:
    """Line numbers of increasing offsets in one text, counted once (linear in the file size)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.number = 1

    def line(self, offset: int) -> int:
        self.number += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.number


_UNDECODED = re.compile(r"[\udc80-\udcff]")


def decode_bib(data: bytes, path: str, encoding: str = "utf-8-sig") -> tuple[str, list[Problem]]:
    """The text of a .bib file; bytes that are not *encoding* become U+FFFD and are reported.

    One stray byte (a Latin-1 "é" pasted into a UTF-8 file) must not cost the
    whole list: only the entry holding it shows the replacement character.
    """
    text = data.decode(encoding, errors="surrogateescape")
    name = encoding.removesuffix("-sig").upper()
    problems = []
    bad = list(_UNDECODED.finditer(text))
    if bad:
        lines = LineCounter(text)
        for match in bad[:5]:
            byte = ord(match.group()) - 0xDC00
            problems.append(
                Problem(
                    path,
                    lines.line(match.start()),
                    None,
                    "encoding",
                    f"byte 0x{byte:02x} is not {name} text; it was replaced by \ufffd (save the file as {name})",
                )
            )
        if len(bad) > 5:
            problems.append(
                Problem(
                    path,
                    lines.line(bad[5].start()),
                    None,
                    "encoding",
                    f"{len(bad) - 5} more bytes that are not {name} text were replaced",
                )
            )
        text = _UNDECODED.sub("\ufffd", text)
    return text, problems + _unsafe_characters(text, path)


#: Bytes of a .bib file decoded at a time by :func:`cleaned_utf8`.
DECODE_CHUNK = 1 << 20


def cleaned_utf8(data: bytes, encoding: str = "utf-8-sig") -> Iterator[bytes]:
    """The text :func:`decode_bib` reads, with the characters the reader removes removed, in UTF-8,
    in parts: what the site publishes as the .bib file. A megabyte at a time, so a large file is never
    held as text (up to four bytes a character) next to its bytes and its copies."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="surrogateescape")
    for start in range(0, len(data), DECODE_CHUNK):
        text = decoder.decode(data[start : start + DECODE_CHUNK], final=start + DECODE_CHUNK >= len(data))
        yield UNSAFE.sub("", _UNDECODED.sub("\ufffd", text)).encode("utf-8")


def _unsafe_characters(text: str, path: str) -> list[Problem]:
    """Control characters and bidi overrides, each reported once per line (they are removed when read)."""
    found = list(UNSAFE.finditer(text))
    if not found:
        return []
    lines = LineCounter(text)
    problems: list[Problem] = []
    for match in found:
        line = lines.line(match.start())
        if problems and problems[-1].line == line:
            continue
        problems.append(
            Problem(
                path,
                line,
                None,
                "control_char",
                f"the invisible character {describe(match.group())} was removed (it can stop LaTeX or "
                "turn text around); delete it from the file",
            )
        )
    return problems


_RETIRED_LINE = re.compile(r"^% retired: (\S+)(?: (\S+))?$", re.MULTILINE)


def retired_keys(text: str) -> dict[str, str]:
    """The retired citation keys a bib's header lists, each with the Zotero item that held it ("" if none).

    ``python -m sync pull`` writes them (``sync.local.bibwrite.retired_lines``) so a retired key is never
    given again; the site build reads them to name a renamed key's successor.
    """
    head = text.split("\n@", 1)[0] if not text.startswith("@") else ""
    return {match.group(1): match.group(2) or "" for match in _RETIRED_LINE.finditer(head)}
