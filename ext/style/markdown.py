"""Markdown in the shape readers know from the published list.

pybtex's own Markdown backend escapes every ``.``, ``-`` and ``(`` and writes
``*em*``; the published list (pandoc HTML turned into Markdown by turndown)
uses ``_em_``, ``[url](url)`` links and escapes only what Markdown would
otherwise read as markup. This backend writes that shape, and additionally
escapes ``<`` and entity-like ``&`` so that text typed into the library can
never turn into HTML on GitHub.
"""

from __future__ import annotations

import re
from typing import ClassVar

from pybtex.backends import BaseBackend
from pybtex.plugin import register_plugin
from pybtex.richtext import BaseText

_SPECIAL = re.compile(r"([\\`*_\[\]<~|]|&(?=#?\w+;))")
_BLOCK_START = re.compile(r"^([#>+\-=])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_BLANKS = re.compile(r"[ \t\r\n]+")


def escape_markdown(text: str) -> str:
    """Backslash-escape characters Markdown would treat as inline markup."""
    return _SPECIAL.sub(r"\\\1", text)


def markdown_paragraph(text: str) -> str:
    """One entry as a paragraph: a leading ``#``, ``-`` or ``1.`` must not start a block."""
    text = _BLANKS.sub(" ", _emphasis(text)).strip()
    return _LIST_NUMBER.sub(r"\1\\\2", _BLOCK_START.sub(r"\\\1", text))


#: Italics are written between these marks first and turned into ``_x_`` or ``<em>x</em>`` once
#: the whole entry is known: only then can one tell whether ``_`` would stand inside a word.
_OPEN, _CLOSE = "\x02", "\x03"
_MARKED = re.compile("\x02([^\x02\x03]*)\x03")


def _emphasis(text: str) -> str:
    """``_x_`` where CommonMark reads it as italics, ``<em>`` where ``_`` would show literally
    (inside a word: ``_k_NN``, or around blanks)."""

    def replace(match: re.Match) -> str:
        inner = match.group(1)
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        intraword = before.isalnum() or after.isalnum() or before == _CLOSE or after == _OPEN
        if inner and not intraword and not inner[0].isspace() and not inner[-1].isspace():
            return f"_{inner}_"
        return f"<em>{inner}</em>" if inner else ""

    while _OPEN in text:
        updated = _MARKED.sub(replace, text)
        if updated == text:
            return text.replace(_OPEN, "").replace(_CLOSE, "")
        text = updated
    return text


def _nested(url: str) -> bool:
    """Parentheses that open before they close and all close: Markdown reads them as part of the link."""
    depth = 0
    for char in url:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def markdown_url(url: str) -> str:
    """A link target Markdown cannot misread or end early.

    Blanks, ``<``, ``>`` and backslashes are encoded, and so are parentheses
    unless they nest properly (DOIs such as ``10.1016/0925-2312(95)00121-2``
    keep their readable form); ``a)[x](javascript:...)`` cannot close the link.
    """
    url = url.replace("\\", "%5C").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    if not _nested(url):
        url = url.replace("(", "%28").replace(")", "%29")
    return url


_ESCAPED = re.compile(r"\\([\\`*_\[\]<~|!&])")


def _code_span(escaped: str) -> str:
    """Monospace text as a code span: no backslash escapes inside (they would show), and a
    fence longer than any run of backticks in the text."""
    text = _ESCAPED.sub(r"\1", escaped)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class MarkdownBackend(BaseBackend):
    """pybtex backend for the README list."""

    default_suffix = ".md"
    symbols: ClassVar[dict[str, str]] = {"ndash": "\u2013", "newblock": " ", "nbsp": "\u00a0"}
    tags: ClassVar[dict[str, str]] = {"em": "_", "i": "_", "strong": "**", "b": "**"}

    def format_str(self, text: str) -> str:
        escaped = escape_markdown(text.replace(_OPEN, "").replace(_CLOSE, ""))
        # a "!" right before a link (the next part) would turn the link into an image
        return escaped[:-1] + "\\!" if escaped.endswith("!") else escaped

    def format_protected(self, text: str) -> str:
        return text

    def format_tag(self, tag_name: str, text: str) -> str:
        if not text:
            return ""
        if tag_name == "tt":
            return _code_span(text)
        if tag_name in ("em", "i"):  # italics inside italics (a journal named <i>Nature</i> …): one run
            return f"{_OPEN}{text.replace(_OPEN, '').replace(_CLOSE, '')}{_CLOSE}"
        mark = self.tags.get(tag_name)
        if mark is None:
            return f"<{tag_name}>{text}</{tag_name}>" if tag_name in ("sub", "sup") else text
        return f"{mark}{text}{mark}"

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        return f"[{text}]({markdown_url(url)})" if text else ""

    def write_entry(self, key: str, label: str, text: str) -> None:
        self.output(f"{markdown_paragraph(text)}\n\n")


def to_markdown(rich: BaseText) -> str:
    """Rich text as finished Markdown (the backend's italics marks resolved): use this, not ``render``."""
    return markdown_paragraph(rich.render(MarkdownBackend()))


def register() -> None:
    register_plugin("pybtex.backends", "sparsity-markdown", MarkdownBackend, force=True)
