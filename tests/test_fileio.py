"""Files are replaced in one rename: old or new content, never half, with the permissions a reader expects."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from ext import fileio
from ext.fileio import write_atomic, write_parts_if_changed


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    """A new file is created as open() would create it (not mkstemp's private 0600)."""
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.bib", "x\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.bib").stat().st_mode & 0o777 == 0o644


def test_replacing_keeps_the_old_mode(tmp_path: Path) -> None:
    """Replacing a file keeps its permissions."""
    target = tmp_path / "s.bib"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n" and target.stat().st_mode & 0o777 == 0o640


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    """Text that cannot be encoded fails before the rename: the old file stays, no temp file is left."""
    target = tmp_path / "s.bib"
    target.write_text("old\n")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "bad \udc80 surrogate")
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["s.bib"]


def test_errors_name_the_file(tmp_path: Path, monkeypatch) -> None:
    """A write that fails without a file name (a full disk) is reported with the file it was writing."""
    import errno
    import os

    from ext.fileio import write_atomic

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "x.bib"
    with pytest.raises(OSError) as raised:
        write_atomic(target, "text")
    assert raised.value.filename == str(target) and "No space left" in str(raised.value)
    assert list(tmp_path.iterdir()) == []


def test_parts_written_only_when_the_bytes_change(tmp_path: Path) -> None:
    """A file that already holds the parts' bytes is left as it was (same inode, same time); other
    bytes replace it; either way the SHA-256 of the bytes comes back and no temp file is left."""
    target = tmp_path / "data.js"
    digest = write_parts_if_changed(target, iter([b"window.X=[", b"1,2", b"];\n"]))
    assert target.read_bytes() == b"window.X=[1,2];\n"
    assert digest == hashlib.sha256(b"window.X=[1,2];\n").hexdigest()
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    before = target.stat()
    assert write_parts_if_changed(target, iter([b"window.X=[1", b",2];\n"])) == digest
    after = target.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    write_parts_if_changed(target, iter([b"window.X=[1,2,3];\n"]))
    assert target.read_bytes() == b"window.X=[1,2,3];\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.js"]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
def test_a_text_is_written_a_chunk_at_a_time_as_its_utf8(tmp_path: Path, monkeypatch, chunk: int) -> None:
    """A text is encoded a slice at a time, whatever the slice, into the very bytes of its UTF-8."""
    monkeypatch.setattr(fileio, "ENCODE_CHUNK", chunk)
    text = "Müller 😀 Zürich\r\n∂x — 中文 Ω\n" * 5
    target = tmp_path / "out.txt"
    write_atomic(target, text)
    assert target.read_bytes() == text.encode("utf-8")
