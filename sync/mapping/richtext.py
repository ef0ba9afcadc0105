r"""Zotero's rich-text markup in titles, parsed properly, and written as LaTeX.

Zotero lets curators format titles with a handful of HTML-like tags
(https://www.zotero.org/support/kb/rich_text_bibliography): ``<i>``, ``<b>``,
``<sub>``, ``<sup>``, ``<sc>``, ``<span style="font-variant:small-caps;">`` (or
``<span style="small-caps">``, as Zotero's BibTeX import writes it) and
``<span class="nocase">`` (keep the case as typed). They nest
(``<i><span class="nocase">Homo sapiens</span></i>``). This module parses them
into a small tree and writes ``\emph``, ``\textbf``, ``\textsubscript``,
``\textsuperscript``, ``\textsc`` and case-protecting braces. Anything else is
text, as citeproc shows it: an unknown tag (``<em>``, ``<script>``), a closing
tag with no opening one, an opening tag never closed, a stray ``<``; such a
literal tag is braced, so that title casing leaves it as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

#: Markup tag → LaTeX command (``""`` for nocase and for a literal tag: bare braces).
COMMANDS = {
    "literal": "",
    "i": r"\emph",
    "b": r"\textbf",
    "sub": r"\textsubscript",
    "sup": r"\textsuperscript",
    "sc": r"\textsc",
    "nocase": "",
}
MAX_DEPTH = 32  #: deeper nesting is no formatting anyone means; it stays text (and recursion stays bounded)
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'))*)\s*/?>", re.I)
_NOCASE = re.compile(r"""^\s*class\s*=\s*["']\s*nocase\s*["']\s*$""", re.I)
#: ``font-variant:small-caps`` (citeproc's form) or bare ``small-caps`` (the one Zotero's BibTeX import writes).
_SMALL_CAPS = re.compile(
    r"""^\s*style\s*=\s*["']\s*(?:font-variant\s*:\s*)?small-caps\s*;?\s*["']\s*$""", re.I
)


@dataclass
class Node:
    """A formatted run: *kind* is a key of :data:`COMMANDS` (``""`` for the root)."""

    kind: str
    children: list[Node | str] = field(default_factory=list)
    tag: str = ""  #: the markup tag name (``span`` for nocase and small-caps spans)
    opening: str = ""  #: the tag as written, given back as text when it is never closed


def _kind(tag: str, attributes: str) -> str | None:
    tag = tag.lower()
    if tag in ("i", "b", "sub", "sup", "sc"):
        return tag if not attributes.strip() else None
    if tag != "span":
        return None
    if _NOCASE.match(attributes):
        return "nocase"
    return "sc" if _SMALL_CAPS.match(attributes) else None


def parse(text: str) -> Node:
    """The markup tree of *text*; everything that is not well-formed markup stays text."""
    root = Node("")
    stack = [root]
    pos = 0
    for match in _TAG.finditer(text):
        if match.start() > pos:
            stack[-1].children.append(text[pos : match.start()])
        pos = match.end()
        closing, tag, attributes = match.group(1), match.group(2).lower(), match.group(3) or ""
        if not closing:
            kind = _kind(tag, attributes) if len(stack) <= MAX_DEPTH else None
            if kind is None:
                stack[-1].children.append(_literal(match.group()))
            else:
                node = Node(kind, tag=tag, opening=match.group())
                stack[-1].children.append(node)
                stack.append(node)
            continue
        open_tags = [node for node in stack[1:] if node.tag == tag]
        if not open_tags or attributes:
            stack[-1].children.append(_literal(match.group()))
            continue
        while stack[-1] is not open_tags[-1]:
            _unclosed(stack)
        stack.pop()
    if pos < len(text):
        stack[-1].children.append(text[pos:])
    while len(stack) > 1:
        _unclosed(stack)
    return root


def _unclosed(stack: list[Node]) -> None:
    """The innermost open tag was never closed: its tag becomes text, its content joins the parent."""
    node = stack.pop()
    parent = stack[-1]
    parent.children.remove(node)
    parent.children.extend([_literal(node.opening), *node.children])


def _literal(tag: str) -> Node:
    """A tag that is not markup, shown as typed (and kept out of title casing: no ``</Em>``)."""
    return Node("literal", [tag])


def plain(text: str) -> str:
    """*text* without its markup (what a reader sees, unformatted): for keys and comparisons."""

    def flat(node: Node) -> str:
        return "".join(child if isinstance(child, str) else flat(child) for child in node.children)

    return flat(parse(text))


def to_latex(text: str, words: Callable[[str, bool], tuple[str, bool]], escape: Callable[[str], str]) -> str:
    """*text* as LaTeX: markup as commands, text through *words* (text, first word?) → (LaTeX, next first?).

    Inside nocase the text is only *escape*-d: braces already protect it.
    """
    first = True

    def render(node: Node, protected: bool) -> str:
        nonlocal first
        out = []
        for child in node.children:
            if isinstance(child, str):
                if protected:
                    out.append(escape(child))
                else:
                    latex, first = words(child, first)
                    out.append(latex)
                continue
            inner = render(child, protected or child.kind in ("nocase", "literal"))
            if child.kind in ("nocase", "literal"):
                first = False
            out.append(f"{COMMANDS[child.kind]}{{{inner}}}" if inner else "")
        return "".join(out)

    return render(parse(text), False)
