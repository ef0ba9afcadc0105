"""One pull at a time per bib file, and no ``ext lint --fix`` or ``ext readme`` during it: the lock
of :mod:`ext.biblock` on ``<bib>.lock`` beside it.

The lock file is removed when the pull ends, so a failed or finished pull
leaves nothing behind. (A second pull that opened the file in the instant
between release and removal could hold a lock on the removed file; pulls are
minutes apart, so this is accepted rather than leaving lock files around.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ext.biblock import BibLocked
from ext.biblock import bib_lock as _bib_lock
from sync.errors import ConfigError, LockedError


@contextmanager
def bib_lock(bib: Path) -> Iterator[None]:
    """Hold the lock for *bib*, or fail at once if another process holds it."""
    if not bib.parent.is_dir():
        raise ConfigError(f"the folder {bib.parent} of {bib.name} does not exist; check --bib")
    try:
        with _bib_lock(bib):
            yield
    except BibLocked as error:  # only the lock raises it: nothing in a pull does
        raise LockedError(str(error)) from None
