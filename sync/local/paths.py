"""Where a pull writes: through symlinks to the real file, only ever to regular files.

A ``--bib`` that is a symlink (a bib kept in another folder, say) is written
through: the link stays a link, and the lock and the state file go beside the
file it points to, so a pull via the link and one via the real path share one
lock. A target that is not a regular file (``/dev/null``, a folder, a pipe) is
refused before anything is fetched. Temporary files that a killed pull left
behind (``.sparsity.bib.*.tmp``) are removed by the next pull, which holds the
lock.
"""

from __future__ import annotations

import stat
from pathlib import Path

from sync.errors import ConfigError


def real_bib(path: Path) -> Path:
    """The file a pull reads and writes for *path*: symlinks followed, regular files only."""
    real = path.resolve()
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        return real  # a new bib (or a dangling link's target): created as a regular file
    if not stat.S_ISREG(mode):
        raise ConfigError(f"{path} is not a regular file (it is {_kind(mode)}); pass a .bib file to --bib")
    return real


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    return "not a plain file"


def remove_leftovers(*files: Path) -> list[Path]:
    """Delete the temporary files that killed atomic writes of *files* left; the ones removed."""
    removed = []
    for file in files:
        for leftover in file.parent.glob(f".{file.name}.*.tmp"):
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed
