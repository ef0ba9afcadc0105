"""Which characters a font family has glyphs for, as fontconfig reports it (pure, but for two commands).

LuaLaTeX (luaotfload) finds a font named in ``conf.py`` among the system's fonts, the ones
fontconfig lists. A family's faces differ (FreeSerif's bold has fewer glyphs than its regular),
and the text may be set in any of them, so a family covers only what all its faces have.
An unknown answer (no fontconfig, no such family, a command that fails) is ``None``: the caller
then assumes nothing is covered.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from functools import lru_cache

#: how long a fontconfig command may take (it reads its cache; a first run scans the font folders)
TIMEOUT = 60


def parse_charset(charset: str) -> frozenset[int]:
    """fontconfig's ``%{charset}`` (``"20-7e a0-17f 2013"``: hexadecimal code points and ranges)."""
    codes: set[int] = set()
    for part in charset.split():
        first, _, last = part.partition("-")
        codes.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(codes)


def _fontconfig(*arguments: str) -> str | None:
    command = shutil.which(arguments[0])
    if command is None:
        return None
    try:
        done = subprocess.run(
            [command, *arguments[1:]], capture_output=True, text=True, timeout=TIMEOUT, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout


def _pattern(family: str) -> str:
    """A fontconfig pattern that names just *family* (which fontconfig matches ignoring case and
    blanks): its ``-``, ``:``, ``,`` and ``\\`` escaped, or "Foo-Bold" would ask for the family "Foo"."""
    return "".join("\\" + character if character in "\\-:," else character for character in family)


@lru_cache(maxsize=64)
def family_coverage(family: str) -> frozenset[int] | None:
    """The characters every face of *family* has a glyph for; None when that cannot be told."""
    listed = _fontconfig("fc-list", "--format=%{file}\n", _pattern(family))
    files = sorted({line for line in (listed or "").splitlines() if line})
    if not files:
        return None
    charsets = _fontconfig("fc-query", "--index=0", "--format=%{charset}\n", *files)
    if charsets is None:
        return None
    faces = charsets.splitlines()
    if len(faces) != len(files):
        return None
    try:
        covered = [parse_charset(face) for face in faces]
    except ValueError:
        return None
    return frozenset.intersection(*covered)


def common_coverage(families: Iterable[str]) -> frozenset[int] | None:
    """What every face of every family in *families* covers; None when one of them is unknown, or none is named."""
    coverages = [family_coverage(family) for family in families]
    known = [coverage for coverage in coverages if coverage is not None]
    if not coverages or len(known) != len(coverages):
        return None
    return frozenset.intersection(*known)


def all_covered(texts: Iterable[str], covered: frozenset[int]) -> bool:
    """Whether every printable character of *texts* is in *covered* (line ends and tabs are not printed)."""
    used = set("".join(texts))
    return all(ord(character) in covered or character < " " for character in used)
