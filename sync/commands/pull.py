"""``pull``: bring the bib up to date with the group (orchestration; the logic is in :mod:`sync.local.mirror`).

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
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import Entry

from ext.fileio import line_end, with_line_end, write_atomic
from ext.reader.bibfile import Bibliography, parse_bib
from ext.reader.bibtext import decode_bib, retired_keys
from sync.client.settings import Settings
from sync.client.zotero import DeleteLogExpired, StateAhead, ZoteroClient
from sync.errors import SyncError, TooManyRemovals, VersionMoved
from sync.local import mirror
from sync.local.bibwrite import render_file, retired_lines
from sync.local.lock import bib_lock
from sync.local.paths import real_bib, remove_leftovers
from sync.local.state import StateUnusable, SyncState, content, dump_state, load_state, save_state, state_path
from sync.mapping.children import by_parent

#: A pull may remove at most this share of the entries without ``--force``.
MAX_REMOVED_SHARE = 0.1
RESTARTS = 3


@dataclass
class PullOutcome:
    report: mirror.Report
    version: int
    fetched: int
    requests: int
    seconds: float
    changed: bool  #: the bib (or state) would change / did change
    written: bool
    unchanged_upstream: bool = False
    old_bib: Bibliography | None = None  #: the bib as it was before the pull (for the change report)
    new_text: str = ""  #: the bib as the pull writes (or would write) it


def header(settings: Settings, retired: dict[str, str] | None = None) -> str:
    text = (
        f"Mirror of the Zotero library {settings.library}, written by `python -m sync pull`.\n"
        "Edit the library in Zotero. Entries without a zoterokey field are local: pulls keep them\n"
        "as written, and `python -m sync push` uploads them."
    )
    listed = retired_lines(retired or {})
    return f"{text}\n\n{listed}" if listed else text


def _read_bib(path: Path) -> tuple[str, Bibliography]:
    text, problems = decode_bib(path.read_bytes(), str(path)) if path.exists() else ("", [])
    bib = parse_bib(text, str(path))
    bib.problems[:0] = problems
    if bib.problems:
        first = bib.problems[0]
        raise SyncError(f"{first}; fix {path} first, a pull would drop that entry")
    return text, bib


def _saved_state(path: Path, library: str, notes: list[str]) -> SyncState | None:
    try:
        return load_state(path, library)
    except StateUnusable as error:
        notes.append(f"the state file {path.name} is unusable: {error}; this pull reads the whole library")
        return None


def _fetch(client: ZoteroClient, state, progress, notes: list[str]) -> mirror.Changes | None:
    """The changes since the saved state (everything without one); ``None``: nothing changed."""
    try:
        return client.fetch_since(state.version, progress) if state else client.fetch_all(progress)
    except DeleteLogExpired:
        return client.fetch_all(progress)
    except StateAhead as error:
        notes.append(f"{error}, so the state file cannot be right; this pull read the whole library")
        return client.fetch_all(progress)


def _apply(
    client: ZoteroClient, settings: Settings, bib: tuple[str, Bibliography], state, changes: mirror.Changes
) -> mirror.Result:
    retired = retired_keys(bib[0])
    result = mirror.apply(bib[1], state, changes, settings.library, retired)
    if result.missing:  # mirrored items whose entries were deleted or edited in the bib by hand
        changes.items += client.fetch_items(result.missing, changes.version)
        result = mirror.apply(bib[1], state, changes, settings.library, retired)
    result.fetched = len(changes.items)
    return result


def _refuse_blanking(old: Bibliography, result: mirror.Result, force: bool) -> None:
    """Refuse, like a mass removal, a pull that would empty the titles of many entries (a server fault)."""
    titled = [key for key, entry in old.data.entries.items() if entry.fields.get("title", "").strip()]
    changed = {*result.report.updated, *(new for _, new in result.report.renamed)}
    blanked = [
        key
        for key in titled
        if key in changed
        and key in result.entries
        and not parse_bib(result.entries[key])
        .data.entries.get(key, _NO_ENTRY)
        .fields.get("title", "")
        .strip()
    ]
    if len(blanked) > MAX_REMOVED_SHARE * max(len(titled), 1) and len(blanked) > 1 and not force:
        raise TooManyRemovals(
            f"the pull would empty the titles of {len(blanked)} of {len(titled)} entries (e.g. {blanked[0]}); "
            "the library or the server answered wrongly, or pass --force if that is intended"
        )


_NO_ENTRY = Entry("misc")


def pull(
    settings: Settings,
    client: ZoteroClient,
    *,
    full: bool = False,
    notes: bool = False,
    dry_run: bool = False,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> PullOutcome:
    """Mirror the group into ``settings.bib`` (nothing is written with *dry_run*).

    With *notes* the whole library is read, child notes and attachments too (:mod:`sync.mapping.children`).
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
            reading = reader.submit(_read_bib, bib_path)  # parsed while the first request is on the wire
            for attempt in range(RESTARTS):
                try:
                    changes = _fetch(client, state, progress, warned)
                    if notes and changes is not None:
                        changes.children = by_parent(client.fetch_children())
                    upstream_same = changes is None  # one request answered 304
                    if changes is None:  # still check the bib against the state: hand edits are restored
                        assert state is not None  # only a pull from a saved state asks "changed since?"
                        changes = mirror.Changes(state.version, [])
                    bib = reading.result()
                    result = _apply(client, settings, bib, state, changes)
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
        _refuse_blanking(bib_data, result, force)
        bib_entries = len(bib_data.data.entries)
        removed = len(result.report.removed)
        if removed > MAX_REMOVED_SHARE * max(bib_entries, 1) and removed > 1 and not force:
            raise TooManyRemovals(
                f"the pull would remove {removed} of {bib_entries} entries "
                f"(more than a tenth); check --group, or pass --force if that is intended"
            )
        new_text = render_file(header(settings, result.state.retired), result.entries, bib_data.directives)
        new_text = with_line_end(new_text, line_end(old_text))  # a bib checked out with CRLF stays so
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
            save_state(saved_state, result.state)
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
