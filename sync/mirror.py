"""Apply what changed in Zotero to the bib (pure: data in, data out).

The bib holds two kinds of entries. *Mirrored* entries carry a ``zoterokey``
field and belong to a Zotero item; *local* entries have none (a contributor's
pull request, say) and are kept exactly as written until an item pinning the
same citation key arrives, which then replaces them (that is how ``push``
migrates them). Unchanged mirrored entries are copied from the old bib text,
so an incremental pull only converts the items that changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ext.bibfile import Bibliography

from . import bibwrite, citekeys, topics
from .convert import convert_item, is_entry
from .state import ItemState, SyncState, digest


@dataclass
class Changes:
    """What the library says changed since the saved version."""

    version: int  #: library version all of this reflects
    items: list[dict]  #: changed items (full JSON), trashed and child items included
    deleted: list[str] = field(default_factory=list)  #: item keys deleted for good
    full: bool = False  #: ``items`` is the complete set of live top-level items
    collections: dict[str, str] = field(default_factory=dict)  #: collection key → path (sync.topics)


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

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.renamed or self.adopted)


@dataclass
class Result:
    entries: dict[str, str]  #: citation key → entry text
    state: SyncState
    report: Report
    missing: list[str] = field(default_factory=list)  #: mirrored items whose entry is gone from the bib
    fetched: int = 0  #: items read from Zotero for this result


def _zoterokeys(bib: Bibliography) -> dict[str, str]:
    """Zotero item key → citation key, read from the ``zoterokey`` fields of the bib."""
    found = {}
    for key, entry in bib.data.entries.items():
        item = entry.fields.get("zoterokey", "").strip()
        if item:
            found[item] = key
    return found


def _warning(library: str, item_key: str, key: str, problem: str) -> str:
    """One line naming the item, its citation key and its Zotero link, then the problem and its fix."""
    return f"item {item_key} ({key}, {item_link(library, item_key)}): {problem}"


def item_link(library: str, item_key: str) -> str:
    """The item's page in Zotero's web library, where a curator fixes it."""
    return f"https://www.zotero.org/{library}/items/{item_key}"


def _pinned(changed: dict[str, dict], holders: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Item key → usable pinned citation key, and item key → why its pin is ignored.

    *holders* maps each live item to the key it holds now. A pin BibTeX cannot
    use, a second item pinning the same key, or a pin naming a key another item
    keeps, is ignored (the item keeps its key, or gets a new one) and reported.
    """
    pins: dict[str, str] = {}
    problems: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for item_key, item in sorted(changed.items()):
        pin = citekeys.pinned_key(item.get("data", item))
        if pin is None:
            continue
        if not citekeys.valid_key(pin):
            problems[item_key] = (
                f"pinned citation key {pin!r} cannot be used in BibTeX, so it is ignored; "
                "fix: change the Citation Key in Zotero to letters, digits and - _ : . + / only"
            )
            continue
        other = by_key.get(pin.lower())
        if other is not None:
            problems[item_key] = (
                f"item {other} already pins the citation key {pin!r}, so this pin is ignored; "
                "fix: change the Citation Key of one of them in Zotero"
            )
            continue
        pins[item_key] = pin
        by_key[pin.lower()] = item_key
    held = {key.lower(): item for item, key in holders.items()}
    for item_key, pin in sorted(pins.items()):
        other = held.get(pin.lower())
        if other is not None and other != item_key and pins.get(other, holders[other]).lower() == pin.lower():
            problems[item_key] = (
                f"pins the citation key {pin!r}, which item {other} already has, so the pin is ignored "
                "(keys never change once issued); fix: give this item another Citation Key in Zotero"
            )
    return {item: pin for item, pin in pins.items() if item not in problems}, problems


def apply(
    bib: Bibliography,
    state: SyncState | None,
    changes: Changes,
    library: str,
    retired: dict[str, str] | None = None,
) -> Result:
    """The new bib entries and state after *changes*.

    *retired* adds keys retired earlier (key → item that held it), as the bib's
    header lists them, for when the state file is gone.
    """
    state = state or SyncState(library)
    mirrored = {**_zoterokeys(bib), **{item: s.key for item, s in state.items.items() if s.key}}
    owned = {key.lower() for key in mirrored.values()}
    report = Report()
    local = {key: bib.sources[key] for key in bib.data.entries if key.lower() not in owned}

    fetched = {item["key"]: item for item in changes.items}
    changed = {key: item for key, item in fetched.items() if is_entry(item)}
    if changes.full:
        gone = set(mirrored) - set(changed)
    else:
        gone = (set(changes.deleted) | (set(fetched) - set(changed))) & set(mirrored)

    new_state = SyncState(library, changes.version, {}, {**(retired or {}), **state.retired})
    entries: dict[str, str] = {}
    missing = []
    for item, key in mirrored.items():
        if item in gone or item in changed:
            continue
        old = state.items.get(item)
        written = digest(bib.sources[key]) if key in bib.sources else None
        if written is not None and (old is None or old.digest in ("", written)):
            entries[key] = bib.sources[key]
            problem = old.problem if old else ""
            new_state.items[item] = ItemState(old.version if old else 0, key, written, problem)
            if problem:  # still unfixed in Zotero: said again on every pull, so --strict keeps failing
                report.warnings.append(_warning(library, item, key, problem))
        else:  # deleted or edited by hand: fetch the item again
            missing.append(item)
    for item, old in state.items.items():  # skipped (never mirrored) items: reported until they change
        if not old.key and item not in fetched and item not in changes.deleted and not changes.full:
            new_state.items[item] = old
            report.warnings.append(_warning(library, item, "no key", old.problem))
    for item in sorted(gone, key=lambda i: mirrored[i].lower()):
        report.removed.append(mirrored[item])
        new_state.retired[mirrored[item]] = item

    pins, pin_problems = _pinned(changed, {i: k for i, k in mirrored.items() if i not in gone})
    local_by_lower = {key.lower(): key for key in local}
    retired_by_lower = {key.lower(): item for key, item in new_state.retired.items()}
    for item_key, pin in sorted(pins.items()):
        adopted = local_by_lower.get(pin.lower())
        if adopted is not None:
            del local[adopted]
            report.adopted.append(pin)
        earlier = retired_by_lower.get(pin.lower())
        if earlier and earlier != item_key:
            report.warnings.append(
                f"item {item_key} pins {pin!r}, the key of the deleted item {earlier}; "
                "citations of that key now point at this item"
            )
    pinned = {pin.lower() for pin in pins.values()}
    returning = {item: key for key, item in new_state.retired.items() if item and key.lower() not in pinned}
    taken = (
        {key.lower() for key in entries}
        | {key.lower() for key in local}
        | owned
        | pinned
        | {key.lower() for key in new_state.retired}
    )
    order = sorted(
        changed,
        key=lambda i: (i not in pins, i not in mirrored, changed[i].get("data", {}).get("dateAdded", ""), i),
    )
    for item_key in order:
        fetched_item = changed[item_key]
        old_key = mirrored.get(item_key)
        cite_key = (
            pins.get(item_key) or old_key or returning.get(item_key)
        )  # a restored item gets its key back
        problems = [pin_problems[item_key]] if item_key in pin_problems else []
        try:
            converted = convert_item(fetched_item)
            if cite_key is None:
                cite_key = citekeys.first_free(
                    citekeys.base_key(fetched_item.get("data", fetched_item), converted.fields.get("year")),
                    taken,
                )
            text = bibwrite.render_entry(
                converted.entry_type,
                cite_key,
                {
                    **converted.fields,
                    **topics.field_for(fetched_item, changes.collections),
                    "zoterokey": item_key,
                },
            )
        except Exception as error:  # one item's surprise never costs the others their mirror
            problem = (
                f"could not be converted ({type(error).__name__}: {error}), so its entry was "
                + ("kept as it was" if old_key in bib.sources else "skipped")
                + "; fix: check its fields in Zotero, and report this as a bug"
            )
            report.warnings.append(_warning(library, item_key, old_key or "no key", problem))
            old = state.items.get(item_key)
            if old_key in bib.sources:
                entries[old_key] = bib.sources[old_key]
                new_state.items[item_key] = ItemState(
                    old.version if old else 0, old_key, digest(bib.sources[old_key]), problem
                )
            else:  # remembered without a key, so that later pulls repeat the warning
                new_state.items[item_key] = ItemState(int(fetched_item.get("version", 0)), "", "", problem)
            continue
        taken.add(cite_key.lower())
        problems += converted.warnings
        if problems:
            report.warnings.append(_warning(library, item_key, cite_key, "; ".join(problems)))
        report.dropped.update(converted.dropped)
        if old_key is None:
            if cite_key not in report.adopted:  # a local entry taken over is not a new entry of the list
                report.added.append(cite_key)
        elif old_key != cite_key:
            report.renamed.append((old_key, cite_key))
            new_state.retired[old_key] = item_key
        elif bib.sources.get(cite_key, "").strip() != text:
            report.updated.append(cite_key)
        entries[cite_key] = text
        new_state.items[item_key] = ItemState(
            int(fetched_item.get("version", 0)), cite_key, digest(text), "; ".join(problems)
        )
    in_use = {key.lower() for key in entries}
    new_state.retired = {key: item for key, item in new_state.retired.items() if key.lower() not in in_use}
    report.local = sorted(local, key=str.casefold)
    entries.update(local)
    return Result(entries, new_state, report, missing)
