"""Run a function in a forked child process while this one goes on: the second core, for large lists.

Rendering twenty thousand entries, or linting them, is pure Python that one
process does on one core. A forked child starts with this process's memory
as it is (the parsed library included, nothing pickled on the way in) and
sends back only its result. Results must pickle.

Forking is a process-wide act, so it happens only when it is safe: where ``fork`` exists and is
reliable (not Windows, not macOS), when this process runs no other thread (a thread holding a
lock at the moment of the fork would leave the child waiting on it for ever, and Python 3.12+
warns), and when the work is big enough to pay for it. Otherwise, and whenever a child dies,
fails or does not answer within its time, the function runs here instead: callers need no
second code path, and a result is always the one the function gives in this process.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import select
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO, Generic, TypeVar

T = TypeVar("T")

#: Below this many items, forking costs more than it saves.
WORTH_FORKING = 1500
#: How long a child may take before its work is done here instead (seconds).
TIMEOUT = 600.0
#: What a child writes to its pipe once its answer is whole in its file.
ANSWERED = b"1"


def usable_cores() -> int:
    """The cores this process may run on: a container or ``taskset`` may allow fewer than the
    machine has, and a second process on the same core only adds the cost of forking."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Fork where it is safe and useful: two usable cores, one thread, and not macOS, whose system
    libraries may abort a forked child (Python itself stopped forking there by default)."""
    return (
        hasattr(os, "fork")
        and sys.platform != "darwin"
        and usable_cores() > 1
        and threading.active_count() == 1
    )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while much is allocated and nothing is let go.

    Rendering the entries allocates millions of short-lived, acyclic objects (runs,
    strings, records), and a child's answer unpickles into as many lasting ones; each
    collection they trigger walks the whole heap (Sphinx's doctrees included) and frees
    nothing. Pausing it saves ~15% of the catalog's CPU for 20 000 entries, measured
    outside Sphinx (more inside), and four fifths of the time to unpickle 10 000 parsed
    entries. The collector is the whole process's, so it is paused only while this is the
    process's one thread (a host's other threads are never left without it), and restored
    as it was, whatever happens.
    """
    was_enabled = gc.isenabled()
    if threading.active_count() > 1:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Pending(Generic[T]):
    """The result of a function started by :func:`start`; :meth:`result` waits for it."""

    def __init__(self, func: Callable[[], T], forked: bool, nice: int = 0, timeout: float = TIMEOUT) -> None:
        self._func = func
        self._value: T | None = None
        self._done = not forked
        self._pid = 0
        self._read = -1
        self._deadline = time.monotonic() + timeout
        if not forked:
            self._value = func()
            return
        try:  # the answer's file, shared with the child (made before the fork)
            self._answer: BinaryIO = tempfile.TemporaryFile(buffering=0)  # noqa: SIM115 (closed by _receive)
        except OSError:  # no room for it: the work runs here
            self._done, self._value = True, func()
            return
        self._read, write = os.pipe()  # the child says there when its answer is whole
        self._pid = os.fork()
        if self._pid == 0:  # the child: compute, send, leave without running the parent's exit handlers
            code = 1
            try:
                # what the child inherits is never garbage to it: its collections leave it alone, and
                # so do not write to (and copy) every page of the parent's heap they would walk
                gc.freeze()
                os.close(self._read)
                if nice:
                    os.nice(nice)
                # pickled into a file as it is made, while the parent still works: never held whole
                # in the child's memory (the catalog child of a build of 20 000 entries with abstracts
                # peaked at 550 MB instead of 612), and the child never waits for the parent to read
                with open(self._answer.fileno(), "wb", buffering=1 << 20, closefd=False) as out:
                    pickle.dump(func(), out, protocol=pickle.HIGHEST_PROTOCOL)
                os.write(write, ANSWERED)
                code = 0
            finally:  # whatever happens (an error, a parent gone before reading), never return
                os._exit(code)
        os.close(write)

    def result(self) -> T:
        """The function's value: the child's answer, or the function run here when the child died,
        failed (its error is raised again here, with a real traceback) or ran out of time."""
        if not self._done:
            self._done = True
            answered, value = self._receive()
            self._value = value if answered else self._func()
        return self._value  # type: ignore[return-value]

    def _receive(self) -> tuple[bool, T | None]:
        """Whether the child answered, in time and whole, and its answer, unpickled from its file a
        megabyte at a time: the answer's bytes are never held whole next to what they make (60 MB
        less at the peak of a build of 20 000 entries with abstracts). A child late past its time
        is ended."""
        try:
            left = self._deadline - time.monotonic()
            said = os.read(self._read, 1) if select.select([self._read], [], [], max(left, 0))[0] else None
            if said is None:
                os.kill(self._pid, signal.SIGKILL)
            _, status = os.waitpid(self._pid, 0)
            if said != ANSWERED or os.waitstatus_to_exitcode(status) != 0:
                return False, None
            self._answer.seek(0)
            try:
                with collector_paused():
                    return True, pickle.load(io.BufferedReader(self._answer, 1 << 20))  # type: ignore[type-var]
            except Exception:  # a damaged answer: the work runs here
                return False, None
        finally:
            os.close(self._read)
            self._answer.close()


def will_fork(size: int, worth: int | None = None) -> bool:
    """Whether :func:`start` would run work of *size* items in a child now (*worth*: at least this
    many items, :data:`WORTH_FORKING` unless given, read when asked)."""
    return size >= (WORTH_FORKING if worth is None else worth) and can_fork()


def start(
    func: Callable[[], T], size: int, worth: int | None = None, nice: int = 0, timeout: float = TIMEOUT
) -> Pending[T]:
    """*func* in a child process when *size* (the number of items it handles) reaches *worth* and
    forking is safe; a *nice* child yields the processor to the others (work waited for later).
    The child starts with the modules this process has imported; what *func* imports besides, the
    child imports on its own core (and this process does not get it: import there only what this
    process has no use for, such as the lint's rules)."""
    return Pending(func, forked=will_fork(size, worth), nice=nice, timeout=timeout)


Item = TypeVar("Item")
R = TypeVar("R")
E = TypeVar("E")

#: How many items a process takes at a time in :func:`shared_out`: small enough that neither
#: waits long for the other at the end, large enough that taking them costs nothing measurable.
CHUNK = 16
#: At most this many parts: their numbers (4 bytes each) fit in one page, which a pipe always
#: holds (Linux gives a pipe a single page once its user has many), so they are written at once.
MAX_PARTS = 1024


def shared_out(
    work: Callable[[list[Item]], list[R]],
    items: list[Item],
    worth: int | None = None,
    also: Callable[[], E] | None = None,
) -> tuple[list[R], E | None]:
    """``work(items)``, on two cores when :func:`will_fork` allows: the items are cut into parts of
    :data:`CHUNK`, and this process and a forked child each take the next part left until none is
    left, so that both finish together however fast each turns out to be (a core shared with
    another process, a slower machine): a fixed split leaves one waiting for the other. The parts'
    numbers wait in a pipe, read four bytes at a time: reads of a pipe are atomic, so each part goes
    to one process. *work* must give one result per item, the same in either process. *also*: run
    in the child once it is done, its value returned (``None`` when nothing was forked); the parts of
    a child that failed are worked here, and *also* too."""
    if not will_fork(len(items), worth):
        return work(items), None
    size = max(CHUNK, -(-len(items) // MAX_PARTS))
    parts = range(0, len(items), size)
    numbers, feed = os.pipe()
    try:
        os.write(feed, b"".join(index.to_bytes(4, "little") for index in range(len(parts))))
    finally:
        os.close(feed)  # the numbers end there: a read past the last one gets nothing

    def taken() -> dict[int, list[R]]:
        done = {}
        while number := os.read(numbers, 4):
            index = int.from_bytes(number, "little")
            done[index] = work(items[parts[index] : parts[index] + size])
        return done

    try:
        pending = start(lambda: (taken(), also() if also else None), len(items), worth)
        mine = taken()
        theirs, extra = pending.result()
    finally:
        os.close(numbers)
    if len(mine) + len(theirs) != len(parts):  # the child failed: the parts it took are worked here
        theirs = {
            index: work(items[parts[index] : parts[index] + size])
            for index in range(len(parts))
            if index not in mine
        }
        extra = also() if also else None
    done = {**theirs, **mine}
    return [result for index in range(len(parts)) for result in done[index]], extra
