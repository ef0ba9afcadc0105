"""The sync state, stored next to the bib (``sparsity.bib`` → ``sparsity.zotero.json``).

It records which library was mirrored, the library version that every entry
of the bib reflects, each item's version and citation key, and the keys
retired when their items were deleted or renamed (never given out again).
It is committed with the bib; deleting it only costs a full pull, which
writes the same file again. The API key is never stored here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ext.fileio import write_atomic

FORMAT = 1


@dataclass
class ItemState:
    version: int
    key: str  #: citation key


@dataclass
class SyncState:
    library: str  #: "groups/123"
    version: int = 0
    items: dict[str, ItemState] = field(default_factory=dict)  #: Zotero item key → state
    retired: set[str] = field(default_factory=set)  #: citation keys never to reuse

    def key_owner(self) -> dict[str, str]:
        """Lower-cased citation key → Zotero item key."""
        return {state.key.lower(): item for item, state in self.items.items()}


def state_path(bib: Path) -> Path:
    return bib.with_suffix(".zotero.json")


def load_state(path: Path, library: str) -> SyncState | None:
    """The saved state for *library*, or ``None`` (missing, other library, other format)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if raw.get("format") != FORMAT or raw.get("library") != library:
        return None
    items = {key: ItemState(int(value["version"]), str(value["key"])) for key, value in raw["items"].items()}
    return SyncState(library, int(raw["version"]), items, set(raw.get("retired", [])))


def dump_state(state: SyncState) -> str:
    data = {
        "format": FORMAT,
        "library": state.library,
        "version": state.version,
        "items": {key: {"key": item.key, "version": item.version} for key, item in sorted(state.items.items())},
        "retired": sorted(state.retired, key=str.casefold),
    }
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def save_state(path: Path, state: SyncState) -> None:
    write_atomic(path, dump_state(state))
