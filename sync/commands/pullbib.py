"""The BibTeX half of ``pull``: the old bib read, the changes applied (:mod:`sync.local.mirror`),
the new text rendered and checked before anything is written.

Loaded only when there is something to compare or convert: a pull that finds
the library unchanged and the bib and state as the last pull left them
(:func:`sync.local.state.untouched`) imports neither the BibTeX reader nor the
converter nor the writer. When it is needed, :func:`sync.commands.pull.pull`
loads it in the background while the first request is on the wire.
"""

from __future__ import annotations

from pathlib import Path

from pybtex.database import Entry

from ext.fileio import line_end, with_line_end
from ext.reader.bibfile import Bibliography, parse_bib
from ext.reader.bibtext import decode_bib, retired_keys
from sync.client.settings import Settings
from sync.client.zotero import ZoteroClient
from sync.errors import SyncError, TooManyRemovals
from sync.local import mirror
from sync.local.bibwrite import render_file, retired_lines
from sync.local.changes import Changes
from sync.local.state import SyncState
from sync.mapping.children import by_parent

#: A pull may remove at most this share of the entries without ``--force``.
MAX_REMOVED_SHARE = 0.1


def header(settings: Settings, retired: dict[str, str] | None = None) -> str:
    text = (
        f"Mirror of the Zotero library {settings.library}, written by `python -m sync pull`.\n"
        "Edit the library in Zotero. Entries without a zoterokey field are local: pulls keep them\n"
        "as written, and `python -m sync push` uploads them."
    )
    listed = retired_lines(retired or {})
    return f"{text}\n\n{listed}" if listed else text


def read_bib(raw: bytes | None, path: Path) -> tuple[str, Bibliography]:
    """The text and entries of the bib *path* (its bytes *raw*, ``None`` if there is none yet);
    refused if a pull would drop one of its entries."""
    text, problems = decode_bib(raw, str(path)) if raw is not None else ("", [])
    bib = parse_bib(text, str(path))
    bib.problems[:0] = problems
    if bib.problems:
        first = bib.problems[0]
        raise SyncError(f"{first}; fix {path} first, a pull would drop that entry")
    return text, bib


def apply(
    client: ZoteroClient,
    settings: Settings,
    bib: tuple[str, Bibliography],
    state: SyncState | None,
    changes: Changes,
    children: list[dict] | None = None,
) -> mirror.Result:
    """The new entries and state; the items of entries deleted or edited by hand are fetched again."""
    if children is not None:
        changes.children = by_parent(children)
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


def refuse_losses(old: Bibliography, result: mirror.Result, force: bool) -> None:
    """Refuse (unless *force*) a pull that would remove, or empty the titles of, more than a tenth of the entries."""
    _refuse_blanking(old, result, force)
    entries = len(old.data.entries)
    removed = len(result.report.removed)
    if removed > MAX_REMOVED_SHARE * max(entries, 1) and removed > 1 and not force:
        raise TooManyRemovals(
            f"the pull would remove {removed} of {entries} entries "
            f"(more than a tenth); check --group, or pass --force if that is intended"
        )


def render(settings: Settings, result: mirror.Result, bib: tuple[str, Bibliography]) -> str:
    """The new bib text, with the line ends of the old one (a bib checked out with CRLF stays so)."""
    old_text, old = bib
    new_text = render_file(header(settings, result.state.retired), result.entries, old.directives)
    return with_line_end(new_text, line_end(old_text))
