"""The papers list in the doctree, and how each builder writes it.

The list is one node with no entry nodes inside: the HTML and LaTeX writers
take each entry's prepared HTML and LaTeX straight from the catalog of the
library (:mod:`ext.site.catalog`). Twenty thousand entries as docutils nodes would
be sixty thousand nodes for Sphinx to transform, pickle, unpickle and walk on
every build; as prepared text they cost one string join. The HTML list is an
``<ol>`` of ``<li class="paper" id="ref-<key>" data-key="<key>">`` (permalink,
links, tool buttons and COinS; what the filters read is in ``papers-data.js``,
see :mod:`ext.site.publish`), with a heading where the first letter of the authors
changes, so readers can jump by letter. In LaTeX each entry is an item of a
hanging-indent list with a hyperlink target.

When a document is resolved for a builder (``doctree-resolved``), the list
gets the entries' plain text as children: one paragraph per entry for the text
builders (text, man, texinfo, xml), and for HTML one paragraph that only the
search index reads (the writer skips it).
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx

from ext.site.facets import words
from ext.site.library import get_library


class paper_list(nodes.General, nodes.Element):
    """All entries of the list (written from the catalog, see the module docstring)."""


def group_of(text: str, previous: str) -> str:
    """The letter heading an entry belongs to: its first letter, "Other" for none ("———" keeps *previous*)."""
    if text.startswith("\u2014"):
        return previous
    first = ""
    for window in (text[:40], text):  # folding is per character: the start decides (20 000 entries)
        first = next((c for c in words(window) if c.isalnum()), "")
        if first:
            break
    return first.upper() if "a" <= first <= "z" else "Other"


def visit_list_html(self, node: paper_list) -> None:
    parts = [
        '<h2 class="paper-list-heading" id="papers-list-heading">The papers</h2>\n'
        + self.starttag(
            node, "ol", CLASS="paper-list", role="list", **{"aria-labelledby": "papers-list-heading"}
        )
    ]
    group, seen = "", set()
    for rendered in get_library(self.builder.env).catalog.entries:
        group = group_of(rendered.text, group)
        start, _, rest = rendered.html.partition("\n")
        if group in seen:
            parts.append(rendered.html)
            continue
        seen.add(group)
        heading = f'<h3 class="paper-group" id="group-{escape(group.lower())}">{escape(group)}</h3>'
        parts.append(f"{start}\n{heading}\n{rest}")
    parts.append("</ol>\n")
    # not joined here: Sphinx joins the body, and a second copy of the list is megabytes
    self.body.extend(parts)
    raise nodes.SkipNode


def visit_list_latex(self, node: paper_list) -> None:
    self.body.append(
        "\n\\begin{list}{}{\\setlength{\\leftmargin}{2em}"
        "\\setlength{\\itemindent}{-2em}\\setlength{\\itemsep}{0.4ex}}\\raggedright\n"
    )

    for rendered in get_library(self.builder.env).catalog.entries:
        self.body.append(f"\\item {self.hypertarget(rendered.anchor, anchor=False)}{rendered.latex}\n")
    self.body.append("\\end{list}\n")
    raise nodes.SkipNode


def _pass(self, node: nodes.Element) -> None:
    pass


def add_entry_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give each list the entries' plain text for this builder (see the module docstring)."""
    lists = list(doctree.findall(paper_list))
    if not lists:
        return
    texts = [rendered.text for rendered in get_library(app.env).catalog.entries]
    for node in lists:
        if app.builder.format == "html":
            node += nodes.paragraph("", "\n".join(texts))  # for the search index only
        elif app.builder.format != "latex":
            node.extend(nodes.paragraph("", text) for text in texts)


def add_nodes(app: Sphinx) -> None:
    """Register the list with a writer for every builder family (others write its text children)."""
    plain = (_pass, _pass)
    app.add_node(
        paper_list,
        html=(visit_list_html, None),
        latex=(visit_list_latex, None),
        text=plain,
        man=plain,
        texinfo=plain,
    )
    app.connect("doctree-resolved", add_entry_text)
