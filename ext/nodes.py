"""Doctree nodes of the papers list and how each builder writes them.

The list is an ``<ol>``; an entry node carries its pre-rendered HTML (``<li
class="paper" id="ref-<key>" data-key="<key>">`` with permalink, links, tool
buttons and COinS; what the filters read is in ``papers-data.js``, see
:mod:`ext.publish`), optionally a group heading (the first letter of the
authors, so readers can jump by heading), and its LaTeX (an
item of a hanging-indent list with a hyperlink target). Other builders write
the entry's plain text.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx


class paper_list(nodes.General, nodes.Element):
    """All entries of the list, in order."""


class paper_entry(nodes.General, nodes.Element):
    """One entry: attribute ``rendered`` (:class:`ext.catalog.RenderedEntry`), its plain text as child.

    Optional attribute ``group``: the heading (a letter) this entry starts.
    """


def visit_list_html(self, node: paper_list) -> None:
    self.body.append(
        '<h2 class="paper-list-heading" id="papers-list-heading">The papers</h2>\n'
        + self.starttag(
            node, "ol", CLASS="paper-list", role="list", **{"aria-labelledby": "papers-list-heading"}
        )
    )


def depart_list_html(self, node: paper_list) -> None:
    self.body.append("</ol>\n")


def visit_entry_html(self, node: paper_entry) -> None:
    start, _, rest = node["rendered"].html.partition("\n")
    group = node.get("group")
    heading = (
        f'<h3 class="paper-group" id="group-{escape(group.lower())}">{escape(group)}</h3>\n' if group else ""
    )
    self.body.append(f"{start}\n{heading}{rest}")
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
    writers = (
        (paper_list, (visit_list_html, depart_list_html), (visit_list_latex, depart_list_latex)),
        (paper_entry, (visit_entry_html, None), (visit_entry_latex, None)),
    )
    for node, html, latex in writers:
        app.add_node(node, html=html, latex=latex, text=plain, man=plain, texinfo=plain)
