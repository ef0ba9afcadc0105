"""One pull at a time per bib file: an advisory lock on ``<bib>.lock``."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import LockedError


@contextmanager
def bib_lock(bib: Path) -> Iterator[None]:
    """Hold the lock for *bib*, or fail at once if another process holds it."""
    path = bib.with_name(bib.name + ".lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(
                f"another sync is running on {bib} (lock {path}); wait for it to finish"
            ) from None
        yield
    finally:
        os.close(fd)
