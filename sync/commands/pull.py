"""``pull``: bring the bib up to date with the group (orchestration; the logic is in :mod:`sync.local.mirror`,
the BibTeX side in :mod:`sync.commands.pullbib`).

Order of writes: the bib first, then the state. A pull that dies in between
leaves the old state, so the next pull fetches the same changes again and
writes the same file: no version is ever saved whose items were not written.

A pull that changes no entry writes nothing, even when the library version
moved (child notes, annotations, collections, writes that change nothing all
advance it): the sync would otherwise commit a new state, and open a pull
request, with no change to the list. The state then keeps the older version,
so the next pull asks again what changed since it; only top-level items are
asked for, so that costs one more request (the deleted items), plus the items
whose entries did not change (an item moved to a collection), until a real
change moves the state on.

A pull that finds the library unchanged (one request) while the bib and the
state are exactly as the last pull left them (:func:`sync.local.state.untouched`)
has nothing to restore or rewrite: it neither parses the bib nor loads the
BibTeX half of the pull (:mod:`sync.commands.pullbib`), and repeats the problems
the state remembers. Every other pull loads that half, and parses the bib, in
the background while its first request is on the wire.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ext.fileio import write_atomic
from sync.client.settings import Settings
from sync.client.zotero import DeleteLogExpired, StateAhead, ZoteroClient
from sync.errors import SyncError, VersionMoved
from sync.local.changes import Changes, Report, item_warning, key_order
from sync.local.lock import bib_lock
from sync.local.paths import real_bib, remove_leftovers
from sync.local.state import (
    StateUnusable,
    SyncState,
    content,
    dump_state,
    load_state,
    save_state,
    state_path,
    untouched,
)

if TYPE_CHECKING:
    from ext.reader.bibfile import Bibliography

RESTARTS = 3


@dataclass
class PullOutcome:
    report: Report
    version: int
    fetched: int
    requests: int
    seconds: float
    changed: bool  #: the bib (or state) would change / did change
    written: bool
    unchanged_upstream: bool = False
    old_bib: Bibliography | None = None  #: the bib as it was before the pull (for the change report)
    new_text: str = ""  #: the bib as the pull writes (or would write) it


@dataclass
class _OldBib:
    raw: bytes | None  #: the bib's bytes (``None``: there is no bib yet)
    parsed: tuple[str, Bibliography] | None  #: its text and entries, ``None`` while not read


def _read(path: Path, state: SyncState | None, describe: bool) -> _OldBib:
    """The bib's bytes, and its entries unless it is as the last pull left it (then a pull that finds
    nothing new has nothing to compare). Runs while the first request is on the wire, so the BibTeX
    reader and the converter load meanwhile."""
    raw = path.read_bytes() if path.exists() else None
    if not describe and state is not None and raw is not None and untouched(raw, state):
        return _OldBib(raw, None)
    from sync.commands import pullbib

    return _OldBib(raw, pullbib.read_bib(raw, path))


def _standing(state: SyncState, library: str) -> Report:
    """The report of a pull that converts nothing: the problems of items still unfixed in Zotero
    (repeated by every pull, so ``--strict`` keeps failing), in the order the mirror says them."""
    kept = sorted(
        ((item, s) for item, s in state.items.items() if s.key and s.problem),
        key=lambda pair: key_order(pair[1].key),
    )
    skipped = [(item, s) for item, s in state.items.items() if not s.key]
    return Report(
        warnings=[item_warning(library, item, s.key or "no key", s.problem) for item, s in [*kept, *skipped]]
    )


def _saved_state(path: Path, library: str, notes: list[str]) -> SyncState | None:
    try:
        return load_state(path, library)
    except StateUnusable as error:
        notes.append(f"the state file {path.name} is unusable: {error}; this pull reads the whole library")
        return None


def _fetch(client: ZoteroClient, state, progress, notes: list[str]) -> Changes | None:
    """The changes since the saved state (everything without one); ``None``: nothing changed."""
    try:
        return client.fetch_since(state.version, progress) if state else client.fetch_all(progress)
    except DeleteLogExpired:
        return client.fetch_all(progress)
    except StateAhead as error:
        notes.append(f"{error}, so the state file cannot be right; this pull read the whole library")
        return client.fetch_all(progress)


def _unchanged(
    state: SyncState, settings: Settings, client: ZoteroClient, old: _OldBib, started: float
) -> PullOutcome:
    """The outcome of a pull that found nothing new upstream and the files as the last pull left them."""
    return PullOutcome(
        _standing(state, settings.library),
        state.version,
        0,
        client.requests,
        time.monotonic() - started,
        False,
        False,
        unchanged_upstream=True,
        new_text=(old.raw or b"").decode("utf-8"),
    )


def pull(
    settings: Settings,
    client: ZoteroClient,
    *,
    full: bool = False,
    notes: bool = False,
    dry_run: bool = False,
    force: bool = False,
    describe: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> PullOutcome:
    """Mirror the group into ``settings.bib`` (nothing is written with *dry_run*).

    With *notes* the whole library is read, child notes and attachments too (:mod:`sync.mapping.children`).
    With *describe* (or *dry_run*) the caller lists the bib's entries (``--report``, ``--dry-run``),
    so the bib is read even when nothing changed.
    """
    started = time.monotonic()
    bib_path = real_bib(settings.bib)
    saved_state = state_path(bib_path)
    with bib_lock(bib_path):
        remove_leftovers(bib_path, saved_state)
        warned: list[str] = []  #: warnings of this pull that come before the mirror's own
        fresh = full or notes or not bib_path.exists()
        state = None if fresh else _saved_state(saved_state, settings.library, warned)
        with ThreadPoolExecutor(max_workers=1) as reader:
            reading = reader.submit(_read, bib_path, state, describe or dry_run)
            for attempt in range(RESTARTS):
                try:
                    changes = _fetch(client, state, progress, warned)
                    children = client.fetch_children() if notes and changes is not None else None
                    old = reading.result()
                    if changes is None and old.parsed is None:  # and so nothing to restore or rewrite
                        assert state is not None  # only a pull from a saved state asks "changed since?"
                        return _unchanged(state, settings, client, old, started)
                    from sync.commands import pullbib  # loaded by the reader already, unless it found no work

                    bib = old.parsed or pullbib.read_bib(old.raw, bib_path)
                    upstream_same = changes is None  # one request: nothing changed upstream
                    if changes is None:  # still check the bib against the state: hand edits are restored
                        assert state is not None
                        changes = Changes(state.version, [])
                    result = pullbib.apply(client, settings, bib, state, changes, children)
                    break
                except VersionMoved:
                    time.sleep(0.5 * (attempt + 1))
            else:
                raise SyncError(
                    f"{settings.library} kept changing during the pull ({RESTARTS} tries); "
                    "try again when the curators are done editing"
                )
        old_text, bib_data = bib
        result.report.warnings[:0] = warned
        pullbib.refuse_losses(bib_data, result, force)
        new_text = pullbib.render(settings, result, bib)
        state_text = saved_state.read_text(encoding="utf-8") if saved_state.exists() else ""
        changed = new_text != old_text or content(dump_state(result.state)) != content(state_text)
        if upstream_same and not changed:
            return PullOutcome(
                result.report,
                result.state.version,
                0,
                client.requests,
                time.monotonic() - started,
                False,
                False,
                unchanged_upstream=True,
                old_bib=bib_data,
                new_text=new_text,
            )
        if changed and not dry_run:
            if new_text != old_text:
                write_atomic(bib_path, new_text)
            save_state(saved_state, result.state, new_text)
        return PullOutcome(
            result.report,
            result.state.version,
            result.fetched,
            client.requests,
            time.monotonic() - started,
            changed,
            changed and not dry_run,
            old_bib=bib_data,
            new_text=new_text,
        )
