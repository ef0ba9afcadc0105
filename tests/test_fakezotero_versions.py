"""The fake server's versions, limits and dates behave as the real Zotero server's own tests say (over HTTP)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pyzotero.zotero import Zotero
from test_fakezotero import GROUP, KEYS, client, preprint, raw

from fakezotero import FakeZotero, Library
from fakezotero.dates import parsed_date


@pytest.fixture
def server() -> Iterator[FakeZotero]:
    with FakeZotero(keys=KEYS) as fake:
        fake.add_group(GROUP, name="Sparsity")
        yield fake


@pytest.fixture
def lib(server: FakeZotero) -> Library:
    return server.group(GROUP)


@pytest.fixture
def zot(server: FakeZotero) -> Zotero:
    return client(server)


def test_a_multi_object_write_that_changes_nothing_advances_the_library_version(
    lib: Library, zot: Zotero
) -> None:
    """POSTing an item unchanged answers `unchanged`, keeps the item's version, advances the library's."""
    key = lib.add_item(preprint(1))
    item_version, library_version = lib.items[key].version, lib.version
    report = zot.create_items([zot.item(key)["data"]])  # POST /items: keyed, with its version
    assert report["unchanged"] == {"0": key}
    assert lib.items[key].version == item_version and lib.version == library_version + 1
    assert zot.item_versions(since=library_version) == {}  # no item changed: only the library moved


def test_a_single_object_patch_that_changes_nothing_keeps_the_library_version(
    lib: Library, zot: Zotero
) -> None:
    """PATCH /items/KEY with the same data changes no version (the server answers the original one)."""
    key = lib.add_item(preprint(1))
    before = lib.version
    assert zot.update_item(zot.item(key)["data"])
    assert lib.version == before


def test_child_notes_and_collection_edits_advance_the_library_version(lib: Library, zot: Zotero) -> None:
    """A child note and a renamed collection each advance the library version; no top item changes."""
    key = lib.add_item(preprint(1))
    before = lib.version
    zot.create_items([{"itemType": "note", "note": "<p>n</p>"}], parentid=key)
    collection = lib.add_collection("Pruning")
    lib.rename_collection(collection, "Sparsity")
    assert lib.version == before + 3
    assert set(zot.item_versions(since=before)) == {k for k in lib.items if k != key}


def test_recreating_a_deleted_key_takes_it_out_of_the_delete_log(lib: Library, zot: Zotero) -> None:
    """An item deleted, then created again under the same key, is no longer listed by /deleted."""
    key = lib.add_item(preprint(1))
    since = lib.version
    lib.delete_item(key)
    assert zot.deleted(since=since)["items"] == [key]
    report = zot.create_items([{**preprint(1), "key": key, "version": 0}])
    assert report["success"] == {"0": key}
    assert zot.deleted(since=since)["items"] == []


def test_a_rejected_write_carries_no_library_version(server: FakeZotero) -> None:
    """A multi-object write refused as a whole (bad JSON, over 50 objects) has no Last-Modified-Version."""
    for body in (b"[{", json.dumps([preprint(n) for n in range(51)]).encode()):
        answer = raw(server, "POST", f"/groups/{GROUP}/items", content=body)
        assert answer.status_code in (400, 413) and "last-modified-version" not in answer.headers


def test_long_tags_and_fields_are_413_for_that_object_only(lib: Library, zot: Zotero) -> None:
    """A tag over 255 characters or a field over 65 535 bytes fails its object with 413; the rest is written."""
    report = zot.create_items(
        [
            preprint(1, tags=[{"tag": "x" * 256}]),
            preprint(2, abstractNote="é" * 32768),  # 65 536 bytes in UTF-8
            preprint(3, tags=[{"tag": "x" * 255}], abstractNote="a" * 65535),
        ]
    )
    assert report["failed"]["0"]["code"] == 413 and report["failed"]["0"]["data"]["tag"] == "x" * 256
    assert report["failed"]["1"]["code"] == 413 and report["failed"]["1"]["data"]["field"] == "Abstract"
    assert list(report["success"]) == ["2"]


def test_creator_types_the_item_type_does_not_allow_are_refused(lib: Library, zot: Zotero) -> None:
    """An editor on a thesis is a 400 for that object; an author is allowed on every type."""
    thesis = {"itemType": "thesis", "title": "T", "creators": [{"creatorType": "editor", "name": "E"}]}
    report = zot.create_items([thesis, {**thesis, "creators": [{"creatorType": "author", "name": "A"}]}])
    assert report["failed"]["0"]["code"] == 400
    assert "'editor' is not a valid creator type for item type 'thesis'" in report["failed"]["0"]["message"]
    assert list(report["success"]) == ["1"]


@pytest.mark.parametrize(
    ("date", "parsed"),
    [
        ("15.03.2019", "2019-03-15"),  # month first (en-US) is 15: day and month swap
        ("2017 Dec 12", "2017-12-12"),
        ("2020, March", "2020-03"),
        ("11/05/19", "2019-11-05"),  # two-digit year: this century up to the current year
        ("Sept 18, 2012", "2012-09-18"),
        ("28-02-2011", "2011-02-28"),
        ("1983-84", "1983"),
        ("n.d.", None),
    ],
)
def test_parsed_date_reads_dates_as_the_server_does(
    date: str, parsed: str | None, lib: Library, zot: Zotero
) -> None:
    """meta.parsedDate is what the dataserver's date parser makes of the date field."""
    key = lib.add_item(preprint(1, date=date))
    assert zot.item(key)["meta"].get("parsedDate") == parsed
    assert parsed_date("11/05/99", today=datetime(2026, 1, 1, tzinfo=UTC)) == "1999-11-05"
