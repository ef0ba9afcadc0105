"""The library's own file beside Sphinx's environment: written on the other core, read back by token.

Sphinx pickles its whole environment once the pages are read, on the build's
critical path; twenty thousand parsed and rendered entries made that three
seconds. So the environment holds only a :class:`StoredRef` (the library's
token, new with every read of the .bib files) and the library itself goes to
``<doctrees>/papers-library.pickle``, written (with the lint's summary) by a forked
child while Sphinx reads and writes the pages (:mod:`ext.forked`), atomically. The next build reads it back
when the tokens match; a missing, stale or damaged file only means the .bib
files are read again.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ext.fileio import write_atomic_with

FILE_NAME = "papers-library.pickle"
#: The one version of what the extension stores, in this file and in Sphinx's environment (the
#: extension's ``env_version``): bump it whenever either changes shape.
FORMAT = 11


@dataclass(frozen=True)
class StoredRef:
    """What Sphinx's environment keeps of the library: which stored file belongs to it."""

    token: str


#: Names a later part gives the objects of the first part it refers to (see :func:`write`).
Shared = Callable[[Any], Mapping[str, object]]


def _none(first: Any) -> Mapping[str, object]:
    return {}


class _PartPickler(pickle.Pickler):
    """Writes an object of the first part (one *shared* names) as a reference by name."""

    def __init__(self, out: BinaryIO, names: dict[int, str]) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self.names = names

    def persistent_id(self, obj: Any) -> str | None:
        return self.names.get(id(obj))


def write(path: Path, token: str, parts: Sequence[Any], shared: Shared = _none) -> None:
    """Store *parts* under *token*, replacing the file at once or not at all.

    Each part is pickled with a memo of its own: the pickler remembers every object it wrote, 16
    bytes each in a table that doubles as it fills, and a library of 20 000 rich entries is about
    1.6 million objects, whose table (with the one it outgrew) weighed more than 100 MB in the forked
    child that writes it. Objects are shared across parts only through *shared*: it names objects of
    the first part (by identity), which later parts write as references, and :func:`read` calls it
    on the first part read back to resolve them; anything else a later part holds is stored again.
    """
    path.parent.mkdir(parents=True, exist_ok=True)

    def dump(out: BinaryIO) -> None:
        pickle.dump((FORMAT, token, len(parts)), out, protocol=pickle.HIGHEST_PROTOCOL)
        if parts:
            pickle.dump(parts[0], out, protocol=pickle.HIGHEST_PROTOCOL)
        names = {id(obj): name for name, obj in shared(parts[0]).items()} if len(parts) > 1 else {}
        for part in parts[1:]:
            _PartPickler(out, names).dump(part)  # a pickler, and so a memo, per part

    write_atomic_with(path, dump)


def read(path: Path, token: str, shared: Shared = _none) -> list[Any] | None:
    """The parts stored under *token*, or ``None`` (no file, another token, an older format, damage)."""
    try:
        with path.open("rb") as stored:
            found = pickle.load(stored)
            if not (isinstance(found, tuple) and len(found) == 3 and found[:2] == (FORMAT, token)):
                return None
            parts = [pickle.load(stored)] if found[2] else []
            names = shared(parts[0]) if found[2] > 1 else {}
            for _ in range(found[2] - 1):
                unpickler = pickle.Unpickler(stored)
                unpickler.persistent_load = names.__getitem__  # type: ignore[method-assign]
                parts.append(unpickler.load())
    except Exception:  # a damaged or foreign file is not worth more than a re-read
        return None
    return parts
