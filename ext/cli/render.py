"""Render a whole bibliography as a Markdown or plain-text list (pure functions)."""

from __future__ import annotations

from ext import style
from ext.reader.bibfile import Bibliography
from ext.style.backends import TextBackend
from ext.style.entry import placed_entry
from ext.style.markdown import MarkdownBackend, markdown_paragraph
from ext.style.runs import render

FORMATS = ("markdown", "text")


def render_list(bib: Bibliography, fmt: str = "markdown") -> str:
    """Every entry of *bib* in list order, one paragraph each."""
    backend = MarkdownBackend() if fmt == "markdown" else TextBackend()
    paragraphs = [
        render(placed_entry(fields, placement.year_label, placement.repeats_authors), backend)
        for fields, placement in style.placed(bib.entries)
    ]
    if fmt == "markdown":
        paragraphs = [markdown_paragraph(paragraph) for paragraph in paragraphs]
    return "\n\n".join(paragraphs) + ("\n" if paragraphs else "")
