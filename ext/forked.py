"""Run a function in a forked child process while this one goes on: the second core, for large lists.

Rendering twenty thousand entries, or linting them, is pure Python that one
process does on one core. A forked child starts with this process's memory
as it is (the parsed library included, nothing pickled on the way in) and
sends back only its result. Where ``fork`` does not exist (Windows), is not
safe (macOS) or the work is small, :func:`start` runs the function at once instead, so callers
need no second code path. Results must pickle.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

#: Below this many items, forking costs more than it saves.
WORTH_FORKING = 1500


def can_fork() -> bool:
    """Fork where it is safe and useful: two cores, and not macOS, whose system libraries may
    abort a forked child (Python itself stopped forking there by default)."""
    return hasattr(os, "fork") and sys.platform != "darwin" and (os.cpu_count() or 1) > 1


class Pending(Generic[T]):
    """The result of a function started by :func:`start`; :meth:`result` waits for it."""

    def __init__(self, func: Callable[[], T], forked: bool, nice: int = 0) -> None:
        self._value: T | None = None
        self._pid = 0
        self._read = -1
        if not forked:
            self._value = func()
            return
        self._read, write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: compute, send, leave without running the parent's exit handlers
            try:
                os.close(self._read)
                if nice:
                    os.nice(nice)
                try:
                    payload = pickle.dumps((True, func()), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException as error:  # reported by the parent
                    payload = pickle.dumps((False, f"{type(error).__name__}: {error}"))
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(payload)
            finally:  # whatever happens (a parent gone before reading: a broken pipe), never return
                os._exit(0)
        os.close(write)

    def result(self) -> T:
        if self._pid == 0:
            return self._value  # type: ignore[return-value]
        with os.fdopen(self._read, "rb") as pipe:
            payload = pipe.read()
        os.waitpid(self._pid, 0)
        self._pid = 0
        if not payload:
            raise RuntimeError("the forked worker died without an answer")
        ok, value = pickle.loads(payload)
        if not ok:
            raise RuntimeError(f"the forked worker failed: {value}")
        self._value = value
        return value


def start(func: Callable[[], T], size: int, worth: int = WORTH_FORKING, nice: int = 0) -> Pending[T]:
    """*func* in a child process when *size* (the number of items it handles) reaches *worth*;
    a *nice* child yields the processor to the others (work that is waited for later)."""
    return Pending(func, forked=size >= worth and can_fork(), nice=nice)
