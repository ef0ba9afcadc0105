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


def citation_id_key(key: str) -> str:
    """*key* written so that docutils' ``make_id`` keeps it as it is and no two keys meet.

    sphinxcontrib-bibtex makes citation ids from a template such as
    ``cite-{key}`` and passes them through ``make_id``, which turns every
    character but ``a-z0-9`` into ``-`` and merges runs of them, so
    ``smith:2020`` and ``smith_2020`` would both become ``cite-smith-2020``.
    Here a letter or digit stays (lower-cased: keys ignore case), a single
    inner ``-`` stays, ``q`` becomes ``qq``, and anything else becomes ``q`` +
    hex code point + ``q`` (``smithq3aq2020``, ``smithq5fq2020``): only
    ``a-z0-9-``, nothing ``make_id`` changes, and one key per id.
    """
    out: list[str] = []
    lowered = key.lower()
    for index, char in enumerate(lowered):
        if char == "q":
            out.append("qq")
        elif char.isascii() and char.isalnum():
            out.append(char)
        elif (
            char == "-" and 0 < index < len(lowered) - 1 and out[-1][-1:] != "-" and lowered[index + 1] != "-"
        ):
            out.append("-")
        else:
            out.append(f"q{ord(char):x}q")
    return "".join(out)


class CitationIdTemplate(str):
    """A ``bibtex_cite_id``-style template whose ``{key}`` is filled with :func:`citation_id_key`."""

    __slots__ = ()

    def format(self, *args: object, **fields: object) -> str:
        if "key" in fields:
            fields["key"] = citation_id_key(str(fields["key"]))
        return str.format(self, *args, **fields)
