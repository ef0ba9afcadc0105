"""Entries as LaTeX for the PDF: pybtex's rich text escaped with Sphinx's own LaTeX table.

It lives on the Sphinx side because it uses Sphinx's ``texescape``; the rest of the
backends (:mod:`ext.style.backends`) are pure.
"""

from __future__ import annotations

from typing import ClassVar

from pybtex.backends import BaseBackend

from ext.style.backends import LATEX_TAGS, safe_math


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
        command = LATEX_TAGS.get(tag_name)
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

    def format_math(self, source: str, rendered: str) -> str:
        """Math as typed (``$K_n$``) when it uses only harmless math commands, else the
        rendered text: a .bib must never reach ``\\input``, ``\\directlua`` or ``^^5c`` tricks."""
        return f"${source.strip()}$" if safe_math(source) else rendered
