"""Where each field's value sits in an entry's BibTeX text, for line numbers and in-place fixes.

pybtex gives values, not positions; ``--fix`` must change one value and keep
every other byte, so this scanner finds ``name = value`` spans the way BibTeX
reads them: a value is ``{...}`` (braces balanced), ``"..."`` or a bare word
(a number or a macro), possibly joined with ``#``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BARE = re.compile(r"[^\s,#{}\"()]+")


@dataclass(frozen=True)
class FieldSpan:
    name: str
    start: int  #: where the field name starts
    value_start: int  #: the value's first character (the opening delimiter, if any)
    value_end: int  #: just past the value's last character (the closing delimiter, if any)
    end: int  #: just past the separating comma (or the value end when there is none)

    def delimited(self, source: str) -> tuple[str, str, str]:
        """(opening delimiter, inner text, closing delimiter) of a single-part value."""
        value = source[self.value_start : self.value_end]
        if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
            return value[0], value[1:-1], value[-1]
        return "", value, ""


_DELIMITERS = re.compile(r'[{}"]')


def _value_part_end(text: str, pos: int) -> int | None:
    """End of one value part starting at *pos* (``None``: not a value)."""
    if pos >= len(text):
        return None
    if text[pos] in '{"':
        closer, depth = ("}" if text[pos] == "{" else '"'), 0
        for delimiter in _DELIMITERS.finditer(text, pos + 1):
            char = delimiter.start()
            if text[char] == "{":
                depth += 1
            elif text[char] == "}" and (depth > 0 or closer == '"'):
                depth -= 1
            elif text[char] == closer and depth == 0:
                return char + 1
        return None
    bare = _BARE.match(text, pos)
    return bare.end() if bare else None


_HEAD = re.compile(r"[\s,]*([^\s=,{}()\"#%'~]+)\s*=\s*")
_AFTER = re.compile(r"\s*(#)?\s*")


def field_spans(source: str) -> list[FieldSpan]:
    """The fields of one entry's text, in order; stops quietly at anything malformed."""
    open_at = min((i for i in (source.find("{"), source.find("(")) if i >= 0), default=-1)
    comma = source.find(",", open_at + 1)
    if open_at < 0 or comma < 0:
        return []
    spans: list[FieldSpan] = []
    pos = comma + 1
    while True:
        head = _HEAD.match(source, pos)
        if not head:
            return spans
        value_start = pos = head.end()
        while True:
            part_end = _value_part_end(source, pos)
            if part_end is None:
                return spans
            after = _AFTER.match(source, part_end)
            if not after.group(1):  # type: ignore[union-attr]  # \s* always matches
                break
            pos = after.end()  # type: ignore[union-attr]
        value_end = part_end
        after_pos = after.end()  # type: ignore[union-attr]
        end = after_pos + 1 if after_pos < len(source) and source[after_pos] == "," else value_end
        spans.append(FieldSpan(head.group(1), head.start(1), value_start, value_end, end))
        pos = end
