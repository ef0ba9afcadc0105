"""One pull at a time per bib file: a lock on ``<bib>.lock`` beside it (filelock: any platform).

The lock file is removed when the pull ends, so a failed or finished pull
leaves nothing behind. (A second pull that opened the file in the instant
between release and removal could hold a lock on the removed file; pulls are
minutes apart, so this is accepted rather than leaving lock files around.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import ConfigError, LockedError


def lock_path(bib: Path) -> Path:
    return bib.with_name(bib.name + ".lock")


@contextmanager
def bib_lock(bib: Path) -> Iterator[None]:
    """Hold the lock for *bib*, or fail at once if another process holds it."""
    if not bib.parent.is_dir():
        raise ConfigError(f"the folder {bib.parent} of {bib.name} does not exist; check --bib")
    path = lock_path(bib)
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise LockedError(f"another sync is running on {bib} (lock {path}); wait for it to finish") from None
    try:
        yield
    finally:
        lock.release()
        path.unlink(missing_ok=True)
