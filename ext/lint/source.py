"""Where each field's value sits in an entry's BibTeX text, for line numbers and in-place fixes.

pybtex gives values, not positions; ``--fix`` must change one value and keep
every other byte, so this scanner finds ``name = value`` spans the way BibTeX
reads them: a value is ``{...}`` (braces balanced), ``"..."`` or a bare word
(a number or a macro), possibly joined with ``#``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = re.compile(r"[^\s=,{}()\"#%'~]+")
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


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _value_part_end(text: str, pos: int) -> int | None:
    """End of one value part starting at *pos* (``None``: not a value)."""
    if pos >= len(text):
        return None
    if text[pos] in '{"':
        closer, depth = ("}" if text[pos] == "{" else '"'), 0
        for index in range(pos + 1, len(text)):
            char = text[index]
            if char == "{":
                depth += 1
            elif char == "}" and (depth > 0 or closer == '"'):
                depth -= 1
            elif char == closer and depth == 0:
                return index + 1
        return None
    match = _BARE.match(text, pos)
    return match.end() if match else None


def field_spans(source: str) -> list[FieldSpan]:
    """The fields of one entry's text, in order; stops quietly at anything malformed."""
    open_at = min((i for i in (source.find("{"), source.find("(")) if i >= 0), default=-1)
    comma = source.find(",", open_at + 1)
    if open_at < 0 or comma < 0:
        return []
    spans: list[FieldSpan] = []
    pos = comma + 1
    while True:
        pos = _skip_blank(source, pos)
        while pos < len(source) and source[pos] == ",":
            pos = _skip_blank(source, pos + 1)
        name = _NAME.match(source, pos)
        if not name:
            return spans
        pos = _skip_blank(source, name.end())
        if pos >= len(source) or source[pos] != "=":
            return spans
        value_start = pos = _skip_blank(source, pos + 1)
        value_end = None
        while True:
            part_end = _value_part_end(source, pos)
            if part_end is None:
                return spans
            value_end = part_end
            after = _skip_blank(source, part_end)
            if after < len(source) and source[after] == "#":
                pos = _skip_blank(source, after + 1)
                continue
            break
        after = _skip_blank(source, value_end)
        end = after + 1 if after < len(source) and source[after] == "," else value_end
        spans.append(FieldSpan(name.group(), name.start(), value_start, value_end, end))
        pos = end
