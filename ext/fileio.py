"""Write files so that a reader never sees half of one: temp file, fsync, rename."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: Characters of a text encoded at a time: a text of many megabytes is never held twice.
ENCODE_CHUNK = 1 << 20


def write_atomic(path: Path, text: str | bytes) -> None:
    """Replace *path* with *text* (written as UTF-8, line ends as they are; or bytes) in one rename."""
    if isinstance(text, bytes):
        write_atomic_with(path, lambda handle: handle.write(text))
        return

    def write(handle: BinaryIO) -> None:
        for start in range(0, len(text), ENCODE_CHUNK):  # a slice of a str never splits a character
            handle.write(text[start : start + ENCODE_CHUNK].encode("utf-8"))

    write_atomic_with(path, write)


def write_atomic_with(
    path: Path, write: Callable[[BinaryIO], object], unchanged: Callable[[], bool] | None = None
) -> None:
    """Replace *path* with what *write* writes to the binary file it is given (streamed: a large
    pickle need not be held in memory whole), in one rename; not at all when *unchanged*, asked
    once *write* is done, says the file holds those bytes already."""
    stage(path, write, unchanged).commit()


@dataclass(frozen=True)
class Staged:
    """A file written in full next to its place (*temp*), put there by :meth:`commit` in one rename or
    dropped by :meth:`discard`: a file prepared ahead (by a forked child) replaces the old one only
    when, and if, the build gets that far. *temp* is ``None`` when the place holds those bytes already."""

    path: Path
    temp: Path | None
    sha256: str = ""  #: of the bytes (hex), when :func:`stage_parts` staged them

    def commit(self) -> None:
        if self.temp is None:
            return
        try:
            os.replace(self.temp, self.path)
        except OSError as error:
            self.discard()
            if error.filename is None:
                raise OSError(error.errno, error.strerror, str(self.path)) from error
            raise

    def discard(self) -> None:
        if self.temp is not None:
            self.temp.unlink(missing_ok=True)


def stage(
    path: Path, write: Callable[[BinaryIO], object], unchanged: Callable[[], bool] | None = None
) -> Staged:
    """What *write* writes, in a temp file next to *path* (flushed to disk, with the mode *path* has
    or a new file would get), to :meth:`~Staged.commit` later; nothing when *unchanged*, asked once
    *write* is done, says *path* holds those bytes already."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            if unchanged is not None and unchanged():
                Path(tmp).unlink()
                return Staged(path, None)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else _new_file_mode())
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        if error.filename is None:  # a full disk says "No space left on device" but not where
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Staged(path, Path(tmp))


def write_parts_if_changed(path: Path, parts: Iterable[bytes]) -> str:
    """Write *parts* to *path* in one rename, unless it holds those very bytes already (then the
    file, and its time, stay: caches keyed on it hold); the SHA-256 (hex) of the bytes. One part at
    a time: a file of many megabytes is never held whole, next to the parts it is made of."""
    staged = stage_parts(path, parts)
    staged.commit()
    return staged.sha256


def stage_parts(path: Path, parts: Iterable[bytes]) -> Staged:
    """:func:`write_parts_if_changed`, staged: the file is put in place by :meth:`Staged.commit`."""
    before = _sha256_of(path)
    after = hashlib.sha256()

    def write(handle: BinaryIO) -> None:
        for part in parts:
            after.update(part)
            handle.write(part)

    staged = stage(path, write, unchanged=lambda: after.digest() == before)
    return Staged(staged.path, staged.temp, after.hexdigest())


def _sha256_of(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except FileNotFoundError:
        return None


def line_end(text: str) -> str:
    """The line ending *text* uses (that of its first line), so a file checked out with CRLF is
    rewritten with CRLF."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def with_line_end(text: str, newline: str) -> str:
    """*text* with every line ended by *newline*."""
    text = text.replace("\r\n", "\n")
    return text if newline == "\n" else text.replace("\n", newline)


def _new_file_mode() -> int:
    """What ``open()`` would give a new file under the current umask (mkstemp's own is 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_WRITE_FIXES = {
    errno.ENOSPC: "free some disk space and run again",
    errno.EDQUOT: "free some space (the disk quota is full) and run again",
    errno.EFBIG: "the file is larger than this system allows (ulimit -f); raise the limit and run again",
    errno.EACCES: "check the permissions of the file and its folder",
    errno.EROFS: "the file system is read-only; write to another folder",
}
#: Errors only a write gives (a full disk, a quota, a size limit, a read-only file system).
WRITE_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


def write_error(error: OSError, unchanged: str = "it was not changed") -> str:
    """One line for a failed write: the file, what the system said, that the file is as it was
    (:func:`write_atomic` never leaves half a file), and what to do."""
    fix = _WRITE_FIXES.get(error.errno or 0, "fix the cause and run again")
    return f"cannot write {error.filename or 'the file'}: {error.strerror or error}; {unchanged}; {fix}"
