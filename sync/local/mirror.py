"""Apply what changed in Zotero to the bib (pure: data in, data out).

The bib holds two kinds of entries. *Mirrored* entries carry a ``zoterokey``
field and belong to a Zotero item; *local* entries have none (a contributor's
pull request, say) and are kept exactly as written until an item pinning the
same citation key arrives, which then replaces them (that is how ``push``
migrates them). Unchanged mirrored entries are copied from the old bib text,
so an incremental pull only converts the items that changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ext.reader.bibfile import Bibliography
from sync.local import bibwrite
from sync.local.changes import Changes, Report, item_warning
from sync.local.state import ItemState, SyncState, digest
from sync.mapping import citekeys, topics
from sync.mapping.convert import Converted, convert_item, is_entry


class _Unencodable(ValueError):
    """An item holds text no file can store (see :func:`unencodable_field`)."""


def _encodable(data: Any) -> bool:
    """Whether all the text of item *data* can be stored, found at once for the usual item (the JSON
    encoder copies text as it is, so a lone surrogate fails the encoding of the whole)."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError):  # UnicodeEncodeError, or data JSON cannot hold: look closer
        return False
    return True


def _converted(item: dict, children: list[dict] | None = None) -> Converted:
    """:func:`convert_item`, refusing first an item holding text no file can store."""
    data = item.get("data", item)
    broken = None if _encodable(data) else unencodable_field(data)
    if broken:
        raise _Unencodable(f"its field {broken} holds text that is not valid Unicode (a lone surrogate)")
    return convert_item(item, children)


def _unconvertible(error: Exception, kept: str) -> str:
    """The warning for an item that could not be converted, and what became of its entry."""
    if isinstance(error, _Unencodable):
        return f"{error}, so its entry was {kept}; fix: retype that field in Zotero"
    return (
        f"could not be converted ({type(error).__name__}: {error}), so its entry was {kept}; "
        "fix: check its fields in Zotero, and report this as a bug"
    )


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


@dataclass
class _Known:
    """What the bib and the state know before the changes, and how the changes sort against it."""

    mirrored: dict[str, str]  #: item key → citation key of every mirrored item
    owned: set[str]  #: lowercased citation keys of the mirrored items
    local: dict[str, str]  #: citation key → text of the entries no item owns
    fetched: dict[str, dict]  #: item key → item, every item the changes carry
    changed: dict[str, dict]  #: the fetched items that become entries
    gone: set[str]  #: mirrored items whose entry goes (deleted, trashed, or no longer an entry)


def _classify(bib: Bibliography, state: SyncState, changes: Changes) -> _Known:
    """Sort the changed items against what the bib and the state mirror."""
    mirrored = {**_zoterokeys(bib), **{item: s.key for item, s in state.items.items() if s.key}}
    owned = {key.lower() for key in mirrored.values()}
    local = {key: bib.sources[key] for key in bib.data.entries if key.lower() not in owned}
    fetched = {item["key"]: item for item in changes.items}
    changed = {key: item for key, item in fetched.items() if is_entry(item)}
    if changes.full:
        gone = set(mirrored) - set(changed)
    else:
        gone = (set(changes.deleted) | (set(fetched) - set(changed))) & set(mirrored)
    return _Known(mirrored, owned, local, fetched, changed, gone)


@dataclass
class _Run:
    """One :func:`apply`: its inputs, and the entries, state and report it builds."""

    bib: Bibliography
    state: SyncState
    changes: Changes
    library: str
    known: _Known
    new_state: SyncState
    report: Report = field(default_factory=Report)
    entries: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def warn(self, item_key: str, key: str, problem: str) -> None:
        self.report.warnings.append(item_warning(self.library, item_key, key, problem))

    def keep_unchanged(self) -> None:
        """Copy the entries of unchanged items; an entry deleted or edited by hand is fetched again."""
        for item, key in self.known.mirrored.items():
            if item in self.known.gone or item in self.known.changed:
                continue
            old = self.state.items.get(item)
            written = digest(self.bib.sources[key]) if key in self.bib.sources else None
            if written is not None and (old is None or old.digest in ("", written)):
                self.entries[key] = self.bib.sources[key]
                problem = old.problem if old else ""
                self.new_state.items[item] = ItemState(old.version if old else 0, key, written, problem)
                if problem:  # still unfixed in Zotero: said again on every pull, so --strict keeps failing
                    self.warn(item, key, problem)
            else:
                self.missing.append(item)

    def keep_skipped(self) -> None:
        """Items never mirrored (they could not be converted) stay reported until they change."""
        changes = self.changes
        for item, old in self.state.items.items():
            if (
                not old.key
                and item not in self.known.fetched
                and item not in changes.deleted
                and not changes.full
            ):
                self.new_state.items[item] = old
                self.warn(item, "no key", old.problem)

    def remove_gone(self) -> None:
        """Entries of gone items are removed and their keys retired (never issued again)."""
        mirrored = self.known.mirrored
        for item in sorted(self.known.gone, key=lambda i: mirrored[i].lower()):
            self.report.removed.append(mirrored[item])
            self.new_state.retired[mirrored[item]] = item

    def adopt_pinned(self, pins: dict[str, str]) -> None:
        """A pin naming a local entry's key takes that entry over; one naming a retired key is warned about."""
        local_by_lower = {key.lower(): key for key in self.known.local}
        retired_by_lower = {key.lower(): item for key, item in self.new_state.retired.items()}
        for item_key, pin in sorted(pins.items()):
            adopted = local_by_lower.get(pin.lower())
            if adopted is not None:
                del self.known.local[adopted]
                self.report.adopted.append(pin)
            earlier = retired_by_lower.get(pin.lower())
            if earlier and earlier != item_key:
                self.report.warnings.append(
                    f"item {item_key} pins {pin!r}, the key of the deleted item {earlier}; "
                    "citations of that key now point at this item"
                )

    def taken(self, pinned: set[str]) -> set[str]:
        """Lowercased citation keys a new item must not get."""
        return (
            {key.lower() for key in self.entries}
            | {key.lower() for key in self.known.local}
            | self.known.owned
            | pinned
            | {key.lower() for key in self.new_state.retired}
        )

    def keep_failed(self, item_key: str, old_key: str | None, error: Exception) -> None:
        """An item that could not be converted keeps its old entry, or is remembered without a key."""
        problem = _unconvertible(error, "kept as it was" if old_key in self.bib.sources else "skipped")
        self.warn(item_key, old_key or "no key", problem)
        old = self.state.items.get(item_key)
        if old_key in self.bib.sources:
            self.entries[old_key] = self.bib.sources[old_key]
            self.new_state.items[item_key] = ItemState(
                old.version if old else 0, old_key, digest(self.bib.sources[old_key]), problem
            )
        else:  # remembered without a key, so that later pulls repeat the warning
            version = int(self.known.changed[item_key].get("version", 0))
            self.new_state.items[item_key] = ItemState(version, "", "", problem)

    def record(self, item_key: str, old_key: str | None, cite_key: str, text: str) -> None:
        """The converted entry, and whether it is added, renamed or updated."""
        if old_key is None:
            if cite_key not in self.report.adopted:  # a local entry taken over is not a new entry of the list
                self.report.added.append(cite_key)
        elif old_key != cite_key:
            self.report.renamed.append((old_key, cite_key))
            self.new_state.retired[old_key] = item_key
        elif self.bib.sources.get(cite_key, "").strip() != text:
            self.report.updated.append(cite_key)
        self.entries[cite_key] = text

    def convert(self, item_key: str, cite_key: str | None, problems: list[str], taken: set[str]) -> None:
        """Convert one changed item into its entry; one item's surprise never costs the others their mirror."""
        item = self.known.changed[item_key]
        old_key = self.known.mirrored.get(item_key)
        children = self.changes.children
        kids = children.get(item_key, []) if children is not None else None
        try:
            converted = _converted(item, kids)
            if cite_key is None:
                cite_key = citekeys.first_free(
                    citekeys.base_key(item.get("data", item), converted.fields.get("year")), taken
                )
            text = bibwrite.render_entry(
                converted.entry_type,
                cite_key,
                {
                    **converted.fields,
                    **topics.field_for(item, self.changes.collections),
                    "zoterokey": item_key,
                },
            )
        except Exception as error:
            self.keep_failed(item_key, old_key, error)
            return
        taken.add(cite_key.lower())
        problems = problems + converted.warnings
        if problems:
            self.warn(item_key, cite_key, "; ".join(problems))
        self.report.dropped.update(converted.dropped)
        if kids is None:
            self.report.children_left_out += int(item.get("meta", {}).get("numChildren") or 0)
        self.record(item_key, old_key, cite_key, text)
        self.new_state.items[item_key] = ItemState(
            int(item.get("version", 0)), cite_key, digest(text), "; ".join(problems)
        )

    def convert_changed(self) -> None:
        """Convert the changed items: pinned ones first, then known ones, then new ones in the order added."""
        known = self.known
        pins, pin_problems = _pinned(
            known.changed, {i: k for i, k in known.mirrored.items() if i not in known.gone}
        )
        self.adopt_pinned(pins)
        pinned = {pin.lower() for pin in pins.values()}
        returning = {
            item: key for key, item in self.new_state.retired.items() if item and key.lower() not in pinned
        }
        taken = self.taken(pinned)
        order = sorted(
            known.changed,
            key=lambda i: (
                i not in pins,
                i not in known.mirrored,
                known.changed[i].get("data", {}).get("dateAdded", ""),
                i,
            ),
        )
        for item_key in order:
            cite_key = (
                pins.get(item_key) or known.mirrored.get(item_key) or returning.get(item_key)
            )  # a restored item gets its key back
            problems = [pin_problems[item_key]] if item_key in pin_problems else []
            self.convert(item_key, cite_key, problems, taken)

    def result(self) -> Result:
        """Keys still in use leave the retired list; local entries are kept as written."""
        in_use = {key.lower() for key in self.entries}
        self.new_state.retired = {
            key: item for key, item in self.new_state.retired.items() if key.lower() not in in_use
        }
        self.report.local = sorted(self.known.local, key=str.casefold)
        self.entries.update(self.known.local)
        return Result(self.entries, self.new_state, self.report, self.missing)


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
    new_state = SyncState(library, changes.version, {}, {**(retired or {}), **state.retired})
    run = _Run(bib, state, changes, library, _classify(bib, state, changes), new_state)
    run.keep_unchanged()
    run.keep_skipped()
    run.remove_gone()
    run.convert_changed()
    return run.result()


def unencodable_field(data: Any, path: str = "") -> str | None:
    """The first field of item *data* holding text that is not valid Unicode (a lone surrogate), or ``None``.

    JSON may escape half of a surrogate pair (``"\\ud800"``); Python decodes it into a
    string no file can hold. Such an item is a fault of the server or of a client,
    and must cost that item, not the pull: the mirror skips it and names the field.
    """
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            return path or "a value"
        return None
    if isinstance(data, dict):
        children = []
        for name, value in data.items():
            label = str(name).encode("utf-8", "backslashreplace").decode("utf-8")  # printable even if broken
            label = f"{path}.{label}" if path else label
            children += [(label, value), (label, str(name))]  # the name itself may be broken too
    elif isinstance(data, list):
        children = [(f"{path}[{index}]", value) for index, value in enumerate(data)]
    else:
        return None
    return next((found for label, value in children if (found := unencodable_field(value, label))), None)
