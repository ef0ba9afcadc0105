"""``.. paper-list::``: every entry of the project's bibliography, Chicago author-date.

The entries are formatted while the page is read; the page depends on the
.bib files, so Sphinx re-reads it (and only it) when a .bib file changes.
"""

from __future__ import annotations

import pybtex_docutils
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .anchors import anchor_for
from .library import get_library
from .nodes import paper_entry, paper_list, paper_permalink
from .style import SparsityStyle


class PaperListDirective(SphinxDirective):
    """Insert the full list; takes no arguments or options."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        library = get_library(self.env)
        for path, _mtime in library.stamps:
            self.env.note_dependency(path)
        bib = library.bib
        backend = pybtex_docutils.Backend()
        container = paper_list()
        for formatted in SparsityStyle().format_entries(bib.entries):
            anchor = anchor_for(formatted.key)
            entry = paper_entry(key=formatted.key, ids=[anchor])
            paragraph = backend.paragraph(formatted)
            paragraph += paper_permalink(anchor=anchor)
            entry += paragraph
            container += entry
        return [container]
