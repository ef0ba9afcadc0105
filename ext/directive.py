"""``.. paper-list::`` (every entry, with the reader's tools) and ``.. paper-stats::``.

Both read the pre-rendered catalog of :mod:`ext.catalog`; the pages depend on
the .bib files, so Sphinx re-reads them (and only them) when a .bib changes.
Each entry is one node holding its rendered HTML and LaTeX, with its plain
text as the only child (for the text builders and Sphinx's search index).
"""

from __future__ import annotations

from collections import Counter

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from . import stats
from .library import Library, get_library
from .nodes import paper_entry, paper_list
from .widgets import paper_controls, paper_svg


def _library(directive: SphinxDirective) -> Library:
    library = get_library(directive.env)
    for path, _mtime in library.stamps:
        directive.env.note_dependency(path)
    return library


class PaperListDirective(SphinxDirective):
    """The full list; takes no arguments or options."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        catalog = _library(self).catalog
        container = paper_list()
        container += self.controls([rendered.facets for rendered in catalog.entries])
        for rendered in catalog.entries:
            container += paper_entry(
                "", nodes.paragraph("", rendered.text), rendered=rendered, ids=[rendered.anchor]
            )
        return [container]

    @staticmethod
    def controls(all_facets) -> paper_controls:
        years = [f.year for f in all_facets if f.year]
        topics = Counter(topic for f in all_facets for topic in f.topics)
        return paper_controls(
            total=len(all_facets),
            years=(min(years, default=0), max(years, default=0)),
            kinds=Counter(f.kind for f in all_facets).most_common(),
            topics=sorted(topics.items(), key=lambda item: (-item[1], item[0].casefold())),
        )


class PaperStatsDirective(SphinxDirective):
    """Charts and figures about the list: per year, per type, top venues, preprint share."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        data = stats.compute(rendered.facets for rendered in _library(self).catalog.entries)
        share = 100 * data.preprints / max(data.total, 1)
        summary = nodes.paragraph(
            "",
            f"The list holds {data.total} papers; {data.preprints} of them ({share:.0f}%) are "
            f"available only as arXiv preprints.",
        )
        charts = [
            ("Papers per year", stats.column_chart("Papers per year", data.per_year), data.per_year),
            ("Papers by type", stats.bar_chart("Papers by type", data.per_kind), data.per_kind),
            (
                "Top venues",
                stats.bar_chart("Top venues (published papers)", data.top_venues),
                data.top_venues,
            ),
            (
                "arXiv-only share",
                stats.bar_chart(
                    "Preprints and published papers",
                    [("arXiv only", data.preprints), ("published", data.total - data.preprints)],
                ),
                None,
            ),
        ]
        out: list[nodes.Node] = [summary]
        for title, svg, rows in charts:
            section = nodes.rubric("", title)
            html = addnodes.only(expr="html")
            html += paper_svg(svg=svg)
            out += [section, html]
            if rows:
                other = addnodes.only(expr="not html")
                other += nodes.bullet_list(
                    "",
                    *[nodes.list_item("", nodes.paragraph("", f"{name}: {count}")) for name, count in rows],
                )
                out.append(other)
        return out
