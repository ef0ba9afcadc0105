"""Which pages show the library, and when each must be read or written again (Sphinx-facing edge).

A page that shows part of the library depends on what it shows, not on the .bib files as a whole
(a file dependency re-reads it after any edit of any entry):

* ``list`` (``paper-list``): its doctree holds the controls (counts, years, types, topics), so it is
  read again when they change; its entries are written from the catalog, so it is written again
  whenever the library was read again.
* ``stats`` (``paper-stats``): read again when the figures, or whether the list page exists, change.
* ``cite`` (sphinxcontrib-bibtex's ``bibliography`` directive and ``:cite:`` roles): the doctree holds
  one id per key of the bib files, so the page is read again when the keys change; the entries are
  formatted after reading and put in when the page is written, so it is written again when an entry
  it shows or cites changes, or its placement (year suffix, citation names) does.

A page written again only because what it shows of the library changed keeps its title and
sections, so the pages whose toctree holds it are not written again for it (Sphinx would: see
:func:`keep_toctree_parents`).

Each page's fingerprints are kept in the environment: what it was read from, and (per output folder,
so an HTML and a LaTeX build sharing one environment each write their own) what it was last written
from. ``env-get-outdated`` asks for the pages to read again, ``env-updated`` for those only to write.
A page that uses ``:footcite:`` or ``footbibliography`` keeps its file dependency: its footnotes are
formatted when it is read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.addnodes import pending_xref
from sphinxcontrib.bibtex.nodes import bibliography

from ext.site import appstate
from ext.site.catalog import content
from ext.site.library import bib_paths, get_library

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

LIST, STATS, CITE = "list", "stats", "cite"
_FOOT_DATA = ("bibtex_foot_bibliography", "bibtex_footcite_names")


def note_part(env: BuildEnvironment, part: str) -> None:
    """The page being read shows *part* of the library (called by the directives)."""
    appstate.page_parts(env).setdefault(env.docname, set()).add(part)


def _digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _read_inputs(app: Sphinx, env: BuildEnvironment, part: str) -> object:
    """What the doctree of a page showing *part* is made of."""
    from ext.site.directive import list_controls, stats_figures

    library = get_library(env)
    if part == LIST:
        return sorted(list_controls(library.catalog).attributes.items())
    if part == STATS:
        page = app.config.papers_list_page
        return (stats_figures(library.catalog), page in env.found_docs)
    return list(library.bib.data.entries)  # CITE: the bibliography's citation ids, one per key


def read_fingerprint(app: Sphinx, env: BuildEnvironment, parts: Iterable[str]) -> str:
    return _digest([(part, _read_inputs(app, env, part)) for part in sorted(parts)])


def _cited(env: BuildEnvironment, docname: str) -> list[object]:
    """What sphinxcontrib-bibtex puts into *docname* when it is written: the entries of its
    bibliographies and those its citations resolve to, each with its text, placement and target."""
    domain = env.get_domain("cite")
    library = get_library(env)
    keys = {
        target.key
        for ref in domain.citation_refs  # type: ignore[attr-defined]
        if ref.docname == docname
        for target in ref.targets
    }
    shown: list[tuple] = []
    for citation in domain.citations:  # type: ignore[attr-defined]
        if citation.bibliography_key.docname != docname and citation.key not in keys:
            continue
        entry = citation.entry
        source = library.bib.sources.get(entry.key, entry.key)
        shown.append(
            (
                citation.key,
                citation.citation_id,
                tuple(citation.bibliography_key),
                citation.formatted_entry.label,
                content(entry, source),
                library.catalog.placements.get(entry.key.lower()),
            )
        )
    found = {citation.key for citation in domain.citations}  # type: ignore[attr-defined]
    return [*sorted(shown, key=repr), sorted(key for key in keys if key not in found)]


def _write_inputs(env: BuildEnvironment, docname: str, parts: Iterable[str]) -> list:
    inputs: list = []
    for part in sorted(parts):
        if part == LIST:
            inputs.append(get_library(env).token)  # a new token with every read of the library
        elif part == CITE:
            inputs.append(_cited(env, docname))
    return inputs


def record_page(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: note whether the page cites, take the .bib files off its dependencies (its
    parts stand for them), and keep the fingerprint of what it was read from."""
    env = app.env
    docname = env.docname
    cites = any(True for _ in doctree.findall(bibliography)) or any(
        xref.get("refdomain") == "cite" for xref in doctree.findall(pending_xref)
    )
    parts = appstate.page_parts(env)
    if cites and not any(name in env.temp_data for name in _FOOT_DATA):
        parts.setdefault(docname, set()).add(CITE)
    if docname not in parts or appstate.library(env) is None:
        return
    bibs = set(bib_paths(app))
    dependencies = env.dependencies.get(docname, set())
    for path in [dep for dep in dependencies if (Path(env.srcdir) / dep).resolve() in bibs]:
        dependencies.discard(path)
    appstate.page_reads(env)[docname] = read_fingerprint(app, env, parts[docname])


def purge_page(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    appstate.page_parts(env).pop(docname, None)
    appstate.page_reads(env).pop(docname, None)


def merge_pages(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment) -> None:
    """Parallel reading: the records of the pages another process read."""
    parts, reads = appstate.page_parts(other), appstate.page_reads(other)
    appstate.page_parts(env).update({docname: parts[docname] for docname in docnames if docname in parts})
    appstate.page_reads(env).update({docname: reads[docname] for docname in docnames if docname in reads})


def outdated_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: the pages whose part of the library changed since they were read."""
    if appstate.library(env) is None:
        return []
    reads, known = appstate.page_reads(env), added | changed | removed
    return [
        docname
        for docname, parts in appstate.page_parts(env).items()
        if docname not in known and reads.get(docname) != read_fingerprint(app, env, parts)
    ]


def note_pages_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs`` (after every other handler): the pages this build reads."""
    appstate.set_pages_read(app, frozenset(docnames))


def pages_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (after sphinxcontrib-bibtex formatted the citations): the pages to write again
    because what they show changed; their fingerprints as this output folder will have them."""
    appstate.set_written_only(app, [])
    if appstate.library(env) is None:
        return []
    written = appstate.page_writes(env, str(app.outdir))
    stale = []
    for docname, parts in appstate.page_parts(env).items():
        if docname not in env.found_docs:
            continue
        fingerprint = _digest(_write_inputs(env, docname, parts))
        if written.get(docname) != fingerprint:
            written[docname] = fingerprint
            stale.append(docname)
    read = appstate.pages_read(app)
    appstate.set_written_only(app, [docname for docname in stale if docname not in read])
    return stale


def keep_toctree_parents(app: Sphinx, builder: object) -> None:
    """``write-started``: Sphinx writes again every page whose toctree holds a page it writes (the
    title it shows could have changed), found in ``env.files_to_rebuild``. A page written without
    being read again has the title and sections it had, so its entry is set aside until the pages
    to write are chosen (:func:`restore_toctree_parents`): after one edited entry, the site's root
    page was written again for nothing (80–120 ms of a 0.4 s rebuild of 452 entries)."""
    rebuild = app.env.files_to_rebuild
    aside = {docname: rebuild.pop(docname) for docname in appstate.written_only(app) if docname in rebuild}
    appstate.set_parents_set_aside(app, aside)


def restore_toctree_parents(app: Sphinx, *_: object) -> None:
    """The first page resolved for writing (or the build's end): the pages to write are chosen, and
    what :func:`keep_toctree_parents` set aside goes back, as the next build will need it."""
    aside = appstate.parents_set_aside(app)
    if aside:
        appstate.set_parents_set_aside(app, {})
        app.env.files_to_rebuild.update(aside)


def setup_page_dependencies(app: Sphinx) -> None:
    app.connect("doctree-read", record_page)
    app.connect("env-purge-doc", purge_page)
    app.connect("env-merge-info", merge_pages)
    app.connect("env-get-outdated", outdated_pages)
    app.connect("env-before-read-docs", note_pages_read, priority=900)  # after the others added theirs
    app.connect("env-updated", pages_to_write, priority=800)  # after sphinxcontrib-bibtex's (500)
    app.connect("write-started", keep_toctree_parents)
    app.connect("doctree-resolved", restore_toctree_parents)
    app.connect("build-finished", restore_toctree_parents, priority=100)
