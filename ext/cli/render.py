"""Render a whole bibliography as a Markdown or plain-text list (pure functions)."""

from __future__ import annotations

from ext import style
from ext.reader.bibfile import Bibliography
from ext.style.backends import TextBackend
from ext.style.markdown import MarkdownBackend, markdown_paragraph

FORMATS = ("markdown", "text")


def render_list(bib: Bibliography, fmt: str = "markdown") -> str:
    """Every entry of *bib* in list order, one paragraph each."""
    style.register()
    backend = MarkdownBackend() if fmt == "markdown" else TextBackend()
    formatted = style.SparsityStyle().format_entries(bib.entries)
    paragraphs = [entry.text.render(backend) for entry in formatted]
    if fmt == "markdown":
        paragraphs = [markdown_paragraph(paragraph) for paragraph in paragraphs]
    return "\n\n".join(paragraphs) + ("\n" if paragraphs else "")
