"""The library's own file beside Sphinx's environment: written on the other core, read back by token.

Sphinx pickles its whole environment once the pages are read, on the build's
critical path; twenty thousand parsed and rendered entries made that three
seconds. So the environment holds only a :class:`StoredRef` (the library's
token, new with every read of the .bib files) and the library itself goes to
``<doctrees>/papers-library.pickle``, written (with the lint's summary) by a forked
child while Sphinx reads and writes the pages (:mod:`ext.site.forked`), atomically. The next build reads it back
when the tokens match; a missing, stale or damaged file only means the .bib
files are read again.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ext.fileio import write_atomic_with

FILE_NAME = "papers-library.pickle"
#: The one version of what the extension stores, in this file and in Sphinx's environment (the
#: extension's ``env_version``): bump it whenever either changes shape.
FORMAT = 9


@dataclass(frozen=True)
class StoredRef:
    """What Sphinx's environment keeps of the library: which stored file belongs to it."""

    token: str


def write(path: Path, token: str, state: tuple[Any, ...]) -> None:
    """Store *state* under *token*, replacing the file at once or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic_with(
        path, lambda out: pickle.dump((FORMAT, token, state), out, protocol=pickle.HIGHEST_PROTOCOL)
    )


def read(path: Path, token: str) -> tuple[Any, ...] | None:
    """The state stored under *token*, or ``None`` (no file, another token, an older format, damage)."""
    try:
        with path.open("rb") as stored:
            found = pickle.load(stored)
    except Exception:  # a damaged or foreign file is not worth more than a re-read
        return None
    if not (isinstance(found, tuple) and len(found) == 3 and found[0] == FORMAT and found[1] == token):
        return None
    return found[2]
