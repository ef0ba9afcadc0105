r"""The parse tree of a BibTeX field value, and the helpers that read command arguments off it.

:func:`parse` splits a LaTeX fragment into text runs, commands (:class:`Cmd`),
braced groups (:class:`Group`) and math (:class:`MathNode`); :mod:`ext.reader.latex`
renders the tree. A command's arguments are the nodes after it, so the
helpers here take them from the list of siblings (:func:`take_arg`,
:func:`number_arg`), trimming a text run in place when the argument is its
first character or a number at its start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ext.reader.latex_tables import SYMBOLS

_TOKEN = re.compile(
    r"(?P<word>\\[A-Za-z]+\*?)\s*|(?P<cmd>\\(?:.|$))|(?P<open>\{)|(?P<close>\})|(?P<math>\$\$?)"
    r"|(?P<text>[^\\{}$]+)",
    re.DOTALL,
)


@dataclass
class Group:
    """A ``{...}`` group (``braced``) or the whole field (not braced)."""

    children: list = field(default_factory=list)
    braced: bool = True
    source: str = ""


@dataclass
class Cmd:
    name: str


@dataclass
class MathNode:
    children: list = field(default_factory=list)
    source: str = ""
    opener: str = "$"  #: "$", "$$" or "\\(": a "$$" inside "$" math closes it and opens the next


def parse(latex: str) -> Group:
    """Split *latex* into a tree of text runs, commands, groups and math."""
    root = Group(braced=False, source=latex)
    stack: list[tuple[Group | MathNode, int]] = [(root, 0)]
    for m in _TOKEN.finditer(latex):
        kind, value = m.lastgroup, m.group()
        top = stack[-1][0]
        if kind == "text":
            top.children.append(value)
        elif value in ("\\(", "\\)"):  # \(x\) is inline math too (DBLP writes {\(\mu\)}m)
            _math_shift(latex, m, stack, value == "\\(")
        elif kind in ("cmd", "word"):  # a control word eats the blanks after it
            top.children.append(Cmd(m.group(kind)[1:]))
        elif kind == "open":
            group = Group()
            top.children.append(group)
            stack.append((group, m.end()))
        elif kind == "close":
            if isinstance(top, Group) and top.braced:
                top.source = latex[stack[-1][1] : m.start()]
                stack.pop()
            # a stray "}" is dropped: it carries no text
        elif value == "$$" and isinstance(top, MathNode) and top.opener == "$":  # $\Sigma$$\Delta$: two
            _math_shift(latex, m, stack, False)
            _math_shift(latex, m, stack, True, "$")
        else:  # math shift
            _math_shift(latex, m, stack, not isinstance(top, MathNode), value)
    while len(stack) > 1:  # unclosed groups end with the field
        node, start = stack.pop()
        node.source = latex[start:]
    return root


def _math_shift(
    latex: str, m: re.Match, stack: list[tuple[Group | MathNode, int]], opening: bool, opener: str = "$"
) -> None:
    """Open math at *m* (*opening*) or close the math open on *stack* (a stray close is dropped)."""
    top = stack[-1][0]
    if opening:
        math = MathNode(opener=opener)
        top.children.append(math)
        stack.append((math, m.end()))
    elif isinstance(top, MathNode):
        top.source = latex[stack[-1][1] : m.start()]
        stack.pop()


def plain(node) -> str:
    """The plain text of a node (for accent arguments and URLs)."""
    if isinstance(node, str):
        return node
    if isinstance(node, Cmd):
        if node.name in SYMBOLS:
            return SYMBOLS[node.name]
        return ""
    return "".join(plain(child) for child in node.children)


def children(arg) -> list:
    """The nodes of an argument: a group's children, or the one character taken."""
    return arg.children if isinstance(arg, Group) else [arg] if arg else []


_NUMBER = re.compile(
    r"\s*=?\s*([-+]?(?:\d+\.?\d*|\.\d+|'[0-7]+|\"[0-9A-F]+))\s*(?:pt|em|ex|mm|cm|in|bp|sp|mu|pc|dd)?\s?"
)


def number_arg(nodes: list, i: int) -> tuple[str, int]:
    """The number (with its unit) after a TeX primitive, taken out of the text that follows."""
    if i < len(nodes) and isinstance(nodes[i], str):
        match = _NUMBER.match(nodes[i])
        if match:
            nodes[i] = nodes[i][match.end() :]
            number = match.group(1)
            if number.startswith("'"):
                number = str(int(number[1:], 8))
            elif number.startswith('"'):
                number = str(int(number[1:], 16))
            return number, i if nodes[i] else i + 1
    return "", i


def skip_space(nodes: list) -> list:
    if nodes and isinstance(nodes[0], str):
        return [nodes[0].lstrip(), *nodes[1:]]
    return nodes


def skip_empty_group(nodes: list, i: int) -> int:
    """``\\texttimes{}``: the empty group only ends the command name."""
    if i < len(nodes) and isinstance(nodes[i], Group) and not nodes[i].children:
        return i + 1
    return i


def take_arg(nodes: list, i: int):
    """The argument after a command: the next group, or the next character."""
    while i < len(nodes) and isinstance(nodes[i], str) and not nodes[i].strip():
        i += 1
    if i >= len(nodes):
        return None, i
    node = nodes[i]
    if isinstance(node, str):
        stripped = node.lstrip()
        head, rest = stripped[:1], stripped[1:]
        nodes[i] = rest  # the rest of the run is still to be rendered
        return head, i if rest else i + 1
    return node, i + 1


_URL_ESCAPE = re.compile(r"\\([%#&_~$])")


def verbatim(arg) -> str:
    """The argument of ``\\url``: raw text, with ``\\%``-style escapes undone."""
    raw = arg.source if isinstance(arg, Group) else plain(arg or "")
    return _URL_ESCAPE.sub(r"\1", raw).strip()
