"""One writer at a time per bib file: a lock on ``<bib>.lock`` beside it (filelock: any platform).

``sync pull``, ``ext lint --fix`` and ``ext readme`` each read a bib and write
a file from it; two of them at once could write one's result over the
other's (a pull overwrote the fixes of a concurrent ``lint --fix``). Each
holds this lock from reading to writing, and a second one fails at once
rather than wait. The lock file is removed when the command ends, so a
failed or finished one leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


class BibLocked(Exception):
    """Another command holds the lock on a bib file."""


def lock_path(bib: Path) -> Path:
    return bib.with_name(bib.name + ".lock")


@contextmanager
def _one(bib: Path) -> Iterator[None]:
    path = lock_path(bib)
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise BibLocked(
            f"another command (a sync pull, lint --fix or readme) is writing from {bib} (lock {path}); "
            "wait for it to finish and run again"
        ) from None
    try:
        yield
    finally:
        lock.release()
        path.unlink(missing_ok=True)


@contextmanager
def bib_lock(bibs: Path | Iterable[Path]) -> Iterator[None]:
    """Hold the lock of each bib (in a fixed order, so two commands never wait on each other),
    or raise :class:`BibLocked` at once if another process holds one."""
    paths = [bibs] if isinstance(bibs, Path) else list(bibs)
    with ExitStack() as stack:
        for bib in sorted({Path(path) for path in paths}):
            stack.enter_context(_one(bib))
        yield
