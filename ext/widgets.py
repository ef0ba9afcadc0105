"""The page's reader tools as doctree nodes, written for HTML only.

* :class:`paper_controls`: the search box and the filters (a ``<form>`` that
  stays ``hidden`` until the page's script runs, so without JavaScript the full
  list simply shows);
* :class:`paper_svg`: a chart made at build time.

(Each entry's links and BibTeX box are part of its pre-rendered HTML, see
:mod:`ext.catalog`.)

Every value is HTML-escaped on the way out; the script reads data only from
escaped attributes and never builds markup from it. Other builders skip these
nodes.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx


class paper_controls(nodes.General, nodes.Element):
    """Attributes: ``total``, ``years`` (min, max), ``kinds`` and ``topics`` as (name, count) lists."""


class paper_svg(nodes.General, nodes.Element):
    """Attribute ``svg``: markup made (and escaped) by :mod:`ext.stats`."""


def _options(pairs: list[tuple[str, int]], everything: str) -> str:
    options = [f'<option value="">{escape(everything)}</option>']
    options += [f'<option value="{escape(name)}">{escape(name)} ({count})</option>' for name, count in pairs]
    return "".join(options)


def visit_controls_html(self, node: paper_controls) -> None:
    low, high = node["years"]
    topic = (
        f'<span class="pf-field"><label for="pf-topic">Topic</label>'
        f'<select id="pf-topic" name="topic">{_options(node["topics"], "All topics")}</select></span>'
        if node["topics"]
        else ""
    )
    self.body.append(
        '<form class="paper-filters" id="paper-filters" role="search" aria-label="Search and filter the papers" '
        "hidden>"
        '<span class="pf-field pf-search"><label for="pf-q">Search</label>'
        '<input type="search" id="pf-q" name="q" autocomplete="off" '
        'placeholder="author, title, venue or year"></span>'
        f'<span class="pf-field"><label for="pf-from">From year</label><input type="number" id="pf-from" '
        f'name="from" min="{low}" max="{high}" placeholder="{low}"></span>'
        f'<span class="pf-field"><label for="pf-to">To year</label><input type="number" id="pf-to" name="to" '
        f'min="{low}" max="{high}" placeholder="{high}"></span>'
        f'<span class="pf-field"><label for="pf-type">Type</label><select id="pf-type" name="type">'
        f"{_options(node['kinds'], 'All types')}</select></span>"
        f"{topic}"
        '<span class="pf-field"><label for="pf-status">Status</label><select id="pf-status" name="status">'
        '<option value="">Preprints and published</option><option value="preprint">Preprints only</option>'
        '<option value="published">Published only</option></select></span>'
        '<button type="reset" id="pf-reset">Reset</button>'
        f'<p class="pf-count" id="pf-count" aria-live="polite">Showing {node["total"]} of {node["total"]}</p>'
        "</form>\n"
    )
    raise nodes.SkipNode


def visit_svg_html(self, node: paper_svg) -> None:
    self.body.append(f'<figure class="paper-figure">{node["svg"]}</figure>\n')
    raise nodes.SkipNode


def _skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def add_widgets(app: Sphinx) -> None:
    skip = (_skip, None)
    others = {"latex": skip, "text": skip, "man": skip, "texinfo": skip}
    app.add_node(paper_controls, html=(visit_controls_html, None), **others)
    app.add_node(paper_svg, html=(visit_svg_html, None), **others)
