"""Work done in a forked child gives what the same work gives in this process."""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from bench import synth
from ext import forked
from ext.reader.bibfile import parse_bib
from ext.site import catalog
from ext.site.catalog import build_catalog, build_catalog_and

from conftest import require


@pytest.fixture(autouse=True)
def _two_cores() -> None:
    require(forked.can_fork(), "os.fork and a second core")


def test_the_child_answers_and_its_failure_is_raised_here() -> None:
    """A forked function's result comes back pickled; when it fails, the work runs here and its own
    exception is raised, with a traceback of this process."""
    pending = forked.start(os.getpid, forked.WORTH_FORKING)
    assert pending.result() != os.getpid()
    assert forked.start(os.getpid, 1).result() == os.getpid()  # small work runs here, at once
    failing = forked.start(lambda: 1 / 0, forked.WORTH_FORKING)
    with pytest.raises(ZeroDivisionError):
        failing.result()


def test_a_child_leaves_what_it_inherits_out_of_its_collections() -> None:
    """A forked child freezes the heap it starts with (its collections would write to, and so copy,
    every page of the parent's objects); this process's collector is left as it was."""
    inherited = [[object()] for _ in range(1000)]  # tracked objects the child starts with
    before = gc.get_freeze_count()
    frozen_in_child = forked.start(gc.get_freeze_count, forked.WORTH_FORKING).result()
    assert frozen_in_child >= before + len(inherited)
    assert gc.get_freeze_count() == before


def test_a_child_that_dies_or_hangs_is_replaced_by_work_done_here() -> None:
    """A child killed by a signal, or silent past its time, costs time, not the result."""
    parent = os.getpid()

    def dies() -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return 7

    def hangs() -> int:
        if os.getpid() != parent:
            threading.Event().wait(120)
        return 8

    assert forked.start(dies, forked.WORTH_FORKING).result() == 7
    assert forked.start(hangs, forked.WORTH_FORKING, timeout=0.5).result() == 8


def test_shared_out_work_comes_back_whole_and_in_order() -> None:
    """Work shared out between this process and a child gives each item's result once, in the list's
    order, some made here and some there, and the child's extra value; a small list is worked here."""
    parent = os.getpid()

    def work(items: list[int]) -> list[tuple[int, bool]]:
        time.sleep(0.001 * len(items))  # long enough that both take a share
        return [(item * 2, os.getpid() == parent) for item in items]

    results, extra = forked.shared_out(work, list(range(500)), 100, also=os.getpid)
    assert [value for value, _ in results] == [item * 2 for item in range(500)]
    assert {here for _, here in results} == {True, False}
    assert extra not in (None, parent)
    assert forked.shared_out(work, list(range(50)), 100, also=os.getpid) == (
        [(i * 2, True) for i in range(50)],
        None,
    )
    many, _ = forked.shared_out(lambda items: items, list(range(50_000)), 100)  # more parts than a page holds
    assert many == list(range(50_000))


def test_shared_out_work_survives_a_child_that_dies() -> None:
    """When the child dies after taking parts, those parts are worked here: every result is there once."""
    parent = os.getpid()

    def work(items: list[int]) -> list[int]:
        if os.getpid() != parent and items[0] >= 100:
            os.kill(os.getpid(), signal.SIGKILL)  # once the child has done a part or more
        time.sleep(0.001 * len(items))
        return [item + 1 for item in items]

    results, extra = forked.shared_out(work, list(range(500)), 100, also=lambda: "there")
    assert results == [item + 1 for item in range(500)]
    assert extra == "there"  # worked here in the end, the extra value too


def test_no_fork_while_another_thread_runs() -> None:
    """With a second thread alive (it might hold a lock the child would wait on for ever), the work
    runs in this process."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forked.can_fork()
        assert forked.start(os.getpid, forked.WORTH_FORKING).result() == os.getpid()
    finally:
        stop.set()
        other.join()
    assert forked.start(os.getpid, forked.WORTH_FORKING).result() != os.getpid()


def test_no_fork_when_the_process_may_use_one_core() -> None:
    """A process allowed one core (``taskset``, a container's cpuset) does its work itself, even on
    a machine with more cores."""
    allowed = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {min(allowed)})
        assert not forked.can_fork()
        assert forked.start(os.getpid, forked.WORTH_FORKING).result() == os.getpid()
    finally:
        os.sched_setaffinity(0, allowed)
    assert forked.can_fork()


def test_catalog_rendered_on_two_cores_equals_one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every entry's HTML, LaTeX, text and page data are the same whichever process rendered it."""
    bib = parse_bib(synth.generate(400, 5))
    assert forked.will_fork(len(bib.entries), catalog.RENDER_THERE_FROM)  # 400 entries: two cores
    parallel = build_catalog(bib)
    monkeypatch.setattr(catalog, "RENDER_THERE_FROM", 10**9)
    serial = build_catalog(bib)
    assert [(e.key, e.html, e.latex, e.text, e.record) for e in parallel.entries] == [
        (e.key, e.html, e.latex, e.text, e.record) for e in serial.entries
    ]


def test_work_alongside_a_whole_render_runs_in_a_child(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work handed to the first, whole render of a large list runs in another process (while this
    one orders the entries); a rebuild that reuses rendered entries, or a small list, never runs it."""
    bib = parse_bib(synth.generate(400, 5))
    assert build_catalog_and(bib, alongside=os.getpid)[1] is None  # small: not worth a child
    monkeypatch.setattr(forked, "WORTH_FORKING", 10)
    catalog, pid = build_catalog_and(bib, alongside=os.getpid)
    assert pid is not None and pid != os.getpid()
    assert build_catalog_and(bib, catalog, alongside=os.getpid)[1] is None


def test_the_collector_pause_is_only_for_a_single_threaded_process() -> None:
    """Rendering pauses the cycle collector only when no other thread could need it, and leaves
    it as it found it."""

    assert gc.isenabled()
    with forked.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with forked.collector_paused():
            assert gc.isenabled()
    finally:
        stop.set()
        other.join()
    gc.disable()
    try:
        with forked.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_answer_is_unpickled_as_it_arrives() -> None:
    """Taking a child's answer costs about the answer's own memory: its pickled bytes are never held
    whole beside it (for a large list's rendered half, that was a hundred megabytes more)."""
    import tracemalloc

    size = 20 << 20
    pending = forked.start(lambda: [str(n) * 1000 for n in range(10, size // 2000)], forked.WORTH_FORKING)
    tracemalloc.start()
    try:
        answer = pending.result()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    held = sum(len(text) for text in answer)
    assert held > size // 3
    assert peak < 1.5 * held, (peak, held)


def test_a_child_finishes_its_answer_before_this_process_asks_for_it() -> None:
    """A child writes its whole answer and ends while this process still works (a file, not a pipe
    that holds 64 KB), so it never waits holding its answer."""
    answer = [str(n) * 40 for n in range(100_000)]  # about 20 MB pickled
    pending = forked.start(lambda: answer, forked.WORTH_FORKING)
    deadline = time.monotonic() + 60
    while _state(pending._pid) != "Z" and time.monotonic() < deadline:  # ended, not yet waited for
        time.sleep(0.05)
    assert _state(pending._pid) == "Z"
    assert pending.result() == answer


def _state(pid: int) -> str:
    """A process's state letter from /proc (Z: ended, not yet waited for)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
