"""Everything the extension keeps between Sphinx events, in one place, typed.

On the **environment** (pickled with it between builds and sent to parallel workers, so its shape
is versioned by :data:`ext.site.store.FORMAT`, which is also the extension's ``env_version``):
the library, each page's citations, the parts of the library each page shows (with fingerprints of what
it was read and written from), the PDF to publish and the files the list page links to.
On the **app** (this build process only): the lint and the store of the library to start and
running on the other core, whether the build froze the heap, and the pages it reads and only writes. Nothing else in the extension sets attributes
on Sphinx's objects.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: (kind, label, file name in the output) of each file the list page links to
Download = tuple[str, str, str]
#: a page's citations: (key, line) in document order
Citations = dict[str, list[tuple[str, int | None]]]


# --- the environment ---------------------------------------------------------------------------


def library(env: BuildEnvironment) -> Any | None:
    """The library (:class:`ext.site.library.Library`, or the reference to its stored file)."""
    return getattr(env, "papers_library", None)


def set_library(env: BuildEnvironment, value: Any) -> None:
    env.papers_library = value  # type: ignore[attr-defined]


def citations(env: BuildEnvironment) -> Citations:
    """Each read page's citations (created empty on first use)."""
    if not hasattr(env, "papers_citations"):
        env.papers_citations = {}  # type: ignore[attr-defined]
    return env.papers_citations  # type: ignore[attr-defined]


def page_parts(env: BuildEnvironment) -> dict[str, set[str]]:
    """Per page, the parts of the library it shows (see :mod:`ext.site.pagedeps`)."""
    if not hasattr(env, "papers_page_parts"):
        env.papers_page_parts = {}  # type: ignore[attr-defined]
    return env.papers_page_parts  # type: ignore[attr-defined]


def page_reads(env: BuildEnvironment) -> dict[str, str]:
    """Per page, the fingerprint of what it was read from."""
    if not hasattr(env, "papers_page_reads"):
        env.papers_page_reads = {}  # type: ignore[attr-defined]
    return env.papers_page_reads  # type: ignore[attr-defined]


def page_writes(env: BuildEnvironment, outdir: str) -> dict[str, str]:
    """Per page, the fingerprint of what it was last written from into the output folder *outdir*."""
    if not hasattr(env, "papers_page_writes"):
        env.papers_page_writes = {}  # type: ignore[attr-defined]
    return env.papers_page_writes.setdefault(outdir, {})  # type: ignore[attr-defined]


def pdf_path(env: BuildEnvironment) -> Path | None:
    return getattr(env, "papers_pdf_path", None)


def set_pdf_path(env: BuildEnvironment, value: Path | None) -> None:
    env.papers_pdf_path = value  # type: ignore[attr-defined]


def downloads(env: BuildEnvironment) -> list[Download]:
    return getattr(env, "papers_downloads", [])


def set_downloads(env: BuildEnvironment, value: list[Download]) -> None:
    env.papers_downloads = value  # type: ignore[attr-defined]


# --- the app (this process) ----------------------------------------------------------------------


def to_store(app: Sphinx) -> frozenset[str] | None:
    """The lint rules disabled, when the library must be linted and stored as the build starts."""
    return getattr(app, "papers_to_store", None)


def set_to_store(app: Sphinx, value: frozenset[str] | None) -> None:
    app.papers_to_store = value  # type: ignore[attr-defined]


def saving(app: Sphinx) -> tuple[frozenset[str], Any] | None:
    """(rules disabled, the lint and store running on the other core: :class:`ext.forked.Pending`)."""
    return getattr(app, "papers_saving", None)


def set_saving(app: Sphinx, value: tuple[frozenset[str], Any] | None) -> None:
    app.papers_saving = value  # type: ignore[attr-defined]


def prepared(app: Sphinx) -> Any | None:
    """What the HTML build publishes, being prepared on the other cores since its reading started
    (:class:`ext.site.publish.Prepared`)."""
    return getattr(app, "papers_prepared", None)


def set_prepared(app: Sphinx, value: Any | None) -> None:
    app.papers_prepared = value  # type: ignore[attr-defined]


def heap_frozen(app: Sphinx) -> bool:
    """Whether this build froze the heap for its duration (``gc.freeze``, see :mod:`ext.site.library`)."""
    return bool(getattr(app, "papers_heap_frozen", False))


def set_heap_frozen(app: Sphinx, value: bool) -> None:
    app.papers_heap_frozen = value  # type: ignore[attr-defined]


def lists_to_write(app: Sphinx) -> set[str]:
    """The pages written this build whose list's entries are still to be written into them
    (:func:`ext.site.nodes.write_lists`; created empty on first use)."""
    if not hasattr(app, "papers_lists_to_write"):
        app.papers_lists_to_write = set()  # type: ignore[attr-defined]
    return app.papers_lists_to_write  # type: ignore[attr-defined]


def set_lists_to_write(app: Sphinx, value: set[str]) -> None:
    app.papers_lists_to_write = value  # type: ignore[attr-defined]


def pages_read(app: Sphinx) -> frozenset[str]:
    """The pages this build reads (``env-before-read-docs``); empty before it starts reading."""
    return getattr(app, "papers_pages_read", frozenset())


def set_pages_read(app: Sphinx, value: frozenset[str]) -> None:
    app.papers_pages_read = value  # type: ignore[attr-defined]


def written_only(app: Sphinx) -> list[str]:
    """The pages this build writes again without reading them (their part of the library changed)."""
    return getattr(app, "papers_written_only", [])


def set_written_only(app: Sphinx, value: list[str]) -> None:
    app.papers_written_only = value  # type: ignore[attr-defined]


def parents_set_aside(app: Sphinx) -> dict[str, set[str]]:
    """Entries of Sphinx's ``env.files_to_rebuild`` taken out while it picks the pages to write."""
    return getattr(app, "papers_parents_set_aside", {})


def set_parents_set_aside(app: Sphinx, value: dict[str, set[str]]) -> None:
    app.papers_parents_set_aside = value  # type: ignore[attr-defined]
