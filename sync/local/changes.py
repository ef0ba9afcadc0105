"""What a pull passes around: the changes the library reports, the pull's report, how keys are ordered.

Data only, with no converter and no BibTeX behind it, so that the Zotero client
and a pull that finds nothing to do can use it without loading the mirror
(:mod:`sync.local.mirror`), which converts items.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Changes:
    """What the library says changed since the saved version."""

    version: int  #: library version all of this reflects
    items: list[dict]  #: changed items (full JSON), trashed and child items included
    deleted: list[str] = field(default_factory=list)  #: item keys deleted for good
    full: bool = False  #: ``items`` is the complete set of live top-level items
    children: dict[str, list[dict]] | None = None  #: parent key → child notes/attachments (``--notes``)
    collections: dict[str, str] = field(default_factory=dict)  #: collection key → path (sync.mapping.topics)


@dataclass
class Report:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    local: list[str] = field(default_factory=list)  #: entries only in the bib, kept
    adopted: list[str] = field(default_factory=list)  #: local entries now mirrored from Zotero
    warnings: list[str] = field(default_factory=list)  #: problems of items (``--strict`` fails on them)
    dropped: Counter[str] = field(default_factory=Counter)  #: "<type>.<field>" → items it was left out of
    children_left_out: int = 0  #: child notes and attachments of the converted items not written

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.renamed or self.adopted)


def key_order(key: str) -> tuple[str, str]:
    """How the mirror orders citation keys: case-insensitively, ties by case (so the order is total)."""
    return (key.casefold(), key)


def item_link(library: str, item_key: str) -> str:
    """The item's page in Zotero's web library, where a curator fixes it."""
    return f"https://www.zotero.org/{library}/items/{item_key}"


def item_warning(library: str, item_key: str, key: str, problem: str) -> str:
    """One line naming the item, its citation key and its Zotero link, then the problem and its fix."""
    return f"item {item_key} ({key}, {item_link(library, item_key)}): {problem}"
