"""Stable anchors for entries: ``papers.html#<anchor>`` links survive rebuilds.

Rule: ``ref-`` followed by the citation key in lower case, where every
character other than ``a-z``, ``0-9``, ``-``, ``_`` and ``.`` is written as
``~`` + its Unicode code point in hex + ``~`` (so ``Smith:2020`` becomes
``ref-smith~3a~2020``). Keys are case-insensitive in BibTeX and pybtex, so two
entries never share an anchor, and the anchor changes only when the key does.
The same ``ref-<key>`` shape was used by the old pandoc-built page.
"""

from __future__ import annotations

import re

PREFIX = "ref-"
_UNSAFE = re.compile(r"[^a-z0-9_.\-]")


def anchor_for(key: str) -> str:
    """The HTML id of the entry with citation key *key*."""
    return PREFIX + _UNSAFE.sub(lambda m: f"~{ord(m.group()):x}~", key.lower())
