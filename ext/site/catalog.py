"""The whole list worked out once per change of the .bib: order, placements, and every entry rendered.

Each entry is formatted exactly once per build and pre-rendered to the HTML,
LaTeX and plain text the builders write, instead of becoming a few dozen
docutils nodes that Sphinx would transform and write on every build. Results
are cached across builds, keyed by the entry's exact source text and its fields as
read (so an edited ``@string`` or crossref parent counts as a change), and for the
rendering also by its placement (year suffix and ``———``), so a rebuild after
editing one entry formats one entry. A list of a few hundred entries or more is rendered on two cores
(:func:`ext.forked.shared_out`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import TypeVar

from pybtex.database import Entry

from ext import forked
from ext.reader.bibfile import Bibliography
from ext.reader.fields import Fields, access_link
from ext.reader.names import is_others
from ext.reader.titlelang import answers, release_model, remember
from ext.site import records
from ext.site.anchors import anchor_for
from ext.site.exports import coins, csl_json, ris
from ext.site.facets import Facets, facets_of, words
from ext.site.latexbackend import LatexBackend
from ext.style.backends import HtmlBackend
from ext.style.entry import full_entry, placed_entry, title_runs
from ext.style.ordering import Placement, place, sort_key
from ext.style.runs import plain, render, render_all
from ext.style.sortbytes import packed

T = TypeVar("T")

#: From this many entries to render, a forked child and this process share them out
#: (:func:`ext.forked.shared_out`). Measured on a 2-core machine,
#: clean builds of the site as processes, 12 interleaved pairs in each of two runs (the child then
#: rendered a fixed 45 %): 452 entries, paired medians of 68 and 117 ms saved; 150 entries, none
#: (forking, pickling the answer and reading it back cost what the second core saves).
RENDER_THERE_FROM = 300


@dataclass(frozen=True)
class RenderedEntry:
    key: str
    anchor: str
    facets: Facets
    #: the whole ``<li class="paper">`` of the page (its first line is the start tag), in UTF-8: half
    #: the memory of the string, since nearly every entry has a character past Latin-1 (a dash, a quote)
    html: bytes
    latex: str  #: the entry text for the PDF list
    text: str  #: plain text, for the text builders and the search index
    title: str  #: the title as the entry prints it, plain, for the feed's entries (those with a date added)
    record: dict = field(
        default_factory=dict, compare=False
    )  #: what the page's script reads (papers-data.js)


@dataclass
class Catalog:
    entries: list[RenderedEntry] = field(default_factory=list)  #: in list order
    placements: dict[str, Placement] = field(default_factory=dict)  #: lower-cased key → placement
    sort_keys: dict[bytes, bytes] = field(default_factory=dict)  #: content digest → packed sort key
    rendered: dict[tuple[bytes, Placement], RenderedEntry] = field(default_factory=dict)  #: cache
    #: what the placements were worked out from (:func:`placement_inputs`) and them, in list order
    placed: tuple[bytes, list[Placement]] = (b"", [])
    #: the language model's answers by title (:mod:`ext.reader.titlelang`), for the next build
    languages: dict[str, tuple[str, float]] = field(default_factory=dict)


def _html(
    anchor: str, facets: Facets, placement: Placement, text: str, full: str | None, fields: Fields
) -> str:
    """The entry as a list item: citation (with its permalink), extra links, tools, COinS.

    The tool buttons work only with the script (CSS hides them where scripting is off); their
    accessible names ("BibTeX of Frankle and Carbin 2019") are set by the script. A link the
    citation already shows is not repeated in the links row.
    """
    label = escape(placement.label or fields.entry.key)
    dashed = "paper-cite paper-dashed" if full is not None else "paper-cite"
    permalink = f'<a class="headerlink" href="#{escape(anchor)}" aria-label="Permalink: {label}">\u00b6</a>'
    parts = [
        f'<li class="paper" id="{escape(anchor)}" data-key="{escape(fields.entry.key)}">',
        f'<p class="{dashed}">{text} {permalink}</p>',
    ]
    if full is not None:
        parts.append(f'<p class="paper-cite paper-full">{full} {permalink}</p>')
    shown = access_link(fields)
    links = "".join(
        f'<a class="paper-link" href="{escape(url)}">{escape(name)}</a>'
        for name, url in facets.links
        if url != shown
    )
    # type="button", aria-expanded and the accessible names are set by the script (bytes × 452)
    buttons = '<button data-act="abstract">Abstract</button>' if facets.abstract else ""
    buttons += '<button data-act="bibtex">BibTeX</button><button data-act="cite">Copy citation</button>'

    parts.append(f'<p class="paper-tools">{links}{buttons}</p>')
    parts.append(f'<span class="Z3988" title="{coins(fields)}"></span>')  # percent-encoded: HTML-safe
    parts.append("</li>")
    return "\n".join(parts) + "\n"


def _record(fields: Fields, facets: Facets, placement: Placement, source: str, full_text: str) -> dict:
    """What the page's script needs of one entry, with short names to keep papers-data.js small."""
    f = records.FIELDS
    return {
        f["key"]: fields.entry.key,
        records.SEARCH_WORDS: facets.search,  # the index is made of these (ext.site.searchindex)
        f["year"]: facets.year or 0,
        f["type"]: facets.kind,
        f["topics"]: list(facets.topics),
        f["collections"]: list(facets.collections),
        f["preprint"]: int(facets.preprint),
        f["venue"]: facets.venue,
        f["added"]: facets.added,
        records.TITLE_WORDS: words(str(fields.text("title") or "")),
        records.CITATION: full_text,
        f["bibtex"]: source,
        f["abstract"]: facets.abstract,
        f["ris"]: ris(fields),
        f["csl"]: records.json_text(csl_json(fields)),
    }


def _render(
    fields: Fields, placement: Placement, source: str, html_backend: HtmlBackend, latex_backend: LatexBackend
) -> RenderedEntry:
    key = fields.entry.key
    anchor = anchor_for(key)
    runs = placed_entry(fields, placement.year_label, placement.repeats_authors)
    full = None
    full_runs = runs
    if placement.repeats_authors:
        full_runs = full_entry(fields, placement.year_label)
        full = render(full_runs, html_backend)
    text = plain(runs)
    full_text = text if full_runs is runs else plain(full_runs)  # one string, not two equal ones
    facets = facets_of(fields, full_text)
    html, latex = render_all(runs, (html_backend, latex_backend))
    return RenderedEntry(
        key,
        anchor,
        facets,
        _html(anchor, facets, placement, html, full, fields).encode("utf-8"),
        latex,
        text,
        plain(title_runs(fields) or ()) if facets.added else "",  # only the feed's entries need it
        _record(fields, facets, placement, source, full_text),
    )


def build_catalog(
    bib: Bibliography, previous: Catalog | None = None, latex_engine: str = "lualatex"
) -> Catalog:
    """Order, place and render every entry, reusing what *previous* already did."""
    return build_catalog_and(bib, previous, latex_engine)[0]


def build_catalog_and(
    bib: Bibliography,
    previous: Catalog | None = None,
    latex_engine: str = "lualatex",
    alongside: Callable[[], T] | None = None,
) -> tuple[Catalog, T | None]:
    """:func:`build_catalog`, and *alongside*'s value when the whole of a large list is rendered
    (a first build, a library read without a stored one): a forked child runs it while this process
    orders and places the entries, seconds in which the second core has nothing else to do (the lint
    of 20 000 entries, which the build would otherwise wait for at its end). ``None`` otherwise:
    *alongside* is not run."""
    previous = previous or Catalog()
    remember(previous.languages)
    with forked.collector_paused():
        catalog, extra = _build(bib, previous, latex_engine, alongside)
    release_model()  # the titles are cased: the language model need not stay for the rest of the build
    catalog.languages = answers()
    return catalog, extra


#: A person as read, part by part: first, middle, "von" and last names, and "Jr." parts.
PersonParts = tuple[list[str], list[str], list[str], list[str], list[str]]


def content(entry: Entry, source: str, names: dict[int, PersonParts] | None = None) -> bytes:
    """What an entry shows, as a 16-byte digest: its text (the BibTeX box) and its fields as read,
    after ``@string`` macros, ``@preamble`` and crossref/xdata inheritance: a change to any of them
    is a new entry. (A digest, not the tuple: twenty thousand tuples of tuples of strings would
    weigh on memory and on Sphinx's pickled environment.) *names* caches each person's parts
    within one build, since entries share their parsed persons (see :mod:`ext.reader.entryparse`);
    the parts, not ``str(person)``: as exact, and a twentieth of the time."""
    names = {} if names is None else names
    people = []
    for role, persons in entry.persons.items():
        texts = []
        for person in persons:
            parts = names.get(id(person))
            if parts is None:
                parts = names[id(person)] = (
                    person.first_names,
                    person.middle_names,
                    person.prelast_names,
                    person.last_names,
                    person.lineage_names,
                )
            texts.append(parts)
        people.append((role, texts))
    what = repr((source, entry.type, list(entry.fields.items()), people))
    return hashlib.blake2b(what.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _has_names(persons: list) -> bool:
    return len(persons) > 1 or (len(persons) == 1 and not is_others(persons[0]))


def placement_inputs(ordered: list[Fields], names: dict[int, PersonParts]) -> bytes:
    """A digest of all that :func:`~ext.style.ordering.place` reads of a sorted list: the order, each
    entry's key, author and editor lists, year, date and publication state, and its title when it has
    no names (the title stands in for them). Most edits (a title, a venue, an abstract) leave it as
    it was, and the placements of the last build stand. *names*: :func:`content`'s person parts."""
    digest = hashlib.blake2b(digest_size=16)
    for fields in ordered:
        entry = fields.entry
        people = [entry.persons.get(role, []) for role in ("author", "editor")]
        title = None if any(_has_names(persons) for persons in people) else fields.raw("title")
        what = (
            entry.key,
            [[names[id(person)] for person in persons] for persons in people],
            fields.raw("year"),
            fields.raw("date"),
            fields.raw("pubstate"),
            title,
        )
        digest.update(repr(what).encode("utf-8", "surrogatepass"))
    return digest.digest()


def _build(
    bib: Bibliography, previous: Catalog, latex_engine: str, alongside: Callable[[], T] | None
) -> tuple[Catalog, T | None]:
    catalog = Catalog()
    early = (  # see build_catalog_and
        forked.start(alongside, len(bib.entries), nice=5)
        if alongside is not None and not previous.rendered and forked.will_fork(len(bib.entries))
        else None
    )
    fields = []
    names: dict[int, PersonParts] = {}
    for entry in bib.entries:
        source = bib.sources.get(entry.key, entry.key)
        this = Fields(entry)
        what = content(entry, source, names)
        catalog.sort_keys[what] = previous.sort_keys.get(what) or packed(sort_key(this))
        fields.append((catalog.sort_keys[what], what, source, this))
    fields.sort(key=lambda item: item[0])  # stable: ties keep file order
    ordered = [item[3] for item in fields]
    inputs = placement_inputs(ordered, names)
    placements = previous.placed[1] if previous.placed[0] == inputs else place(ordered)
    catalog.placed = (inputs, placements)
    ready = [
        previous.rendered.get((item[1], placement))
        for item, placement in zip(fields, placements, strict=True)
    ]
    todo = [
        (item[3], placement, item[2])
        for item, placement, done in zip(fields, placements, ready, strict=True)
        if done is None
    ]
    # a list of RENDER_THERE_FROM entries or more is rendered on two cores (see ext.forked)
    backends = HtmlBackend(), LatexBackend(latex_engine)
    rendered_here, answered_there = forked.shared_out(
        lambda part: [_render(*item, *backends) for item in part], todo, RENDER_THERE_FROM, answers
    )
    remember(answered_there or {})  # a child's answers, kept with this catalog too
    fresh = iter(rendered_here)
    for (_, what, _source, this), placement, done in zip(fields, placements, ready, strict=True):
        rendered = done or next(fresh)
        catalog.rendered[(what, placement)] = rendered
        catalog.entries.append(rendered)
        catalog.placements[this.entry.key.lower()] = placement
    return catalog, early.result() if early else None
