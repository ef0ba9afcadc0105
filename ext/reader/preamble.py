r"""Macros a .bib defines in its ``@preamble``, applied to its field values as text.

xampl.bib defines ``\newcommand{\noopsort}[1]{}``, Beebe's bibliographies
``\def\emdash{---}``, R package lists ``\newcommand{\rpackage}[1]{\textsf{#1}}``;
BibTeX passes them to LaTeX, which expands them. Here each definition is read
(``\newcommand``, ``\renewcommand``, ``\providecommand``, ``\def``, with up to nine
``#`` parameters) and every use in a field is replaced by the body, before the
value is decoded as usual. Nothing is run: expansion is text substitution, at
most a few rounds and a bounded length, and the result still goes through
:func:`ext.reader.latex.decode`, which never interprets ``\input`` or ``\write18``.
"""

from __future__ import annotations

import re

#: name → (number of parameters, body)
Macros = dict[str, tuple[int, str]]

_NEWCOMMAND = re.compile(
    r"\\(?:re|provide)?newcommand\*?\s*(?:\{\s*\\([A-Za-z]+)\s*\}|\\([A-Za-z]+))\s*(?:\[(\d)\])?\s*(?=\{)"
)
_DEF = re.compile(r"\\[gex]?def\s*\\([A-Za-z]+)\s*((?:#\d)*)\s*(?=\{)")
_USE = re.compile(r"\\([A-Za-z]+)")
_ROUNDS = 8  #: nested macros expand this deep at most
_GROWTH = 20  #: a value may grow this many times (and at least by 2000 characters), no more


def _group(text: str, start: int) -> tuple[str, int] | None:
    """The content of the braced group at *start* and the index after it."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "\\":
            continue
        if char == "{" and (index == 0 or text[index - 1] != "\\"):
            depth += 1
        elif char == "}" and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index], index + 1
    return None


def macros_of(preambles: list[str]) -> Macros:
    """The macros defined in *preambles* (later definitions win, as in LaTeX)."""
    macros: Macros = {}
    for preamble in preambles:
        for pattern in (_NEWCOMMAND, _DEF):
            for match in pattern.finditer(preamble):
                body = _group(preamble, match.end())
                if body is None:
                    continue
                if pattern is _NEWCOMMAND:
                    name, count = match.group(1) or match.group(2), int(match.group(3) or 0)
                else:
                    name, count = match.group(1), len(match.group(2)) // 2
                macros[name] = (count, body[0])
    return macros


def _argument(text: str, index: int) -> tuple[str, int] | None:
    """One macro argument at *index*: a braced group or a single token."""
    while index < len(text) and text[index].isspace():
        index += 1
    if index >= len(text):
        return None
    if text[index] == "{":
        return _group(text, index)
    if text[index] == "\\":
        match = _USE.match(text, index)
        end = match.end() if match else index + 2
        return text[index:end], end
    return text[index], index + 1


def _expand_once(text: str, macros: Macros) -> str:
    out, position = [], 0
    for match in _USE.finditer(text):
        if match.start() < position or match.group(1) not in macros:
            continue
        count, body = macros[match.group(1)]
        index, arguments = match.end(), []
        while count == 0 and index < len(text) and text[index].isspace():  # a control word eats blanks
            index += 1
        for _ in range(count):
            argument = _argument(text, index)
            if argument is None:
                break
            arguments.append(argument[0])
            index = argument[1]
        if len(arguments) < count:
            continue
        for number, value in enumerate(arguments, 1):
            body = body.replace(f"#{number}", value)
        out.append(text[position : match.start()])
        out.append(body if not body[-1:].isalpha() or count else body + "{}")  # \emdash{}x, \PLOTx
        position = index
    out.append(text[position:])
    return "".join(out)


_MAX_DEPTH = 50  #: brace nesting an expansion may reach


def _depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth -= 1
    return deepest


def expand(text: str, macros: Macros) -> str:
    """*text* with the uses of *macros* replaced by their bodies."""
    limit = max(len(text) * _GROWTH, len(text) + 2000)
    for _ in range(_ROUNDS):
        if "\\" not in text:
            break
        expanded = _expand_once(text, macros)
        if expanded == text or len(expanded) > limit or _depth(expanded) > _MAX_DEPTH:
            break
        text = expanded
    return text
