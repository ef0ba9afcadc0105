"""What the HTML build publishes besides the pages (Sphinx-facing edge).

* ``_static/papers-data.js``: per entry what the page's script needs to
  filter and sort (facets, sort keys), and the search index (``PAPERS_INDEX``,
  see :mod:`ext.site.searchindex`), loaded only by the page
  with the list, deferred (Sphinx adds a checksum so browsers cache it);
  ``_static/papers-more.js``: BibTeX, abstract, RIS and CSL-JSON, loaded by the
  script on first use (a script element, so it works from ``file://`` too).
  Keeping both out of the HTML keeps the page light; without JavaScript
  neither is needed (the list and the full-list downloads work without it).
* Next to the pages: each bib file (``sparsity.bib``), the whole list as RIS
  and CSL-JSON (``sparsity.ris``, ``sparsity.json``), the Atom feed of recent
  additions (``sparsity.atom``), and the PDF when ``papers_pdf`` names an
  existing file (the PDF is built separately, by ``make pdf``).

Config values: ``papers_pdf`` (path relative to conf.py, default ``None``: no
PDF link) and ``papers_list_page`` (docname of the page with the list, default
``"papers"``: where the statistics bars link to).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ext import forked
from ext.fileio import Staged, stage, stage_parts, write_atomic
from ext.reader.bibtext import cleaned_utf8
from ext.site import appstate
from ext.site import records as records_schema
from ext.site.feed import FeedEntry, atom_feed
from ext.site.library import WARNING_TYPE, bib_paths, get_library, setting_location
from ext.site.nodes import paper_list
from ext.site.prettyjson import dumps_indent1
from ext.site.searchindex import build_index

logger = logging.getLogger(__name__)
DATA_SCRIPT = "papers-data.js"
MORE_SCRIPT = "papers-more.js"
SEARCH_SCRIPT = "papers-search.js"  #: the query side of ext.site.searchindex (a static file)
TOOLS_SCRIPT = "papers-tools.js"  #: per-entry tools, downloads and highlights, started by papers.js
REVEAL_SCRIPT = "papers-reveal.js"  #: a large view shown a page at a time, started by papers.js
GROUPS_SCRIPT = "papers-groups.js"  #: the sort orders and group headings, started by papers.js
#: record fields the page needs at once, and those it loads on first use (see ext.site.records)
INDEX_FIELDS = records_schema.short(records_schema.INDEX)
MORE_FIELDS = records_schema.short(records_schema.MORE)
#: From this many entries, what the build publishes is prepared by forked children (:func:`start_publishing`).
PREPARE_THERE_FROM = 300


def _stem(app: Sphinx) -> str:
    paths = bib_paths(app)
    return paths[0].stem if paths else "papers"


def _pdf(app: Sphinx) -> Path | None:
    name = app.config.papers_pdf
    if not name:
        return None
    path = (Path(app.confdir) / name).resolve()
    if path.is_file():
        return path
    logger.warning(
        "papers_pdf %s is not a file, so the page links no PDF; build it first (make pdf) or fix papers_pdf "
        "in conf.py",
        path,
        location=setting_location(app, "papers_pdf"),
        type=WARNING_TYPE,
        subtype="missing_pdf",
    )
    return None


def note_downloads(app: Sphinx) -> None:
    """Record which files the list page links to: (kind, label, file name in the output)."""
    stem = _stem(app)
    files = [("bib", path.name, path.name) for path in bib_paths(app) if path.is_file()]
    files += [("ris", "RIS", f"{stem}.ris"), ("csl", "CSL-JSON", f"{stem}.json")]
    pdf = _pdf(app)
    appstate.set_pdf_path(app.env, pdf)
    if pdf:
        files.append(("pdf", "PDF", pdf.name))
    files.append(("feed", "Atom feed of additions", f"{stem}.atom"))
    appstate.set_downloads(app.env, files)


def data_script(
    variable: str, records: list[dict], names: tuple[str, ...], overrides: list[dict] | None = None
) -> Iterator[bytes]:
    """``window.<variable>=[...]``: the chosen fields of each record (or of its *overrides*), as
    compact JSON in UTF-8, in parts.

    Each record is encoded on its own, as the file is written: the bytes of encoding the whole
    list at once, without holding millions of small pieces, the whole file, or a string of four
    bytes per character (one emoji in 20 000 entries is enough for that), as the whole list would.
    """
    yield b"window.%s=[" % variable.encode("ascii")
    for index, record in enumerate(records):
        extra = overrides[index] if overrides else {}
        picked = {name: extra[name] if name in extra else record[name] for name in names}
        yield (b"," if index else b"") + records_schema.json_object(picked)
    yield b"];\n"


def json_list(items: Iterable) -> Iterator[bytes]:
    """``json.dumps(items, ensure_ascii=False, indent=1)`` in UTF-8, in parts, one item at a time
    (as :func:`data_script`): an item's lines move one level in, its strings hold no raw line break."""
    first = True
    for item in items:
        yield (b"[\n " if first else b",\n ") + dumps_indent1(item).replace("\n", "\n ").encode()
        first = False
    yield b"[]" if first else b"\n]"


def title_order(records: list[dict]) -> list[dict]:
    """For each record, its title's rank in title order and first letter (``titleRank``, ``titleLetter``).

    The page sorts by title and heads groups by letter; a number and a letter weigh less than the title.
    """
    title = records_schema.TITLE_WORDS
    rank_field, letter_field = records_schema.FIELDS["titleRank"], records_schema.FIELDS["titleLetter"]
    ranks = {
        index: rank for rank, index in enumerate(sorted(range(len(records)), key=lambda i: records[i][title]))
    }
    return [
        {
            rank_field: ranks[index],
            letter_field: next((c.upper() for c in record[title] if "a" <= c <= "z"), ""),
        }
        for index, record in enumerate(records)
    ]


def _stage_data_scripts(static: Path, records: list[dict]) -> list[Staged]:
    """The page's two data scripts, staged in *static* (see :func:`add_page_assets`)."""
    static.mkdir(parents=True, exist_ok=True)
    more = stage_parts(static / MORE_SCRIPT, data_script("PAPERS_MORE", records, MORE_FIELDS))
    search = json.dumps(
        build_index([record[records_schema.SEARCH_WORDS] for record in records]),
        ensure_ascii=False,
        separators=(",", ":"),
    )
    index = (
        f'window.PAPERS_MORE_V="{more.sha256[:12]}";'.encode(),  # papers-more.js?v=…: no stale cache
        *data_script("PAPERS_DATA", records, INDEX_FIELDS, title_order(records)),
        b"window.PAPERS_INDEX=%s;\n" % search.encode("utf-8"),
        records_schema.schema_script(),
    )
    return [more, stage_parts(static / DATA_SCRIPT, index)]


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """On the page with the list: the data script (before papers.js) and the feed's ``<link>``."""
    if doctree is None or doctree.next_node(paper_list) is None:
        return
    prepared = appstate.prepared(app)
    if prepared is not None and prepared.scripts is not None:  # prepared on the other core: taken once
        staged, prepared.scripts = prepared.scripts.result(), None
    else:
        records = [rendered.record for rendered in get_library(app.env).catalog.entries]
        with forked.collector_paused():  # the index's postings are many small objects, none kept
            staged = _stage_data_scripts(Path(app.outdir) / "_static", records)
    for script in staged:
        script.commit()
    app.add_js_file(DATA_SCRIPT, priority=400, loading_method="defer")  # Sphinx adds ?v=<checksum>
    app.add_js_file(SEARCH_SCRIPT, priority=450, loading_method="defer")
    app.add_js_file(TOOLS_SCRIPT, priority=460, loading_method="defer")
    app.add_js_file(REVEAL_SCRIPT, priority=470, loading_method="defer")
    app.add_js_file(GROUPS_SCRIPT, priority=480, loading_method="defer")
    feed = f"{_stem(app)}.atom"
    here = app.builder.get_target_uri(pagename)
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" type="application/atom+xml" title="New papers" '
        f'href="{relative_uri(here, feed)}">'
        # what papers.css knows the page by: html:has(> head > meta[name=papers-list]) looks at a
        # few elements, html:has(.paper-list) at the whole page again after every change in it
        '\n<meta name="papers-list" content="this page holds the list of papers">'
    )


def _publication(app: Sphinx, library: Any) -> str:
    """What the published files depend on: the library as read (a new token with every read), the
    settings they show, and the PDF. The same value as last time, with the files there: nothing to do."""
    pdf = appstate.pdf_path(app.env)
    pdf_stamp = (str(pdf), pdf.stat().st_mtime_ns) if pdf and pdf.is_file() else None
    config = app.config
    settings = (config.project, config.html_baseurl, config.papers_list_page, config.bibtex_encoding)
    return hashlib.sha256(repr((library.token, settings, pdf_stamp)).encode()).hexdigest()


def _record_path(app: Sphinx) -> Path:
    """Where the publication of the last build is noted: one record per output folder (html and
    dirhtml builds may share the doctree folder)."""
    return (
        Path(app.doctreedir)
        / f"papers-published-{hashlib.sha256(str(Path(app.outdir)).encode()).hexdigest()[:12]}"
    )


def _out_of_date(app: Sphinx, publication: str) -> bool:
    record = _record_path(app)
    names = [name for _, _, name in appstate.downloads(app.env)]
    out = Path(app.outdir)
    return not (
        all((out / name).is_file() for name in names)
        and record.is_file()
        and record.read_text() == publication
    )


@dataclass
class Prepared:
    """What this build publishes, prepared in forked children while Sphinx reads and writes the
    pages (see :func:`start_publishing`): each a :class:`~ext.forked.Pending` list of staged files,
    ``None`` once taken."""

    publication: str  #: :func:`_publication` as the build started
    scripts: forked.Pending[list[Staged]] | None
    files: forked.Pending[list[Staged]] | None


def start_publishing(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """``env-before-read-docs``: when what the HTML build publishes is out of date (the library read
    anew, a setting it shows or the PDF changed) and the list is large, prepare it on the other
    cores while the pages are read and written: the page's data scripts, taken when the page with the
    list is written; the published files, put in place when the build has succeeded. Staged (written
    next to their place, see :class:`ext.fileio.Staged`), so a failed build leaves the old ones."""
    appstate.set_prepared(app, None)
    if app.builder.format != "html" or appstate.library(env) is None:
        return
    library = get_library(env)
    entries = library.catalog.entries
    if not forked.will_fork(len(entries), PREPARE_THERE_FROM):
        return
    publication = _publication(app, library)
    if not _out_of_date(app, publication):
        return
    records = [rendered.record for rendered in entries]
    static, outputs = Path(app.outdir) / "_static", _outputs(app)
    appstate.set_prepared(
        app,
        Prepared(
            publication,
            forked.start(lambda: _stage_data_scripts(static, records), len(entries), PREPARE_THERE_FROM),
            forked.start(lambda: _stage_files(outputs, entries), len(entries), PREPARE_THERE_FROM),
        ),
    )


def publish_files(app: Sphinx, exception: Exception | None) -> None:
    """Write the bib files, RIS, CSL-JSON, the feed and the PDF next to the pages (when they changed)."""
    prepared = appstate.prepared(app)
    appstate.set_prepared(app, None)
    if prepared is not None and prepared.scripts is not None:  # no page with the list was written
        _discard(prepared.scripts)
    if exception is not None or app.builder.format != "html" or appstate.library(app.env) is None:
        if prepared is not None and prepared.files is not None:
            _discard(prepared.files)
        return
    library = get_library(app.env)
    if prepared is not None and prepared.files is not None:
        publication, staged = prepared.publication, prepared.files.result()
    else:
        publication = _publication(app, library)
        if not _out_of_date(app, publication):
            return
        staged = _stage_files(_outputs(app), library.catalog.entries)
    for file in staged:
        file.commit()
    write_atomic(_record_path(app), publication)


def _discard(pending: forked.Pending[list[Staged]]) -> None:
    try:
        staged = pending.result()
    except OSError:  # nothing was staged
        return
    for file in staged:
        file.discard()


@dataclass(frozen=True)
class Outputs:
    """What the published files are made from besides the entries: read from the app as the build
    starts, so a forked child can make them."""

    out: Path
    bibs: list[Path]  #: the bib files that exist
    encoding: str
    stem: str
    page_uri: str  #: the page with the list, as the feed links it
    title: str  #: the feed's
    base: str  #: ``html_baseurl`` with one ``/`` at its end, or empty
    pdf: Path | None


def _outputs(app: Sphinx) -> Outputs:
    base = (app.config.html_baseurl or "").rstrip("/")
    pdf = appstate.pdf_path(app.env)
    return Outputs(
        Path(app.outdir),
        [path for path in bib_paths(app) if path.is_file()],
        app.config.bibtex_encoding,
        _stem(app),
        app.builder.get_target_uri(app.config.papers_list_page),
        f"{app.config.project}: new papers",
        base + "/" if base else "",
        pdf if pdf and pdf.is_file() else None,
    )


def _stage_files(outputs: Outputs, entries: list[Any]) -> list[Staged]:
    """The published files, staged next to the pages."""
    out, stem = outputs.out, outputs.stem
    # as read: undecodable bytes replaced, control characters and overrides removed
    staged = [
        stage_parts(out / path.name, cleaned_utf8(path.read_bytes(), outputs.encoding))
        for path in outputs.bibs
    ]
    ris, csl = records_schema.FIELDS["ris"], records_schema.FIELDS["csl"]
    # a part at a time: the whole list's RIS or CSL-JSON is never held whole, nor twice
    staged.append(
        stage_parts(
            out / f"{stem}.ris",
            (
                (b"\n" if index else b"") + rendered.record[ris].encode()
                for index, rendered in enumerate(entries)
            ),
        )
    )
    staged.append(
        stage_parts(
            out / f"{stem}.json",
            chain(json_list(json.loads(rendered.record[csl]) for rendered in entries), (b"\n",)),
        )
    )
    feed_entries = [
        FeedEntry(
            rendered.facets.added,
            rendered.key,
            rendered.title or rendered.key,
            rendered.record[records_schema.CITATION],
            f"{outputs.page_uri}#{rendered.anchor}",
        )
        for rendered in entries
        if rendered.facets.added
    ]
    feed = atom_feed(
        feed_entries, title=outputs.title, page=outputs.page_uri, feed=f"{stem}.atom", base=outputs.base
    )
    staged.append(stage_parts(out / f"{stem}.atom", [feed.encode("utf-8")]))
    if outputs.pdf is not None:
        with outputs.pdf.open("rb") as source:
            staged.append(stage(out / outputs.pdf.name, lambda target: shutil.copyfileobj(source, target)))
    return staged


def setup_publishing(app: Sphinx) -> None:
    app.add_config_value("papers_pdf", None, "html", types=[str, type(None)])
    app.add_config_value("papers_list_page", "papers", "env", types=[str])
    app.connect("builder-inited", note_downloads)
    app.connect("html-page-context", add_page_assets)
    app.connect("env-before-read-docs", start_publishing, priority=600)  # after the heap is frozen
    app.connect("build-finished", publish_files)
