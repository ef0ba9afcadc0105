"""The bibliography of one Sphinx project: read once, shared by every page.

At ``builder-inited`` the files named in ``bibtex_bibfiles`` are read with the
tolerant reader of :mod:`ext.reader.bibfile` (again only when a file changed, and
then only the entries that changed are parsed and rendered: see
:mod:`ext.site.catalog`), every problem becomes a warning with the file and line,
and sphinxcontrib-bibtex is handed the same entries through its own cache
record, so its ``cite`` roles and ``bibliography`` directives see every good
entry as well; left to itself it would stop at the first duplicate key and
drop the rest of the file. Nothing is re-read or re-rendered when nothing
changed. Between builds the library lives in its own file (:mod:`ext.site.store`).
"""

from __future__ import annotations

import gc
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import BibliographyData
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

from ext import forked, style
from ext.reader.bibfile import Bibliography, ParseCache, read_bib
from ext.site import appstate, store
from ext.site.catalog import Catalog, build_catalog_and
from ext.site.store import StoredRef

logger = logging.getLogger(__name__)

#: Warning type for ``suppress_warnings``, e.g. ``["papers.duplicate_key"]``.
WARNING_TYPE = "papers"


@dataclass
class Library:
    """What was read, and the file stamps it was read from."""

    stamps: tuple[tuple[str, float], ...]
    bib: Bibliography
    catalog: Catalog
    parsed: ParseCache
    lint_summary: tuple[frozenset[str], str] | None = None  #: (rules disabled, one line), once per read
    token: str = field(
        default_factory=lambda: uuid.uuid4().hex
    )  #: new with every read (see ext.site.publish)

    def __reduce__(self) -> tuple:
        """In Sphinx's pickled environment the library is only a reference (see :mod:`ext.site.store`)."""
        return (StoredRef, (self.token,))

    def parts(self) -> tuple[tuple, Catalog]:
        """What :mod:`ext.site.store` stores, in two parts: what was read, and the catalog made of it."""
        return (self.stamps, self.bib, self.parsed, self.lint_summary, self.token), self.catalog

    @classmethod
    def of_parts(cls, read: tuple, catalog: Catalog) -> Library:
        stamps, bib, parsed, lint_summary, token = read
        return cls(stamps, bib, catalog, parsed, lint_summary, token)


def sources_of(read: tuple) -> dict[str, str]:
    """The entries' texts, which the catalog's records hold too: stored once (:func:`ext.site.store.write`)."""
    return read[1].sources


def bib_paths(app: Sphinx) -> list[Path]:
    """The .bib files of the project, resolved as sphinxcontrib-bibtex resolves them."""
    return [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles or []]


def get_library(env: BuildEnvironment) -> Library:
    return appstate.library(env)  # type: ignore[return-value]


def _store_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / store.FILE_NAME


def _restored(app: Sphinx) -> Library | None:
    """The library of the previous build: in memory, or read back from its own file by token."""
    found = appstate.library(app.env)
    if isinstance(found, StoredRef):
        parts = store.read(_store_path(app), found.token, sources_of)
        found = Library.of_parts(*parts) if parts is not None else None
    return found


def _lint_and_store(app: Sphinx, library: Library, disabled: frozenset[str]) -> None:
    """Lint the library (unless it was linted while its catalog was made) and store it, lint summary
    included, on the other core, while the pages are read and written; the build waits for both
    only at its end (:func:`saved_library`)."""
    path = _store_path(app)

    def work() -> tuple[str, str]:
        if library.lint_summary is not None and library.lint_summary[0] == disabled:
            summary = library.lint_summary[1]  # linted while the catalog was made
        else:
            summary = _lint_summary(library.bib, disabled)
            library.lint_summary = (disabled, summary)  # in the child's memory (or here, unforked)
        try:
            store.write(path, library.token, library.parts(), sources_of)
        except OSError as error:
            return summary, str(error)
        return summary, ""

    appstate.set_saving(app, (disabled, forked.start(work, len(library.bib.data.entries), 200)))


def start_build(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``, as the build starts (never for an app that does not build): freeze
    the heap, then start the lint and store of a library read (or linted by other rules) anew."""
    _freeze_heap(app)
    disabled = appstate.to_store(app)
    if disabled is not None:
        appstate.set_to_store(app, None)
        _lint_and_store(app, get_library(env), disabled)


def _freeze_heap(app: Sphinx) -> None:
    """Leave what exists now (the library, Sphinx's environment) out of the cycle collector's walks
    until the build ends: every full collection the reading and writing of the pages trigger would
    walk the whole library for nothing (~35 ms each for 452 entries), and a forked child's
    collections would copy every page of it. Only while this is the process's one thread (a host's
    threads keep their collections); :func:`saved_library` thaws it, so a host collects as before."""
    if threading.active_count() == 1 and not appstate.heap_frozen(app):
        gc.freeze()
        appstate.set_heap_frozen(app, True)


def saved_library(app: Sphinx, exception: Exception | None) -> None:
    """Wait for the lint and store started by :func:`_lint_and_store`: the build ends when the file is
    written. Then the lint line. A store that failed costs only time (the next build reads the .bib
    files again): a warning."""
    if appstate.heap_frozen(app):
        appstate.set_heap_frozen(app, False)
        gc.unfreeze()
    library = appstate.library(app.env)
    saving = appstate.saving(app)
    if not isinstance(library, Library):  # the build failed before the library was read
        return
    if saving is not None:
        appstate.set_saving(app, None)
        disabled, pending = saving
        try:
            summary, failure = pending.result()
        except RuntimeError as error:
            summary, failure = _lint_summary(library.bib, disabled), str(error)
        library.lint_summary = (disabled, summary)
        if failure:
            logger.warning(
                "could not store the library in %s (%s); the next build reads the .bib files again",
                _store_path(app),
                failure,
                type=WARNING_TYPE,
                subtype="store",
            )
    if library.lint_summary is not None:
        logger.info(
            "papers: lint: %s (details: python -m ext lint, or make lint-bib)", library.lint_summary[1]
        )


def setting_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:LINE`` of the line that sets *name*; none when conf.py does not set it (``-D``).

    Always with a line: Sphinx before 8 takes a location without one for a document name.
    """
    conf = Path(app.confdir) / "conf.py"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    line = next((number for number, text in enumerate(lines, 1) if text.lstrip().startswith(name)), None)
    return f"{conf}:{line}" if line else None


def load_library(app: Sphinx) -> None:
    """Read the bib files (when changed), warn about problems, feed sphinxcontrib-bibtex."""
    paths = bib_paths(app)
    missing = [path for path in paths if not path.is_file()]
    for path in missing:
        logger.warning(
            "bibliography file %s not found; fix bibtex_bibfiles in conf.py",
            path,
            location=setting_location(app, "bibtex_bibfiles"),
            type=WARNING_TYPE,
            subtype="missing_file",
        )
    # every configured file is stamped (a missing one as sphinxcontrib-bibtex stamps it), so that
    # sphinxcontrib-bibtex takes our record as current and never re-parses with its strict parser
    stamps = tuple((str(path), get_mtime(path)) for path in paths)
    paths = [path for path in paths if path not in missing]
    library = _restored(app)
    disabled = _disabled_rules(app)
    read_anew = library is None or library.stamps != stamps
    if read_anew:
        parsed: ParseCache = library.parsed if library else {}
        bib = read_bib(paths, encoding=app.config.bibtex_encoding, cache=parsed)
        live = set(bib.sources.values())
        parsed = {key: entry for key, entry in parsed.items() if key[1] in live}  # forget old versions
        previous = library.catalog if library else None
        # a large list read whole is linted by a child while its entries are ordered, not beside the
        # pages, where the build waited for the lint at its end (see build_catalog_and)
        catalog, summary = build_catalog_and(
            bib, previous, app.config.latex_engine, lambda: _lint_summary(bib, disabled)
        )
        library = Library(stamps, bib, catalog, parsed, None if summary is None else (disabled, summary))
    assert library is not None
    appstate.set_library(app.env, library)
    style.attach_placements(library.bib.entries, library.catalog.placements)
    if read_anew or library.lint_summary is None or library.lint_summary[0] != disabled:  # or other rules
        appstate.set_to_store(app, disabled)  # started with the build (start_build)
    for problem in library.bib.problems:
        logger.warning(
            problem.message,
            location=f"{problem.path}:{problem.line}",
            type=WARNING_TYPE,
            subtype=problem.kind,
        )
    _feed_sphinxcontrib_bibtex(app, library)


def _disabled_rules(app: Sphinx) -> frozenset[str]:
    return frozenset(app.config.papers_lint_disable or ())


def _lint_summary(bib: Bibliography, disabled: frozenset[str]) -> str:
    # imported here, in the forked child that runs the lint and the store on the other core: a build
    # whose bib did not change never lints, and no build waits for these imports on its main path
    from ext.lint import LintConfig, lint_entries
    from ext.lint.formats import summary

    return summary(lint_entries(bib, config=LintConfig(disabled)))


def _feed_sphinxcontrib_bibtex(app: Sphinx, library: Library) -> None:
    """Give sphinxcontrib-bibtex our entries as its up-to-date parse cache."""
    keys_by_file: dict[Path, dict[str, None]] = {Path(path): {} for path, _ in library.stamps}
    keys_by_name: dict[str, dict[str, None]] = {}  # one Path per file, not one per entry
    for key, (path, _line) in library.bib.locations.items():
        keys = keys_by_name.get(path)
        if keys is None:
            keys = keys_by_name[path] = keys_by_file.setdefault(Path(path), {})
        keys[key] = None
    bibfiles = {
        Path(path): BibFile(mtime=mtime, keys=keys_by_file[Path(path)]) for path, mtime in library.stamps
    }
    domain = app.env.get_domain("cite")
    domain.data["bibdata"] = BibData(
        encoding=app.config.bibtex_encoding, bibfiles=bibfiles, data=_FedData.of(library.bib.data)
    )


class _FedData(BibliographyData):
    """sphinxcontrib-bibtex's view of our entries: fed anew at every build, so never pickled with
    the environment (the library's own file holds them, see :mod:`ext.site.store`)."""

    @classmethod
    def of(cls, data: BibliographyData) -> _FedData:
        fed = cls.__new__(cls)
        fed.__dict__.update(data.__dict__)  # the same entries, not a copy
        return fed

    def __reduce__(self) -> tuple:
        return (BibliographyData, ())
