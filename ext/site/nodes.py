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

The ``html`` and ``dirhtml`` builders write each page to its own file, and for
them the entries go into the page's file once Sphinx has written it
(``build-finished``): the writer leaves a placeholder where they go. Handed to
Sphinx, a list of 20 000 entries is a page body of tens of megabytes, which
docutils and Sphinx hold five times over while writing it (the writer's output,
its ``body``, ``fragment`` and ``html_body`` parts, the rendered page): the peak of
a build of 20 000 entries with abstracts fell from 727 to 672 MB without them. Other builders (``singlehtml``, EPUB,
JSON) package or serialize their pages themselves and get the list inline.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Iterator
from html import escape
from pathlib import Path
from typing import BinaryIO

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ext.fileio import write_atomic_with
from ext.site import appstate
from ext.site.catalog import RenderedEntry
from ext.site.facets import words
from ext.site.library import get_library

#: Where the writer leaves the entries for :func:`write_lists` (a comment: escaped entry text
#: never holds "<").
PLACEHOLDER = "<!-- ext.site.nodes: the entries of the papers list -->"
#: The builders whose pages get their entries after Sphinx wrote them (see the module docstring).
SPLICED = frozenset({"html", "dirhtml"})


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


def entries_html(entries: Iterable[RenderedEntry]) -> Iterator[bytes]:
    """The list's entries as HTML in UTF-8, with a heading where the authors' first letter changes,
    and the end of the list."""
    group, seen = "", set()
    for rendered in entries:
        group = group_of(rendered.text, group)
        if group in seen:
            yield rendered.html
            continue
        seen.add(group)
        start, _, rest = rendered.html.partition(b"\n")
        heading = f'<h3 class="paper-group" id="group-{escape(group.lower())}">{escape(group)}</h3>'
        yield b"%s\n%s\n%s" % (start, heading.encode("utf-8"), rest)
    yield b"</ol>\n"


def _spliced(builder) -> bool:
    """Whether *builder* writes the entries into its pages after Sphinx wrote them."""
    encoding = builder.config.html_output_encoding
    return builder.name in SPLICED and PLACEHOLDER.encode(encoding) == PLACEHOLDER.encode("ascii")


def visit_list_html(self, node: paper_list) -> None:
    self.body.append(
        '<h2 class="paper-list-heading" id="papers-list-heading">The papers</h2>\n'
        + self.starttag(
            node, "ol", CLASS="paper-list", role="list", **{"aria-labelledby": "papers-list-heading"}
        )
    )
    if _spliced(self.builder):
        self.body.append(PLACEHOLDER)
    else:  # not joined here: Sphinx joins the body, and a second copy of the list is megabytes
        self.body.extend(
            part.decode("utf-8") for part in entries_html(get_library(self.builder.env).catalog.entries)
        )
    raise nodes.SkipNode


def write_lists(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the entries into each page written with the placeholder (a failed
    build's too: its pages stay whole)."""
    pages, builder = appstate.lists_to_write(app), app.builder
    appstate.set_lists_to_write(app, set())
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    for docname in sorted(pages):
        path = Path(builder.outdir, builder.get_outfilename(docname))
        try:
            page = path.read_bytes()  # the page without its entries: small
        except FileNotFoundError:  # the build failed before writing it
            continue
        if PLACEHOLDER.encode("ascii") not in page:
            continue
        try:
            _splice(path, page, get_library(app.env).catalog.entries, app.config.html_output_encoding)
        except OSError:  # never a page without its entries: gone, the next build writes it again
            path.unlink(missing_ok=True)
            raise


def _splice(path: Path, page: bytes, entries: list[RenderedEntry], encoding: str) -> None:
    """Replace *path* by *page* with the entries where the placeholder is, in one rename, encoded as
    Sphinx writes a page (a text file: line ends as the system's), one entry at a time."""

    utf8 = codecs.lookup(encoding).name == "utf-8"
    linesep = os.linesep.encode("ascii")

    def write(handle: BinaryIO) -> None:
        head, *rest = page.split(PLACEHOLDER.encode("ascii"))
        handle.write(head)
        for piece in rest:
            for part in entries_html(entries):
                if linesep != b"\n":
                    part = part.replace(b"\n", linesep)
                handle.write(part if utf8 else part.decode("utf-8").encode(encoding, "xmlcharrefreplace"))
            handle.write(piece)

    write_atomic_with(path, write)


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
    if app.builder.format == "html" and _spliced(app.builder):  # resolved to be written: see write_lists
        appstate.lists_to_write(app).add(docname)
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
    app.connect("build-finished", write_lists, priority=400)  # while the library is at hand
