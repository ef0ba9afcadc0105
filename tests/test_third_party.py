"""Every assumption the code makes about other libraries' insides holds, or fails here by name.

The extension feeds sphinxcontrib-bibtex its parsed entries (so that it never parses the
.bib files again with its stricter parser), and the sync cuts pyzotero's Backoff pauses to the
pull's budget. Neither library has a public interface for that; when an upgrade changes what
these rely on, these tests say what to update, instead of a build that quietly parses twice or
a pull that sleeps for an hour.
"""

from __future__ import annotations

import dataclasses
import inspect

import pytest


def test_sphinxcontrib_bibtex_cache_shape() -> None:
    """ext.site.library._feed_sphinxcontrib_bibtex writes a BibData(encoding, bibfiles, data) of
    BibFile(mtime, keys) into the cite domain's data["bibdata"]; sphinxcontrib-bibtex reuses it
    when the stamps match."""
    from sphinxcontrib.bibtex import bibfile
    from sphinxcontrib.bibtex.domain import BibtexDomain

    message = (
        "sphinxcontrib-bibtex changed its bib cache; update ext/site/library.py _feed_sphinxcontrib_bibtex"
    )
    assert list(bibfile.BibData._fields) == ["encoding", "bibfiles", "data"], message
    assert list(bibfile.BibFile._fields) == ["mtime", "keys"], message
    assert "bibdata" in BibtexDomain.initial_data, message
    assert callable(bibfile.get_mtime), message


@pytest.mark.sphinx("html", testroot="basic")
def test_our_library_is_loaded_before_sphinxcontrib_bibtex_reads_its_files(app) -> None:
    """ext.site.library.load_library (builder-inited, priority 400) runs before sphinxcontrib-bibtex's
    own builder-inited handler, which would otherwise parse the files itself."""
    from sphinxcontrib.bibtex import builder_inited_cite

    from ext.site.library import load_library

    listeners = app.events.listeners["builder-inited"]
    order = [listener.handler for listener in sorted(listeners, key=lambda listener: listener.priority)]
    assert order.index(load_library) < order.index(builder_inited_cite), (
        "sphinxcontrib-bibtex now reads its files earlier; move ext.site.library.load_library before it"
    )


def test_pyzotero_backoff_hook() -> None:
    """sync.client.zotero._BoundedZotero overrides pyzotero's _set_backoff(duration) to cap the pause."""
    from pyzotero import zotero

    hook = getattr(zotero.Zotero, "_set_backoff", None)
    assert callable(hook), (
        "pyzotero no longer has Zotero._set_backoff; update sync/client/zotero.py _BoundedZotero"
    )
    assert list(inspect.signature(hook).parameters) == ["self", "duration"], (
        "pyzotero changed Zotero._set_backoff's signature; update sync/client/zotero.py _BoundedZotero"
    )
    assert "client" in inspect.signature(zotero.Zotero.__init__).parameters, (
        "pyzotero no longer takes client=; update sync/client/zotero.py (it hands pyzotero its own httpx2 client)"
    )


def test_pyzotero_errors_we_catch_exist() -> None:
    """The pyzotero exceptions sync.client.zotero tells apart are still there, in the same hierarchy."""
    from pyzotero import errors

    assert issubclass(errors.TooManyRetriesError, errors.PyZoteroError)
    for name in ("UserNotAuthorisedError", "ResourceNotFoundError", "PreConditionFailedError", "HTTPError"):
        assert issubclass(getattr(errors, name), errors.PyZoteroError), name


def test_sphinxcontrib_bibtex_template_nodes_are_dataclasses() -> None:
    """ext.site.citations subclasses sphinxcontrib-bibtex's documented referencing styles (dataclasses)."""
    from sphinxcontrib.bibtex.style.referencing import BaseReferenceStyle, BracketStyle

    assert dataclasses.is_dataclass(BaseReferenceStyle) and dataclasses.is_dataclass(BracketStyle)
