"""``.. paper-list::`` (every entry, with the reader's tools) and ``.. paper-stats::``.

Both read the pre-rendered catalog of :mod:`ext.site.catalog`. A page is read again only when what
its directive makes of the catalog changes (the controls, the figures: see :mod:`ext.site.pagedeps`),
not after every edit of the .bib files. The list is one node; the writers take the entries from the
catalog (see :mod:`ext.site.nodes`).
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ext.site import pagedeps, stats
from ext.site.catalog import Catalog
from ext.site.facets import Facets, all_collections, shared_topics
from ext.site.library import get_library
from ext.site.nodes import paper_list
from ext.site.widgets import paper_bars, paper_controls


def _catalog(directive: SphinxDirective, part: str) -> Catalog:
    pagedeps.note_part(directive.env, part)
    return get_library(directive.env).catalog


def list_controls(catalog: Catalog) -> paper_controls:
    """The list's controls: all its page's doctree takes from the library."""
    return PaperListDirective.controls([rendered.facets for rendered in catalog.entries])


def stats_figures(catalog: Catalog) -> stats.Stats:
    """All the statistics page's doctree takes from the library (with whether the list page exists)."""
    return stats.compute(rendered.facets for rendered in catalog.entries)


class PaperListDirective(SphinxDirective):
    """The full list; takes no arguments or options."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [list_controls(_catalog(self, pagedeps.LIST)), paper_list()]

    @staticmethod
    def controls(all_facets: list[Facets]) -> paper_controls:
        years = [f.year for f in all_facets if f.year]
        preprints = sum(f.preprint for f in all_facets)
        return paper_controls(
            total=len(all_facets),
            years=(min(years, default=0), max(years, default=0)),
            kinds=Counter(f.kind for f in all_facets).most_common(),
            topics=shared_topics(all_facets),
            collections=all_collections(all_facets),
            statuses=[("preprint", preprints), ("published", len(all_facets) - preprints)],
            dated=any(f.added for f in all_facets),
        )


class PaperStatsDirective(SphinxDirective):
    """Charts and figures about the list: per year, per type, top venues, preprint share.

    Each chart is a list of bars that link into the list page (``papers_list_page``) filtered to
    the bar's papers; other builders get the same figures as bullet lists.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        data = stats_figures(_catalog(self, pagedeps.STATS))
        share = 100 * data.preprints / max(data.total, 1)
        summary = nodes.paragraph(
            "",
            f"The list holds {data.total} papers; {data.preprints} of them ({share:.0f}%) are "
            f"available only as arXiv preprints.",
        )
        years = [
            (label, n, urlencode(dict(zip(("from", "to"), stats.year_range(label), strict=True))))
            for label, n in data.per_year
        ]
        charts = [
            ("Papers per year", years),
            ("Papers by type", [(kind, n, urlencode({"type": kind})) for kind, n in data.per_kind]),
            ("Top venues (published papers)", [(v, n, urlencode({"venue": v})) for v, n in data.top_venues]),
            (
                "Preprints and published papers",
                [
                    ("arXiv only", data.preprints, "status=preprint"),
                    ("published", data.total - data.preprints, "status=published"),
                ],
            ),
        ]
        page = self.config.papers_list_page
        list_doc = page if page in self.env.found_docs else ""
        out: list[nodes.Node] = [summary]
        for title, rows in charts:
            html = addnodes.only(expr="html")
            html += paper_bars(title=title, rows=rows, list_doc=list_doc)
            other = addnodes.only(expr="not html")
            other += nodes.rubric("", title)
            other += nodes.bullet_list(
                "",
                *[nodes.list_item("", nodes.paragraph("", f"{name}: {count}")) for name, count, _ in rows],
            )
            out += [html, other]
        return out
