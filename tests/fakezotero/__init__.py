"""A local fake of the Zotero Web API v3 (group libraries) for tests that go through pyzotero over HTTP.

Start it, point pyzotero at it, set up data without HTTP, then assert on the request log::

    with FakeZotero(keys={"abc123": {"groups": {123: "write"}}}) as server:
        lib = server.add_group(123, name="Sparsity")          # public=True allows anonymous reads
        key = lib.add_item({"itemType": "book", "title": "T"})  # validated like a POST; returns the key
        zot = Zotero(123, "group", "abc123", client=httpx2.Client(trust_env=False, timeout=10))
        zot.endpoint = server.url
        zot.everything(zot.top())
        assert server.requests[-1].status == 200

Library set-up (``server.group(123)``): ``add_item(data, key=None)``, ``update_item(key, **fields)``,
``trash_item(key)``, ``delete_item(key)``, ``add_collection(name, parent=None)``,
``rename_collection(key, name, parent=None)``, ``delete_collection(key)``, ``bump_version(by=1)``; read ``version``, ``items``, ``collections``,
``delete_log``. Timestamps come from a per-library clock that starts at 2024-01-01T00:00:00Z and
advances one second per reading, and keys from a generator seeded by the group id, so the same
set-up always yields the same data.

Faults (``server.inject(...)`` → ``Fault``): ``status=429, retry_after=1``; ``status=500, after=2``
(the third matching request); ``query={"start": "200"}``; ``backoff=2`` (``Backoff`` header on the
next successful responses); ``delay=0.5``; ``drop=True`` (connection closed, no response);
``before=callable(record)`` (e.g. edit the library mid-pull); ``times=None`` for every match.
``server.latency`` adds a delay to every request. ``server.requests`` lists ``RequestRecord``s
(method, path, query, lower-case headers, body, status); ``server.requests.clear()`` resets it.

Run standalone: ``python -m tests.fakezotero --port 0 --group 123 --key KEY``.
"""

from .errors import ItemError
from .faults import Fault, RequestRecord
from .library import Item, Library
from .server import FakeZotero

__all__ = ["FakeZotero", "Fault", "Item", "ItemError", "Library", "RequestRecord"]
