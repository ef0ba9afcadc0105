"""``.. paper-list::`` (every entry, with the reader's tools) and ``.. paper-stats::``.

Entries are formatted while the page is read; the page depends on the .bib
files, so Sphinx re-reads it (and only it) when a .bib file changes. An entry
whose author list is ``———`` also carries its full author list, which the page
shows while a filter is on (the entry above it may then be hidden).
"""

from __future__ import annotations

from collections import Counter

import pybtex_docutils
from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from . import stats
from .anchors import anchor_for
from .chicago import Fields, format_contributors, format_entry_text
from .facets import facets_of
from .library import Library, get_library
from .nodes import paper_entry, paper_list, paper_permalink
from .style import SparsityStyle
from .widgets import paper_bibtex, paper_controls, paper_links, paper_svg


def _library(directive: SphinxDirective) -> Library:
    library = get_library(directive.env)
    for path, _mtime in library.stamps:
        directive.env.note_dependency(path)
    return library


class PaperListDirective(SphinxDirective):
    """The full list; takes no arguments or options."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        library = _library(self)
        style = SparsityStyle()
        backend = pybtex_docutils.Backend()
        ordered = style.sort(library.bib.entries)
        labels = list(style.format_labels(ordered))
        all_facets = [facets_of(Fields(entry)) for entry in ordered]
        container = paper_list()
        container += self.controls(all_facets)
        for entry, label, facets in zip(ordered, labels, all_facets):
            anchor = anchor_for(entry.key)
            node = paper_entry(key=entry.key, ids=[anchor], kind=facets.kind, search=facets.search,
                               topics="|".join(facets.topics), preprint=int(facets.preprint),
                               year=facets.year or "")
            text = backend.paragraph(style.format_entry(label, entry))
            text += paper_permalink(anchor=anchor)
            node += text
            placement = style.placement(entry)
            if placement.repeats_authors:
                fields = Fields(entry)
                full = format_entry_text(fields, format_contributors(fields), placement.year_label)
                text["classes"].append("paper-dashed")
                node += nodes.paragraph("", "", *full.render(backend), classes=["paper-full"])
            links = paper_links()
            for name, url in facets.links:
                links += nodes.reference("", name, refuri=url, classes=["paper-link"])
            node += links
            node += paper_bibtex(source=library.bib.sources.get(entry.key, ""), key=entry.key)
            container += node
        return [container]

    @staticmethod
    def controls(all_facets) -> paper_controls:
        years = [f.year for f in all_facets if f.year]
        topics = Counter(topic for f in all_facets for topic in f.topics)
        return paper_controls(
            total=len(all_facets), years=(min(years, default=0), max(years, default=0)),
            kinds=Counter(f.kind for f in all_facets).most_common(),
            topics=sorted(topics.items(), key=lambda item: (-item[1], item[0].casefold())))


class PaperStatsDirective(SphinxDirective):
    """Charts and figures about the list: per year, per type, top venues, preprint share."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        library = _library(self)
        data = stats.compute(facets_of(Fields(entry)) for entry in library.bib.entries)
        share = 100 * data.preprints / max(data.total, 1)
        summary = nodes.paragraph(
            "", f"The list holds {data.total} papers; {data.preprints} of them ({share:.0f}%) are "
                f"available only as arXiv preprints.")
        charts = [
            ("Papers per year", stats.column_chart("Papers per year", data.per_year), data.per_year),
            ("Papers by type", stats.bar_chart("Papers by type", data.per_kind), data.per_kind),
            ("Top venues", stats.bar_chart("Top venues (published papers)", data.top_venues), data.top_venues),
            ("arXiv-only share", stats.bar_chart("Preprints and published papers", [
                ("arXiv only", data.preprints), ("published", data.total - data.preprints)]), None),
        ]
        out: list[nodes.Node] = [summary]
        for title, svg, rows in charts:
            section = nodes.rubric("", title)
            html = addnodes.only(expr="html")
            html += paper_svg(svg=svg)
            out += [section, html]
            if rows:
                other = addnodes.only(expr="not html")
                other += nodes.bullet_list("", *[nodes.list_item("", nodes.paragraph("", f"{name}: {count}"))
                                                 for name, count in rows])
                out.append(other)
        return out
