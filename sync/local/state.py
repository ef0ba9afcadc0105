"""The sync state, stored next to the bib (``sparsity.bib`` → ``sparsity.zotero.json``).

It records which library was mirrored, the library version that every entry
of the bib reflects, each item's version, citation key and a digest of its
entry text (so an entry edited or deleted by hand is noticed and restored),
and the keys retired when their items were deleted or renamed, with the item
that held each (never given to another item; a restored item gets its key
back). It is committed with the bib; deleting it only costs a full pull,
which writes the same file again (the bib's header lists the retired keys
too). The API key is never stored here.

It also records a fingerprint of the bib and of itself as the pull that saved
them wrote them (:func:`fingerprint`): when the library has not changed and
both files are still exactly so (:func:`untouched`), a pull has nothing to
restore or rewrite, and need not read the bib at all. Any edit, by hand or by
another command, only makes the next pull read and compare the bib as usual.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from ext.fileio import write_atomic
from sync.local.changes import key_order

FORMAT = 2
READABLE_FORMATS = (1, 2)  #: format 1 had no digests and no owners of retired keys


def digest(entry_text: str) -> str:
    """A short fingerprint of one entry as written in the bib."""
    return hashlib.sha256(entry_text.strip().encode("utf-8")).hexdigest()[:16]


@dataclass
class ItemState:
    version: int
    key: str  #: citation key
    digest: str = ""  #: :func:`digest` of the entry text written for it ("" = unknown)
    problem: str = ""  #: why the item could not be mirrored as it is (repeated by every pull until fixed)


@dataclass
class SyncState:
    library: str  #: "groups/123"
    version: int = 0
    items: dict[str, ItemState] = field(default_factory=dict)  #: Zotero item key → state
    retired: dict[str, str] = field(default_factory=dict)  #: retired citation key → item that held it ("")
    written: str = ""  #: :func:`fingerprint` of the bib and this state as saved ("" = unknown)


def state_path(bib: Path) -> Path:
    return bib.with_suffix(".zotero.json")


class StateUnusable(Exception):
    """The state file exists but cannot be trusted; a full pull replaces it."""


def load_state(path: Path, library: str) -> SyncState | None:
    """The saved state for *library*; ``None`` when there is none for it (missing, other library).

    A state file that is not what :func:`dump_state` writes (damaged, edited,
    implausible versions) raises :class:`StateUnusable` with the reason.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise StateUnusable(f"it cannot be read ({error})") from None
    try:
        raw = json.loads(text)
        if raw.get("format") not in READABLE_FORMATS or raw.get("library") != library:
            return None
        version = _count(raw["version"])
        items = {
            str(key): ItemState(
                _count(value["version"]),
                str(value["key"]),
                str(value.get("digest", "")),
                str(value.get("problem", "")),
            )
            for key, value in raw["items"].items()
        }
        retired = raw.get("retired", {})
        if isinstance(retired, list):
            retired = dict.fromkeys(retired, "")
        retired = {str(k): str(v) for k, v in retired.items()}
        written = str(raw.get("written", ""))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise StateUnusable(f"it is damaged ({type(error).__name__}: {error})") from None
    newest = max((item.version for item in items.values()), default=0)
    if newest > version:
        raise StateUnusable(f"an item is at version {newest}, after the library version {version} it records")
    return SyncState(library, version, items, retired, written)


def _count(value: object) -> int:
    """A version number as the state stores it: a non-negative integer."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{value!r} is not a version number")
    return value


def _data(state: SyncState) -> dict:
    """What the state file holds, but its fingerprint."""
    return {
        "format": FORMAT,
        "library": state.library,
        "version": state.version,
        "items": {
            key: {"key": item.key, "version": item.version, "digest": item.digest}
            | ({"problem": item.problem} if item.problem else {})
            for key, item in sorted(state.items.items())
        },
        "retired": {key: state.retired[key] for key in sorted(state.retired, key=key_order)},
    }


def dump_state(state: SyncState) -> str:
    data = _data(state) | ({"written": state.written} if state.written else {})
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def fingerprint(bib: bytes, state: SyncState) -> str:
    """A fingerprint of the bib's bytes and of the state's content (its own fingerprint aside)."""
    content = json.dumps(_data(state), ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(b"%d\0%s\0%s" % (len(bib), bib, content)).hexdigest()


def untouched(bib: bytes, state: SyncState) -> bool:
    """Whether the bib (its bytes) and *state* are exactly as the pull that saved the state left them."""
    return bool(state.written) and state.written == fingerprint(bib, state)


def content(text: str) -> object:
    """A state file's content without its version numbers and fingerprint, ``None`` if it is no JSON object.

    The library version moves for writes that change no entry (child notes,
    annotations, collections, and writes that change nothing); a state that
    differs only there is not worth a commit (see :func:`sync.commands.pull.pull`).
    """
    try:
        raw = json.loads(text)
    except ValueError:
        return None
    if not isinstance(raw, dict):
        return None
    raw.pop("version", None)
    raw.pop("written", None)  # a bib edited since (a contributed entry) is no reason to commit the state
    for item in (raw.get("items") or {}).values():
        if isinstance(item, dict):
            item.pop("version", None)
    return raw


def save_state(path: Path, state: SyncState, bib: str) -> None:
    """Write *state*, fingerprinted with the text of the *bib* just written with it."""
    write_atomic(path, dump_state(replace(state, written=fingerprint(bib.encode("utf-8"), state))))
