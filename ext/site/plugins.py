"""Installed entry points read once while the extension sets up, instead of a dozen times.

pybtex and sphinxcontrib-bibtex answer every plugin lookup and registration (``register_plugin``,
``find_plugin`` of a name not registered at run time) with ``importlib.metadata.entry_points``,
which reads the metadata of every installed distribution: 5–10 ms a call, and the extension's
set-up makes about fifteen (our styles and backends, sphinxcontrib-bibtex's roles and transforms
looking up theirs at import). Nothing installs a distribution while a Sphinx extension is being
set up, so for that time both libraries get the answers of one read; their own lookup is put back
afterwards, and left alone when something else has replaced it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType


@contextmanager
def entry_points_read_once(*modules: ModuleType | str) -> Iterator[None]:
    """While the block runs, *modules* (which call ``entry_points(group=…, name=…)``) get the
    selections of one reading of every installed entry point: the same answers, once. A module
    named by a string is imported here, once those given as modules answer from the one reading,
    so the lookups its import makes (sphinxcontrib-bibtex's, of pybtex's backends) do too."""
    original = importlib.metadata.entry_points
    everything = original()
    patched: list[ModuleType] = []

    def read_once(**params: str) -> importlib.metadata.EntryPoints:
        return everything.select(**params)  # type: ignore[return-value]  # a selection: EntryPoints

    try:
        for given in modules:
            module = importlib.import_module(given) if isinstance(given, str) else given
            if getattr(module, "entry_points", None) is original:
                module.entry_points = read_once  # type: ignore[attr-defined]
                patched.append(module)
        yield
    finally:
        for module in patched:
            module.entry_points = original  # type: ignore[attr-defined]
