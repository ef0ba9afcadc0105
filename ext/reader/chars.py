"""Characters no output may carry: control characters and bidirectional overrides (pure).

Anyone in the Zotero group can type anything. A backspace or escape byte
(``\\x08``, ``\\x1b[31m``) stops LuaLaTeX ("invalid character") and colours a
terminal; an override such as U+202E turns the text after it around, so a
title or a link can show something other than what it says. These are
removed: C0 controls other than tab, line feed and carriage return, DEL, the
C1 controls, the bidi embeddings, overrides and isolates (U+202A–U+202E,
U+2066–U+2069), the noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF) that
make an XML file such as the Atom feed unreadable, and lone surrogates (half of a
UTF-16 pair: a JSON ``"\\ud800"`` from the Zotero API, a ``\\char55296``), which no
UTF-8 file can hold. What people legitimately type stays: right-to-left text
itself, the directional marks U+200E/U+200F/U+061C, joiners.
"""

from __future__ import annotations

import re

#: Characters removed from every value.
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
#: Invisible characters a link must not contain (it would not be the link it shows).
INVISIBLE = re.compile("[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]")


def strip_unsafe(text: str) -> str:
    """*text* without the characters :data:`UNSAFE` matches."""
    return UNSAFE.sub("", text)


def describe(char: str) -> str:
    """``U+001B`` for a character in a message."""
    return f"U+{ord(char):04X}"
