"""One group library: items, collections, the library version, the trash and the delete log.

Everything that changes data goes through ``save``/``purge`` so that direct test set-up and HTTP
writes bump versions the same way: +1 per changed object, none for an unchanged one (a
multi-object POST still advances the library version for an unchanged object, see ``writes``).
"""

from __future__ import annotations

import copy
import itertools
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .errors import ItemError
from .itemdata import merge
from .schema import Schema
from .validate import is_key

KEY_ALPHABET = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class User:
    """A Zotero user as shown in ``meta.createdByUser``."""

    id: int
    username: str


@dataclass
class Item:
    """A stored item; ``data`` is normalised editable JSON (see ``itemdata``)."""

    key: str
    version: int
    seq: int
    data: dict[str, Any]
    date_added: str
    date_modified: str
    created_by: User
    modified_by: User

    @property
    def item_type(self) -> str:
        return self.data["itemType"]

    @property
    def parent(self) -> str | None:
        return self.data.get("parentItem")

    @property
    def trashed(self) -> bool:
        return bool(self.data.get("deleted"))


@dataclass
class Collection:
    """A stored collection (read-only over HTTP in this fake)."""

    key: str
    version: int
    seq: int
    name: str
    parent: str | None
    date_modified: str
    relations: dict[str, Any] = field(default_factory=dict)


class Clock:
    """Deterministic fake time: every reading is one second after the previous one."""

    def __init__(self, start: datetime = EPOCH) -> None:
        self._next = start

    def now(self) -> str:
        value = self._next
        self._next += timedelta(seconds=1)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")


class Library:
    """A group library. Hold ``lock`` to read several attributes consistently."""

    def __init__(self, group_id: int, name: str, *, public: bool, schema: Schema, owner: User) -> None:
        self.id = group_id
        self.name = name
        self.public = public
        self.schema = schema
        self.owner = owner
        self.lock = threading.RLock()
        self.version = 0
        self.group_version = 1
        self.items: dict[str, Item] = {}
        self.collections: dict[str, Collection] = {}
        self.delete_log: list[tuple[str, str, int]] = []
        self.clock = Clock()
        self.created = self.clock.now()
        self._seq = itertools.count(1)
        self._random = random.Random(group_id)

    def copy(self) -> Library:
        """An independent copy (items, logs, version, clock, key generator): build a fixture once, use it often."""
        with self.lock:
            twin = Library(self.id, self.name, public=self.public, schema=self.schema, owner=self.owner)
            twin.version, twin.group_version, twin.created = self.version, self.group_version, self.created
            twin.items = copy.deepcopy(self.items)
            twin.collections = copy.deepcopy(self.collections)
            twin.delete_log = list(self.delete_log)
            twin.clock = copy.deepcopy(self.clock)
            seq = max(
                [0, *(item.seq for item in self.items.values()), *(c.seq for c in self.collections.values())]
            )
            twin._seq = itertools.count(seq + 1)
            twin._random.setstate(self._random.getstate())
            return twin

    # Test set-up without HTTP.

    def add_item(self, data: dict[str, Any], *, key: str | None = None) -> str:
        """Create an item from editable JSON (validated like a POST); return its key."""
        with self.lock:
            if key is not None and key in self.items:
                raise ItemError(412, f"Item {key} already exists")
            return self.save(dict(data), key=key, partial=False, user=self.owner)[0].key

    def update_item(self, key: str, **fields: Any) -> None:
        """PATCH *key* with *fields* (e.g. ``title=...``, ``deleted=1``); no-op edits keep versions."""
        with self.lock:
            self._get(key)
            self.save(fields, key=key, partial=True, user=self.owner)

    def trash_item(self, key: str) -> None:
        """Move to the trash: ``deleted: 1`` and a new version; the item stays readable."""
        self.update_item(key, deleted=1)

    def delete_item(self, key: str) -> None:
        """Delete permanently (with children); the keys go to the delete log."""
        with self.lock:
            self._get(key)
            self.purge([key])

    def add_collection(self, name: str, *, parent: str | None = None) -> str:
        """Create a collection (optionally nested); return its key."""
        with self.lock:
            if parent is not None and parent not in self.collections:
                raise ItemError(409, f"Parent collection {parent} not found")
            key = self._new_key()
            self.collections[key] = Collection(
                key, self.bump_version(), next(self._seq), name, parent, self.clock.now()
            )
            return key

    def rename_collection(self, key: str, name: str, *, parent: str | None = None) -> None:
        """Rename (and, given *parent*, move) a collection as a PUT does: the collection and the
        library get a new version, its items keep theirs."""
        with self.lock:
            if key not in self.collections:
                raise KeyError(f"no collection {key} in group {self.id}")
            coll = self.collections[key]
            coll.name = name
            if parent is not None:
                coll.parent = parent or None
            coll.version = self.bump_version()
            coll.date_modified = self.clock.now()

    def delete_collection(self, key: str) -> None:
        """Delete a collection and its subcollections; items leave it without a version bump."""
        with self.lock:
            doomed = self._collection_tree(key)
            version = self.bump_version()
            for gone in doomed:
                del self.collections[gone]
                self.delete_log.append(("collections", gone, version))
            for item in self.items.values():
                item.data["collections"] = [c for c in item.data.get("collections", []) if c not in doomed]

    def bump_version(self, by: int = 1) -> int:
        """Advance the library version (also usable alone to simulate unseen writes)."""
        with self.lock:
            self.version += by
            return self.version

    # Primitives shared with the HTTP writes.

    def save(self, json_: dict[str, Any], *, key: str | None, partial: bool, user: User) -> tuple[Item, bool]:
        """Create or update one item; bump the version only if something changed."""
        with self.lock:
            if key is not None and not is_key(key):
                raise ItemError(400, f"'{key}' is not a valid item key")
            old = self.items.get(key) if key else None
            key = key or self._new_key()
            data = merge(
                self.schema, old.data if old else None, json_, partial=partial, key=key, exists=self._exists
            )
            if data.get("accessDate") == "CURRENT_TIMESTAMP":
                data["accessDate"] = self.clock.now()
            added = data.pop("dateAdded", None)
            modified = data.pop("dateModified", None)
            if old is None:
                now = self.clock.now()
                item = Item(key, 0, next(self._seq), data, added or now, modified or now, user, user)
                item.version = self.bump_version()
                self.items[key] = item
                # Re-creating a deleted key takes it out of the delete log (the dataserver's
                # model/Item.inc.php drops its syncDeleteLogKeys row; tests/remote/tests/3/item.test.js
                # "should preserve createdByUserID on undelete" re-creates a deleted key).
                self.delete_log = [e for e in self.delete_log if (e[0], e[1]) != ("items", key)]
                return item, True
            changed = {k for k in set(data) | set(old.data) if data.get(k) != old.data.get(k)}
            if added and added != old.date_added:
                changed.add("dateAdded")
            if modified and modified != old.date_modified:
                changed.add("dateModified")
            if not changed:
                return old, False
            old.data, old.modified_by = data, user
            old.date_added = added or old.date_added
            if modified and modified != old.date_modified:
                old.date_modified = modified
            elif not changed <= {"collections", "relations"}:
                old.date_modified = self.clock.now()
            old.version = self.bump_version()
            return old, True

    def purge(self, keys: list[str]) -> bool:
        """Delete *keys* and their children under one new version; log each deleted key."""
        with self.lock:
            doomed: list[str] = []
            for key in keys:
                self._descendants(key, doomed)
            if not doomed:
                return False
            version = self.bump_version()
            for key in doomed:
                del self.items[key]
                self.delete_log.append(("items", key, version))
            return True

    def children(self, key: str, *, include_trashed: bool = False) -> list[Item]:
        """Direct children (notes/attachments, or annotations of an attachment)."""
        return [i for i in self.items.values() if i.parent == key and (include_trashed or not i.trashed)]

    def top_of(self, item: Item) -> Item:
        """The top-level item an item belongs to (itself if it has no parent)."""
        while item.parent and item.parent in self.items:
            item = self.items[item.parent]
        return item

    def deleted_since(self, kind: str, since: int) -> list[str]:
        """Keys of *kind* ('items', 'collections', ...) deleted with a version above *since*."""
        return list(dict.fromkeys(k for t, k, v in self.delete_log if t == kind and v > since))

    def _get(self, key: str) -> Item:
        if key not in self.items:
            raise KeyError(f"no item {key} in group {self.id}")
        return self.items[key]

    def _exists(self, kind: str, key: str) -> bool:
        return key in (self.items if kind == "items" else self.collections)

    def _descendants(self, key: str, out: list[str]) -> None:
        if key in self.items and key not in out:
            out.append(key)
            for child in self.children(key, include_trashed=True):
                self._descendants(child.key, out)

    def _collection_tree(self, key: str) -> list[str]:
        if key not in self.collections:
            raise KeyError(f"no collection {key} in group {self.id}")
        tree = [key]
        for sub in [c.key for c in self.collections.values() if c.parent == key]:
            tree += self._collection_tree(sub)
        return tree

    def _new_key(self) -> str:
        """Random but reproducible (seeded by the group id) so fixtures give the same keys."""
        while True:
            key = "".join(self._random.choice(KEY_ALPHABET) for _ in range(8))
            if key not in self.items and key not in self.collections:
                return key
