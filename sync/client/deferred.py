"""Modules pyzotero imports at start-up but a pull never uses, loaded on first use instead.

pyzotero imports bibtexparser (with pyparsing) and feedparser when it is imported, for
its BibTeX and Atom answers. A pull asks for JSON only, so those ~45 ms of a 0.4 s
no-op pull bought nothing (issue 25, point 4).

Why not :class:`importlib.util.LazyLoader`: before Python 3.12 an ``import x`` of a
lazy module reads its ``__spec__``, and any attribute read loads it, so it loaded at
once. A :class:`Deferred` stand-in answers ``__spec__`` itself and loads the real
module on the first other attribute read; from then on ``sys.modules`` holds the real
module, and the stand-in forwards to it. It also answers ``__path__``, so ``from
package.sub import x`` imports the submodule once, without loading the package first
(the import system would otherwise load the package and then the submodule again).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

UNUSED_BY_A_PULL = ("bibtexparser", "feedparser")
_LOCK = threading.RLock()  # a module loading may load another stand-in


class Deferred(types.ModuleType):
    """Stands in ``sys.modules`` for a module until something reads one of its attributes."""

    def __init__(self, name: str, spec: importlib.machinery.ModuleSpec) -> None:
        super().__init__(name)
        self.__spec__ = spec
        if spec.submodule_search_locations is not None:
            self.__path__ = list(spec.submodule_search_locations)
        self._real: types.ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:  # called only for what the stand-in lacks
        return getattr(self.loaded(), attr)

    def loaded(self) -> types.ModuleType:
        """The real module, imported now if it was not yet."""
        with _LOCK:
            if self._real is None:
                if sys.modules.get(self.__name__) is self:
                    del sys.modules[self.__name__]
                self._real = importlib.import_module(self.__name__)
            return self._real


def defer(names: tuple[str, ...] = UNUSED_BY_A_PULL) -> None:
    """Put a :class:`Deferred` in ``sys.modules`` for each of *names* not imported yet (and installed)."""
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is not None:
            sys.modules[name] = Deferred(name, spec)
