"""The sparsity bibliography as a Sphinx extension, over a pure formatting core.

``setup`` only registers things; each piece lives in its own module:
:mod:`ext.site.library` reads the .bib files, :mod:`ext.site.directive` writes the
``paper-list`` directive, :mod:`ext.site.nodes` the HTML/LaTeX output, and
:mod:`ext.style` the Chicago author-date pybtex style that sphinxcontrib-bibtex
uses for citations and bibliographies (``bibtex_default_style = "sparsity"``).

Sphinx is imported inside :func:`setup` only, so the pure modules
(:mod:`ext.reader.bibfile`, :mod:`ext.cli.render`, :mod:`ext.reader.latex` ...) load quickly for
the command line and for :mod:`sync`.
"""

from __future__ import annotations

import atexit
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"
STATIC = Path(__file__).parent / "static"


#: LaTeX for chapter reference lists: a hanging-indent list without labels (Chicago),
#: keeping the ``cite.<id>`` anchors that citations link to.
LATEX_REFERENCES = r"""
\makeatletter
\renewenvironment{sphinxthebibliography}[1]{%
  \chapter*{References}\addcontentsline{toc}{chapter}{References}%
  \begin{list}{}{\setlength{\leftmargin}{2em}\setlength{\itemindent}{-2em}%
    \setlength{\labelwidth}{0pt}\setlength{\labelsep}{0pt}\setlength{\itemsep}{0.4ex}}%
  \def\bibitem[##1]##2{\item\hyper@anchorstart{cite.##2}\hyper@anchorend}%
}{\end{list}}
\makeatother
"""


def _injective_citation_ids(app: Sphinx) -> None:
    """Citation ids made from keys (``bibtex_cite_id = "cite-{key}"``) never collide: see
    :func:`ext.site.anchors.citation_id_key`."""
    from ext.site.anchors import CitationIdTemplate

    config = app.config
    for name in ("bibtex_cite_id", "bibtex_footcite_id", "bibtex_footbibliography_id"):
        value = getattr(config, name, None)
        if isinstance(value, str) and "{key}" in value and not isinstance(value, CitationIdTemplate):
            setattr(config, name, CitationIdTemplate(value))


def _add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(STATIC))
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + LATEX_REFERENCES
    config.latex_elements = elements


def _exit_without_collecting() -> None:
    """At interpreter exit, freeze what is left instead of collecting it.

    A build leaves the parsed library and Sphinx's environment behind, in reference cycles that
    Python's last collection at exit would free object by object: seconds for a list of 20 000
    entries, a quarter of a second for 452, for memory the system takes back at once. It changes
    the whole process (a ``__del__`` in a cycle no longer runs at exit), so it is on by default
    only where the process is Sphinx's command line (:func:`_sphinx_command_line`), and
    ``papers_fast_exit`` in ``conf.py`` (or ``-D papers_fast_exit=0``) decides otherwise.
    Later exit handlers (logging's flush) still run.
    """
    gc.freeze()


def _sphinx_command_line() -> bool:
    """Whether this process is ``sphinx-build`` or ``python -m sphinx``: it ends when the build
    does, and holds nothing of a host's whose ``__del__`` could matter at exit. A program that
    builds through Sphinx's API (sphinx-autobuild, a test runner) is not."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    if spec is not None:  # python -m sphinx, python -m sphinx.cmd.build
        return spec.name in {"sphinx.__main__", "sphinx.cmd.build"}
    return Path(sys.argv[0]).stem in {"sphinx-build", "sphinx-build-script"}  # the console script


def _fast_exit(app: Sphinx, config: Config) -> None:
    atexit.unregister(_exit_without_collecting)  # once per process, however many apps are set up
    if config.papers_fast_exit:
        atexit.register(_exit_without_collecting)


def setup(app: Sphinx) -> ExtensionMetadata:
    import pybtex.plugin

    from ext.site.plugins import entry_points_read_once

    # pybtex and sphinxcontrib-bibtex read every installed entry point at each plugin lookup (and
    # sphinxcontrib-bibtex looks pybtex's backends up as it is imported, hence imported in the block)
    with entry_points_read_once(pybtex.plugin, "sphinxcontrib.bibtex.plugin"):
        return _setup(app)


def _setup(app: Sphinx) -> ExtensionMetadata:
    from sphinxcontrib.bibtex.plugin import register_plugin

    from ext import style
    from ext.site import citations, store
    from ext.site.citations import (
        SparsityReferenceStyle,
        collect_citations,
        merge_citations,
        purge_citations,
        replace_sphinxcontrib_warning,
        warn_unknown_citations,
    )
    from ext.site.directive import PaperListDirective, PaperStatsDirective
    from ext.site.library import load_library, saved_library, start_build
    from ext.site.nodes import add_nodes
    from ext.site.pagedeps import setup_page_dependencies
    from ext.site.pdffonts import setup_fonts
    from ext.site.publish import setup_publishing
    from ext.site.widgets import add_widgets
    from ext.style import markdown

    app.setup_extension("sphinxcontrib.bibtex")
    style.register()
    citations.register_builtin_backends()
    citations.register_later_lookups()
    markdown.register()
    register_plugin(
        "sphinxcontrib.bibtex.style.referencing", style.STYLE_NAME, SparsityReferenceStyle, force=True
    )
    app.connect("config-inited", replace_sphinxcontrib_warning)
    app.connect("doctree-read", collect_citations)
    app.connect("env-purge-doc", purge_citations)
    app.connect("env-merge-info", merge_citations)
    app.connect("env-updated", warn_unknown_citations)  # every build, so an incremental one fails too
    add_nodes(app)
    setup_page_dependencies(app)
    add_widgets(app)
    setup_publishing(app)
    setup_fonts(app)
    app.setup_extension("ext.site.templatecache")  # also an extension of its own
    app.add_directive("paper-list", PaperListDirective)
    app.add_directive("paper-stats", PaperStatsDirective)
    app.connect("config-inited", _add_static_path)
    app.connect("builder-inited", _injective_citation_ids)  # after Sphinx (and the theme) checked the types
    app.add_css_file("papers.css")
    app.add_js_file("papers.js", loading_method="defer")
    app.add_config_value("papers_lint_disable", [], "env", list)  # lint rule ids (see README)
    # freeze the heap at exit (see README); on by default under Sphinx's own command line
    app.add_config_value("papers_fast_exit", _sphinx_command_line(), "", bool)
    app.connect("config-inited", _fast_exit)
    app.connect("builder-inited", load_library, priority=400)  # before sphinxcontrib-bibtex
    app.connect("env-before-read-docs", start_build)
    app.connect("build-finished", saved_library)
    return {
        "version": __version__,
        "env_version": store.FORMAT,  # one version for the environment and the library store
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
