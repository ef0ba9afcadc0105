"""pybtex backends that write an entry straight to HTML or LaTeX text.

The papers list is pre-rendered to strings, once per entry and cached by
content, instead of being built from thousands of docutils nodes that Sphinx
would then transform and write again on every build. HTML escapes every text
and attribute value; LaTeX escapes the way Sphinx's own writer does (and
writes links as ``\\sphinxhref``), so the PDF looks like the rest of the book.
"""

from __future__ import annotations

from html import escape
from typing import ClassVar

from pybtex.backends import BaseBackend

_HTML_TAGS = {
    "em": "em",
    "i": "em",
    "strong": "strong",
    "b": "strong",
    "sup": "sup",
    "sub": "sub",
    "tt": "code",
    "sc": 'span class="smallcaps"',
}
_LATEX_TAGS = {
    "em": "\\emph",
    "i": "\\emph",
    "strong": "\\textbf",
    "b": "\\textbf",
    "sup": "\\textsuperscript",
    "sub": "\\textsubscript",
    "tt": "\\texttt",
    "sc": "\\textsc",
}


class HtmlBackend(BaseBackend):
    symbols: ClassVar[dict[str, str]] = {"ndash": "\u2013", "newblock": " ", "nbsp": "&nbsp;"}

    def format_str(self, text: str) -> str:
        return escape(text, quote=False)

    def format_protected(self, text: str) -> str:
        return text

    def format_tag(self, tag_name: str, text: str) -> str:
        tag = _HTML_TAGS.get(tag_name)
        return f"<{tag}>{text}</{tag.split()[0]}>" if tag and text else text

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        return f'<a class="reference external" href="{escape(url)}">{text}</a>' if text else ""


class LatexBackend(BaseBackend):
    symbols: ClassVar[dict[str, str]] = {"ndash": "\u2013", "newblock": " ", "nbsp": "~"}

    def __init__(self, latex_engine: str = "lualatex") -> None:
        super().__init__()
        from sphinx.util import texescape

        texescape.init()
        self.engine = latex_engine
        self._escape = texescape.escape

    def format_str(self, text: str) -> str:
        return self._escape(text, self.engine)

    def format_protected(self, text: str) -> str:
        return text

    def format_tag(self, tag_name: str, text: str) -> str:
        command = _LATEX_TAGS.get(tag_name)
        return f"{command}{{{text}}}" if command and text else text

    def encode_uri(self, url: str) -> str:
        """As Sphinx's LaTeX writer encodes link targets; brackets percent-encoded (the same link),
        since TeX's ``{[}`` would reach the PDF's link target literally."""
        url = url.replace("[", "%5B").replace("]", "%5D")
        return (
            self._escape(url, self.engine)
            .replace(r"\textasciitilde{}", "~")
            .replace(r"\sphinxhyphen{}", "-")
            .replace(r"\textquotesingle{}", "'")
        )

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        return f"\\sphinxhref{{{self.encode_uri(url)}}}{{{text}}}" if text else ""
