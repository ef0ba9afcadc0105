"""The sparsity bibliography as a Sphinx extension.

``setup`` only registers things; each piece lives in its own module:
:mod:`ext.library` reads the .bib files, :mod:`ext.directive` writes the
``paper-list`` directive, :mod:`ext.nodes` the HTML/LaTeX output, and
:mod:`ext.style` the Chicago author-date pybtex style that sphinxcontrib-bibtex
uses for citations and bibliographies (``bibtex_default_style = "sparsity"``).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from . import markdown, style
from .directive import PaperListDirective
from .library import load_library
from .nodes import add_nodes

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")
    style.register()
    markdown.register()
    add_nodes(app)
    app.add_directive("paper-list", PaperListDirective)
    app.connect("builder-inited", load_library, priority=400)  # before sphinxcontrib-bibtex
    return {"version": __version__, "env_version": 1,
            "parallel_read_safe": True, "parallel_write_safe": True}
