"""The page's reader tools as doctree nodes, written for HTML only.

* :class:`paper_controls`: the search box, filters, sort, downloads and the
  empty-state note. The form is in the page from the first paint (no jump when
  the script runs); where scripting is off, CSS (``@media (scripting: none)``)
  hides what needs the script, so the full list and the full-list downloads show.
* :class:`paper_bars`: a bar chart made at build time as HTML (real text, so it
  stays readable on a phone), each bar a link into the filtered list.

(Each entry's links and tools are part of its pre-rendered HTML, see
:mod:`ext.site.catalog`.) Every value is HTML-escaped on the way out; the script
reads data only from papers-data.js and escaped attributes, and never builds
markup from it. Other builders skip these nodes.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ext.site import appstate

#: (value, label) of the sort menu; the first is the list's own order.
SORTS = (
    ("", "Best match (list order)"),
    ("year-desc", "Year, newest first"),
    ("year-asc", "Year, oldest first"),
    ("title", "Title"),
)
ADDED_SORT = ("added", "Recently added")
COLLECTION_SORT = ("collection", "Collection")
STATUS_LABELS = {"preprint": "Preprints only", "published": "Published only"}


class paper_controls(nodes.General, nodes.Element):
    """Attributes: ``total``, ``years`` (min, max), ``kinds``, ``topics``, ``collections``, ``statuses`` as
    (name, count) lists, ``dated`` (whether any entry has a date added)."""


class paper_bars(nodes.General, nodes.Element):
    """Attributes: ``title``, ``rows`` as (label, count, query) with query the list's URL parameters."""


def _options(pairs: list[tuple[str, int]], everything: str, labels: dict[str, str] | None = None) -> str:
    options = [f'<option value="">{escape(everything)}</option>']
    options += [
        f'<option value="{escape(name)}" data-label="{escape((labels or {}).get(name, name))}">'
        f"{escape((labels or {}).get(name, name))} ({count})</option>"
        for name, count in pairs
    ]
    return "".join(options)


def _field(name: str, label: str, control: str) -> str:
    return f'<span class="pf-field pf-{name}"><label for="pf-{name}">{label}</label>{control}</span>'


def _select(name: str, options: str) -> str:
    return f'<select id="pf-{name}" name="{name}">{options}</select>'


def _downloads(self, node: paper_controls) -> str:
    """Buttons for the current view (script only) and links to the published full-list files."""
    here = self.builder.get_target_uri(self.builder.current_docname)
    files = appstate.downloads(self.builder.env)
    links = "".join(
        f'<a class="pf-file" href="{escape(relative_uri(here, name))}"{" download" if kind != "pdf" else ""}>'
        f"{escape(label)}</a>"
        for kind, label, name in files
    )
    view = (
        '<span class="pf-view-downloads"><span class="pf-dl-label">This view as</span>'
        '<button type="button" class="pf-dl" data-format="bib">.bib</button>'
        '<button type="button" class="pf-dl" data-format="ris">RIS</button>'
        '<button type="button" class="pf-dl" data-format="csl">CSL-JSON</button></span>'
    )
    full = f'<span class="pf-full-downloads"><span class="pf-dl-label">Full list:</span>{links}</span>'
    return f'<div class="pf-downloads" id="pf-downloads">{view}{full}</div>'


def visit_controls_html(self, node: paper_controls) -> None:
    low, high = node["years"]
    sorts = [*SORTS, ADDED_SORT] if node["dated"] else list(SORTS)
    if node.get("collections"):
        sorts.append(COLLECTION_SORT)
    sort_options = "".join(f'<option value="{value}">{label}</option>' for value, label in sorts)
    topic = (
        _field("topic", "Topic", _select("topic", _options(node["topics"], "All topics")))
        if node["topics"]
        else ""
    )
    collection = (
        _field(
            "collection",
            "Collection",
            _select("collection", _options(node.get("collections") or [], "All collections")),
        )
        if node.get("collections")
        else ""
    )
    total = node["total"]
    self.body.append(
        '<section class="paper-tools-panel" aria-labelledby="pf-heading">'
        '<h2 id="pf-heading">Find and download</h2>'
        '<form class="paper-filters" id="paper-filters" role="search" aria-label="Search and filter the papers">'
        + _field(
            "q",
            "Search",
            '<input type="search" id="pf-q" name="q" autocomplete="off" aria-describedby="pf-q-hint" '
            'placeholder="author, title, venue, year, DOI, arXiv id, key">'
            '<span class="pf-hint" id="pf-q-hint">Every word must match; "quotes" match a phrase; '
            "NeurIPS, ICML, ICLR … find their proceedings.</span>",
        )
        + _field(
            "from",
            "From year",
            f'<input type="number" id="pf-from" name="from" min="{low}" max="{high}" placeholder="{low}">',
        )
        + _field(
            "to",
            "To year",
            f'<input type="number" id="pf-to" name="to" min="{low}" max="{high}" placeholder="{high}">',
        )
        + _field("type", "Type", _select("type", _options(node["kinds"], "All types")))
        + topic
        + collection
        + _field("status", "Status", _select("status", _options(node["statuses"], "All", STATUS_LABELS)))
        + _field("sort", "Sort by", _select("sort", sort_options))
        + '<button type="reset" id="pf-reset">Reset</button>'
        f'<p class="pf-count" id="pf-count" aria-live="polite">Showing {total} of {total}</p>'
        "</form>"
        '<div class="pf-empty" id="pf-empty" role="status" hidden></div>'
        '<p class="pf-announce" id="pf-announce" aria-live="polite"></p>'
        '<nav class="pf-years" id="pf-years" aria-label="Jump to year" hidden></nav>'
        + _downloads(self, node)
        + "</section>\n"
    )
    raise nodes.SkipNode


def visit_bars_html(self, node: paper_bars) -> None:
    """A list of links, each with its label, its count and a bar as wide as its share of the peak."""
    here = self.builder.get_target_uri(self.builder.current_docname)
    target = relative_uri(here, self.builder.get_target_uri(node["list_doc"])) if node["list_doc"] else ""
    peak = max((count for _, count, _ in node["rows"]), default=1) or 1
    rows = []
    for label, count, query in node["rows"]:
        bar = f'<span class="pb-bar" style="width:{100 * count / peak:.1f}%"></span>' if count else ""
        text = f'<span class="pb-label">{escape(label)}</span><span class="pb-count">{count}</span>'
        inner = f'{text}<span class="pb-track" aria-hidden="true">{bar}</span>'
        if target and count:
            rows.append(
                f'<li><a class="pb-row pb-link" href="{escape(target + "?" + query)}">{inner}</a></li>'
            )
        else:
            rows.append(f'<li><span class="pb-row">{inner}</span></li>')
    self.body.append(
        f'<figure class="paper-bars"><figcaption>{escape(node["title"])}</figcaption>'
        f'<ul class="pb-rows">{"".join(rows)}</ul></figure>\n'
    )
    raise nodes.SkipNode


def _skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def add_widgets(app: Sphinx) -> None:
    skip = (_skip, None)
    for node, visit in ((paper_controls, visit_controls_html), (paper_bars, visit_bars_html)):
        app.add_node(node, html=(visit, None), latex=skip, text=skip, man=skip, texinfo=skip)
