"""Doctree nodes of the papers list and how each builder writes them.

HTML: ``<div class="paper" id="ref-<key>" data-key="<key>" data-year=…>``
around the entry, with a permalink; the ``data-*`` attributes (year, type,
topics, preprint, folded search text) feed the page's filters. LaTeX: a
hanging-indent list with a hyperlink target per entry. Other builders write
the entry text only.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


class paper_list(nodes.General, nodes.Element):
    """All entries of the list, in order."""


class paper_entry(nodes.General, nodes.Element):
    """One entry; attributes ``key`` and ``ids`` (its anchor)."""


class paper_permalink(nodes.Inline, nodes.Element):
    """The "¶" link to an entry's own anchor; HTML only."""


def visit_list_html(self, node: paper_list) -> None:
    self.body.append(self.starttag(node, "div", CLASS="paper-list"))


def depart_list_html(self, node: paper_list) -> None:
    self.body.append("</div>\n")


#: paper_entry attribute → HTML attribute (values are escaped by ``starttag``).
DATA_ATTRIBUTES = {"key": "data-key", "year": "data-year", "kind": "data-type", "topics": "data-topics",
                   "preprint": "data-preprint", "search": "data-search"}


def visit_entry_html(self, node: paper_entry) -> None:
    data = {html: str(node[name]) for name, html in DATA_ATTRIBUTES.items() if name in node}
    self.body.append(self.starttag(node, "div", CLASS="paper", **data))


def depart_entry_html(self, node: paper_entry) -> None:
    self.body.append("</div>\n")


def visit_permalink_html(self, node: paper_permalink) -> None:
    self.body.append(f' <a class="headerlink" href="#{self.attval(node["anchor"])}" '
                     'title="Link to this entry">\u00b6</a>')
    raise nodes.SkipNode


def _skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def visit_list_latex(self, node: paper_list) -> None:
    self.body.append("\n\\begin{list}{}{\\setlength{\\leftmargin}{2em}"
                     "\\setlength{\\itemindent}{-2em}\\setlength{\\itemsep}{0.4ex}}\\raggedright\n")


def depart_list_latex(self, node: paper_list) -> None:
    self.body.append("\\end{list}\n")


def visit_entry_latex(self, node: paper_entry) -> None:
    self.body.append("\\item ")
    self.body.append(self.hypertarget(node["ids"][0], anchor=False))


def depart_entry_latex(self, node: paper_entry) -> None:
    self.body.append("\n")


def _pass(self, node: nodes.Element) -> None:
    pass


def add_nodes(app: Sphinx) -> None:
    """Register the nodes with a writer for every builder family."""
    plain = (_pass, _pass)
    app.add_node(paper_list, html=(visit_list_html, depart_list_html),
                 latex=(visit_list_latex, depart_list_latex), text=plain, man=plain, texinfo=plain)
    app.add_node(paper_entry, html=(visit_entry_html, depart_entry_html),
                 latex=(visit_entry_latex, depart_entry_latex), text=plain, man=plain, texinfo=plain)
    skip = (_skip, None)
    app.add_node(paper_permalink, html=(visit_permalink_html, None),
                 latex=skip, text=skip, man=skip, texinfo=skip)
