"""Doctree nodes of the papers list and how each builder writes them.

An entry node carries its pre-rendered HTML (``<div class="paper"
id="ref-<key>" data-key="<key>" data-year=…>`` with permalink, links and
BibTeX box; the ``data-*`` attributes feed the page's filters) and LaTeX (an
item of a hanging-indent list with a hyperlink target). Other builders write
the entry's plain text.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


class paper_list(nodes.General, nodes.Element):
    """All entries of the list, in order."""


class paper_entry(nodes.General, nodes.Element):
    """One entry: attribute ``rendered`` (:class:`ext.catalog.RenderedEntry`), its plain text as child."""


def visit_list_html(self, node: paper_list) -> None:
    self.body.append(self.starttag(node, "div", CLASS="paper-list"))


def depart_list_html(self, node: paper_list) -> None:
    self.body.append("</div>\n")


def visit_entry_html(self, node: paper_entry) -> None:
    self.body.append(node["rendered"].html)
    raise nodes.SkipNode


def visit_list_latex(self, node: paper_list) -> None:
    self.body.append(
        "\n\\begin{list}{}{\\setlength{\\leftmargin}{2em}"
        "\\setlength{\\itemindent}{-2em}\\setlength{\\itemsep}{0.4ex}}\\raggedright\n"
    )


def depart_list_latex(self, node: paper_list) -> None:
    self.body.append("\\end{list}\n")


def visit_entry_latex(self, node: paper_entry) -> None:
    self.body.append("\\item ")
    self.body.append(self.hypertarget(node["ids"][0], anchor=False))
    self.body.append(node["rendered"].latex + "\n")
    raise nodes.SkipNode


def _pass(self, node: nodes.Element) -> None:
    pass


def add_nodes(app: Sphinx) -> None:
    """Register the nodes with a writer for every builder family (others write the plain text)."""
    plain = (_pass, _pass)
    app.add_node(
        paper_list,
        html=(visit_list_html, depart_list_html),
        latex=(visit_list_latex, depart_list_latex),
        text=plain,
        man=plain,
        texinfo=plain,
    )
    app.add_node(
        paper_entry,
        html=(visit_entry_html, None),
        latex=(visit_entry_latex, None),
        text=plain,
        man=plain,
        texinfo=plain,
    )
