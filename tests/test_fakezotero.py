"""The fake Zotero server speaks Web API v3 the way pyzotero 1.16 expects, over real HTTP."""

from __future__ import annotations

import http.client
import json
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from pyzotero import errors
from pyzotero.zotero import Zotero

from fakezotero import FakeZotero, ItemError, Library

REPO = Path(__file__).resolve().parent.parent
TLS = ssl.create_default_context()  # shared: each httpx2.Client would otherwise spend 0.1 s loading CA files
GROUP, KEY, READ_KEY, OTHER_KEY = 123, "abc123", "readonly1", "other1"
KEYS = {
    KEY: {"groups": {GROUP: "write"}, "userID": 42, "username": "alice"},
    READ_KEY: {"groups": {GROUP: "read"}},
    OTHER_KEY: {"groups": {999: "write"}},
}


def preprint(n: int, **extra: object) -> dict:
    return {
        "itemType": "preprint",
        "title": f"Paper {n:03d}",
        "creators": [{"creatorType": "author", "firstName": "Ann", "lastName": f"Author{n}"}],
        "date": "2018-03-09",
        **extra,
    }


@pytest.fixture
def server() -> Iterator[FakeZotero]:
    with FakeZotero(keys=KEYS) as fake:
        fake.add_group(GROUP, name="Sparsity")
        fake.add_group(999, name="Elsewhere")
        yield fake


@pytest.fixture
def lib(server: FakeZotero) -> Library:
    return server.group(GROUP)


def client(server: FakeZotero, key: str | None = KEY, group: int | str = GROUP, **headers: str) -> Zotero:
    zot = Zotero(
        group, "group", key, client=httpx2.Client(trust_env=False, timeout=10, verify=TLS, headers=headers)
    )
    zot.endpoint = server.url
    return zot


@pytest.fixture
def zot(server: FakeZotero) -> Zotero:
    return client(server)


def raw(server: FakeZotero, method: str, path: str, **kwargs: object) -> httpx2.Response:
    """Requests pyzotero refuses to make: 51 objects, a non-array body, a repeated parameter."""
    headers = {"Authorization": f"Bearer {KEY}", "Zotero-API-Version": "3", **kwargs.pop("headers", {})}
    with httpx2.Client(trust_env=False, timeout=10, verify=TLS) as http:
        return http.request(method, server.url + path, headers=headers, **kwargs)


# Reads, paging and Link headers


def test_everything_follows_next_links_until_the_last_page(
    server: FakeZotero, lib: Library, zot: Zotero
) -> None:
    """everything() walks 250 items in pages of 100 by following rel="next" until it is absent."""
    for n in range(250):
        lib.add_item(preprint(n))
    items = zot.everything(zot.items())
    assert len(items) == 250
    assert len({i["key"] for i in items}) == 250
    assert [r.query.get("start") for r in server.requests] == [None, "100", "200"]
    assert zot.request.headers["Total-Results"] == "250"


def test_link_header_follows_the_dataserver_rules(server: FakeZotero, lib: Library, zot: Zotero) -> None:
    """Links are absolute, carry only non-default params sorted, omit start=0 and first/last equal to self."""
    for n in range(100):
        lib.add_item(preprint(n))
    zot.items(limit=30, start=30)
    base = f"{server.url}/groups/{GROUP}/items"
    assert zot.request.headers["Link"] == (
        f'<{base}?limit=30>; rel="first", <{base}?limit=30>; rel="prev", '
        f'<{base}?limit=30&start=60>; rel="next", <{base}?limit=30&start=90>; rel="last", '
        f'<https://www.zotero.org/groups/{GROUP}/items>; rel="alternate"'
    )
    zot.top(limit=100, sort="title", direction="asc", itemType="-attachment || note")
    link = zot.request.headers["Link"]
    assert link == f'<https://www.zotero.org/groups/{GROUP}/items/top>; rel="alternate"'


def test_limit_is_clamped_to_100_and_defaults_to_25(lib: Library, zot: Zotero) -> None:
    """limit above 100 becomes 100, limit <= 0 becomes the default 25; start past the end is empty."""
    for n in range(130):
        lib.add_item(preprint(n))
    assert len(zot.items(limit=500)) == 100
    assert "limit=100&start=100" in zot.request.headers["Link"]
    assert len(zot.items(limit=-5)) == 25
    assert zot.items(start=1000) == []
    assert zot.request.headers["Total-Results"] == "130"


def test_default_order_is_date_modified_descending_with_stable_ties(lib: Library, zot: Zotero) -> None:
    """Default sort is dateModified desc; sort=title asc and invalid sorts behave like the server."""
    keys = [lib.add_item(preprint(n)) for n in (2, 0, 1)]
    assert [i["key"] for i in zot.items()] == keys[::-1]
    assert [i["data"]["title"] for i in zot.items(sort="title")] == ["Paper 000", "Paper 001", "Paper 002"]
    with pytest.raises(errors.UnsupportedParamsError, match="Invalid 'sort' value 'bogus'"):
        zot.items(sort="bogus")


def test_since_and_item_versions_return_only_newer_objects(lib: Library, zot: Zotero) -> None:
    """item_versions() is one unlimited request; since=N keeps objects with version > N."""
    keys = [lib.add_item(preprint(n)) for n in range(150)]
    versions = zot.item_versions()
    assert len(versions) == 150
    assert zot.request.headers["Total-Results"] == "150"
    checkpoint = lib.version
    lib.update_item(keys[3], title="Edited")
    assert zot.item_versions(since=checkpoint) == {keys[3]: checkpoint + 1}
    assert [i["key"] for i in zot.items(since=checkpoint)] == [keys[3]]
    with pytest.raises(errors.UnsupportedParamsError, match="Invalid value for 'since' parameter"):
        zot.items(since="yesterday")


def test_item_key_batches_force_limit_100_and_ignore_bad_keys(lib: Library, zot: Zotero) -> None:
    """itemKey=K1,K2 fetches those items, drops malformed keys and ignores a smaller limit."""
    keys = [lib.add_item(preprint(n)) for n in range(3)]
    found = zot.items(itemKey=f"{keys[0]},{keys[2]},nope,", limit=1)
    assert sorted(i["key"] for i in found) == sorted([keys[0], keys[2]])
    assert zot.request.headers["Total-Results"] == "2"


def test_item_type_negation_excludes_children_and_annotations(
    server: FakeZotero, lib: Library, zot: Zotero
) -> None:
    """itemType=-attachment || note keeps regular items only; unknown and repeated types are 400."""
    parent = lib.add_item(preprint(1))
    lib.add_item({"itemType": "note", "note": "<p>n</p>", "parentItem": parent})
    pdf = lib.add_item(
        {
            "itemType": "attachment",
            "linkMode": "imported_file",
            "parentItem": parent,
            "contentType": "application/pdf",
            "filename": "a.pdf",
        }
    )
    lib.add_item({"itemType": "annotation", "parentItem": pdf, "annotationType": "note"})
    assert len(zot.items()) == 4
    assert [i["key"] for i in zot.items(itemType="-attachment || note")] == [parent]
    assert {i["data"]["itemType"] for i in zot.items(itemType="attachment || note")} == {"attachment", "note"}
    assert [i["key"] for i in zot.top()] == [parent]
    assert zot.top()[0]["meta"]["numChildren"] == 2
    assert len(zot.children(parent)) == 2
    with pytest.raises(errors.UnsupportedParamsError, match="Invalid itemType 'bogus'"):
        zot.items(itemType="bogus")
    twice = raw(server, "GET", f"/groups/{GROUP}/items?itemType=book&itemType=note")
    assert (twice.status_code, twice.text) == (400, "Cannot specify 'itemType' more than once")


def test_trash_is_a_version_bump_not_a_deletion(lib: Library, zot: Zotero) -> None:
    """Trashed items leave /items and /items/top but stay in /items/trash and includeTrashed=1."""
    kept, binned = lib.add_item(preprint(1)), lib.add_item(preprint(2))
    before = lib.version
    lib.trash_item(binned)
    assert lib.version == before + 1
    assert [i["key"] for i in zot.items()] == [kept] == [i["key"] for i in zot.top()]
    assert [i["key"] for i in zot.trash()] == [binned]
    trashed = {i["key"]: i for i in zot.items(includeTrashed=1)}[binned]
    assert trashed["data"]["deleted"] == 1
    assert trashed["version"] == before + 1
    assert zot.deleted(since=0)["items"] == []


def test_deleted_lists_purged_keys_since_a_version(lib: Library, zot: Zotero) -> None:
    """Permanent deletes go to the delete log (children too); /deleted needs since."""
    parent = lib.add_item(preprint(1))
    child = lib.add_item({"itemType": "note", "note": "x", "parentItem": parent})
    checkpoint = lib.version
    lib.delete_item(parent)
    assert zot.deleted(since=checkpoint) == {
        "collections": [],
        "items": [parent, child],
        "searches": [],
        "tags": [],
        "settings": [],
    }
    assert zot.request.headers["Last-Modified-Version"] == str(checkpoint + 1)
    assert zot.deleted(since=checkpoint + 1)["items"] == []
    with pytest.raises(errors.UnsupportedParamsError, match="'since' parameter must be provided"):
        zot.deleted()


def test_if_modified_since_version_gives_304_without_version_header(server: FakeZotero, lib: Library) -> None:
    """A multi-object GET with If-Modified-Since-Version >= library version is 304 with an empty body."""
    lib.add_item(preprint(1))
    zot = client(server, **{"If-Modified-Since-Version": str(lib.version)})
    with pytest.raises(errors.HTTPError):
        zot.items()
    assert zot.request.status_code == 304
    assert zot.request.content == b""
    assert "Last-Modified-Version" not in zot.request.headers
    assert zot.item(next(iter(lib.items)))["key"]  # single objects ignore the header
    lib.add_item(preprint(2))
    assert len(zot.items()) == 2


def test_item_json_has_the_dataserver_shape(server: FakeZotero, lib: Library, zot: Zotero) -> None:
    """data lists every schema field in order with "" for empties; children get links.up, no collections."""
    coll = lib.add_collection("Pruning")
    key = lib.add_item(
        preprint(
            1,
            creators=[
                {"creatorType": "author", "firstName": "A", "lastName": "One"},
                {"creatorType": "author", "firstName": "B", "lastName": "Two"},
                {"creatorType": "author", "name": "Institute"},
            ],
            collections=[coll],
            tags=[{"tag": "sparse"}, {"tag": "auto", "type": 1}],
        )
    )
    note = lib.add_item({"itemType": "note", "note": "<p>n</p>", "parentItem": key})
    item = zot.item(key)
    assert list(item) == ["key", "version", "library", "links", "meta", "data"]
    assert item["meta"]["creatorSummary"] == "One et al."
    assert item["meta"]["parsedDate"] == "2018-03-09"
    assert item["meta"]["createdByUser"]["username"] == "owner"
    assert (
        list(item["data"])
        == (
            "key version itemType title creators abstractNote genre repository archiveID place date series"
            " seriesNumber DOI citationKey url accessDate archive archiveLocation shortTitle language"
            " libraryCatalog callNumber rights extra tags collections relations dateAdded dateModified"
        ).split()
    )
    assert item["data"]["tags"] == [{"tag": "sparse"}, {"tag": "auto", "type": 1}]
    assert item["data"]["creators"][2] == {"creatorType": "author", "name": "Institute"}
    assert item["data"]["dateAdded"] == "2024-01-01T00:00:02Z"
    assert zot.request.headers["Last-Modified-Version"] == str(item["version"])
    child = zot.item(note)
    assert (
        list(child["data"])
        == "key version parentItem itemType note tags relations dateAdded dateModified".split()
    )
    assert child["links"]["up"]["href"] == f"{server.url}/groups/{GROUP}/items/{key}"


def test_formats_keys_versions_bibtex_and_bad_format(lib: Library, zot: Zotero) -> None:
    """keys is a text/plain list with a trailing newline; bibtex parses; an unknown format is 400."""
    keys = [lib.add_item(preprint(n, DOI=f"10.1/{n}")) for n in range(2)]
    assert zot.items(format="keys") == ("\n".join(keys[::-1]) + "\n").encode()
    assert zot.request.headers["Content-Type"] == "text/plain"
    bib = zot.items(format="bibtex")
    assert zot.request.headers["Content-Type"] == "application/x-bibtex"
    assert sorted(e["ID"] for e in bib.entries) == ["author0_paper_2018", "author1_paper_2018"]
    assert "bibtex" in zot.items(include="data,bibtex")[0]
    with pytest.raises(errors.UnsupportedParamsError, match="Invalid 'format' value 'x'"):
        zot.items(format="x")
    with pytest.raises(errors.UnsupportedParamsError, match="'include' is valid only for format=json"):
        zot.items(format="keys", include="data")


def test_collections_tags_key_info_and_templates(lib: Library, zot: Zotero) -> None:
    """Collections, tags, /keys and the schema endpoints answer what pyzotero asks for."""
    top = lib.add_collection("Pruning")
    sub = lib.add_collection("Magnitude", parent=top)
    lib.add_item(preprint(1, collections=[sub], tags=[{"tag": "lottery"}]))
    assert {c["key"] for c in zot.all_collections()} == {top, sub}
    assert [i["data"]["title"] for i in zot.collection_items(sub)] == ["Paper 001"]
    assert zot.tags() == ["lottery"]
    assert zot.key_info()["access"] == {"groups": {str(GROUP): {"library": True, "write": True}}}
    template = zot.item_template("preprint")
    assert list(template)[:3] == ["itemType", "title", "creators"]
    assert template["tags"] == []
    assert {"itemType": "book", "localized": "Book"} in zot.item_types()
    assert [f["field"] for f in zot.item_type_fields("preprint")][:3] == ["title", "abstractNote", "genre"]


# Authentication


def test_auth_failures_map_to_pyzotero_errors(server: FakeZotero) -> None:
    """Unknown key 403, key without access 403, unknown group 404, bad group id 400, bad Bearer 400."""
    with pytest.raises(errors.UserNotAuthorisedError, match="Invalid key"):
        client(server, key="wrong").items()
    with pytest.raises(errors.UserNotAuthorisedError, match="Forbidden"):
        client(server, key=OTHER_KEY).items()
    with pytest.raises(errors.UserNotAuthorisedError, match="Forbidden"):
        client(server, key=None).items()
    with pytest.raises(errors.ResourceNotFoundError, match="Not found"):
        client(server, group=555).items()
    with pytest.raises(errors.UnsupportedParamsError, match="Invalid group ID"):
        client(server, group="abc").items()
    with pytest.raises(errors.UnsupportedParamsError, match="Invalid Authorization header format"):
        client(server, key="has-dash").items()
    with pytest.raises(errors.UserNotAuthorisedError, match="Write access denied"):
        client(server, key=READ_KEY).create_items([preprint(1)])
    with pytest.raises(errors.UserNotAuthorisedError, match=r"An API key is required for write requests\."):
        client(server, key=None).create_items([preprint(1)])
    server.add_group(7, public=True).add_item(preprint(1))
    assert len(client(server, key=None, group=7).items()) == 1


# Writes


def test_create_items_reports_each_object_and_bumps_versions_one_by_one(lib: Library, zot: Zotero) -> None:
    """Each created object gets its own consecutive version; the header carries the last one; an
    unchanged object keeps its version but still advances the library's."""
    start = lib.version
    report = zot.create_items([preprint(n) for n in range(3)])
    assert list(report) == ["successful", "success", "unchanged", "failed"]
    assert [report["successful"][i]["version"] for i in "012"] == [start + 1, start + 2, start + 3]
    assert zot.request.headers["Last-Modified-Version"] == str(start + 3)
    key = report["success"]["0"]
    assert report["successful"]["0"] == zot.item(key)
    same = zot.item(key)["data"]
    again = zot.create_items([same])
    assert again["unchanged"] == {"0": key}
    assert lib.version == start + 4 and lib.items[key].version == start + 1  # as the real server does
    assert zot.request.headers["Last-Modified-Version"] == str(start + 4)
    child = zot.create_items([{"itemType": "note", "note": "n"}], parentid=key)
    assert child["successful"]["0"]["data"]["parentItem"] == key


def test_write_preconditions_412_428_and_the_write_token(
    lib: Library, zot: Zotero, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stale If-Unmodified-Since-Version → 412; keyed objects need a version (428); tokens are single-use."""
    key = lib.add_item(preprint(1))
    stale = lib.version - 1
    with pytest.raises(errors.PreConditionFailedError, match=f"expected {stale}, found {lib.version}"):
        zot.create_items([preprint(2)], last_modified=stale)
    assert zot.request.headers["Last-Modified-Version"] == str(lib.version)
    report = zot.create_items([{"key": key, "title": "No version"}, {"key": key, "version": 0, "title": "x"}])
    assert report["failed"]["0"]["code"] == 428
    assert report["failed"]["1"]["code"] == 412
    monkeypatch.setattr("pyzotero._client.token", lambda: "fixed-token")
    zot.create_items([preprint(3)])
    with pytest.raises(errors.PreConditionFailedError, match="Write token already used"):
        zot.create_items([preprint(4)])


def test_schema_validation_failures_are_per_object(lib: Library, zot: Zotero) -> None:
    """Invalid objects land in failed with code 400 and the server's message; valid ones still save."""
    report = zot.create_items(
        [
            {"itemType": "book", "foo": "x"},
            {"itemType": "book", "publicationTitle": "Journal"},
            {"itemType": "nope"},
            {
                "itemType": "book",
                "creators": [{"creatorType": "inventor", "firstName": "A", "lastName": "B"}],
            },
            {"itemType": "book", "title": "Fine"},
        ]
    )
    assert report["failed"] == {
        "0": {"code": 400, "message": "'foo' is not a valid itemData field"},
        "1": {"code": 400, "message": "'publicationTitle' is not a valid field for type 'book'"},
        "2": {"code": 400, "message": "'nope' is not a valid itemType"},
        "3": {"code": 400, "message": "'inventor' is not a valid creator type for item type 'book'"},
    }
    assert list(report["success"]) == ["4"]
    assert len(lib.items) == 1
    with pytest.raises(ItemError, match="not a valid field for type 'book'"):
        lib.add_item({"itemType": "book", "proceedingsTitle": "Proc"})


def test_too_many_objects_and_non_array_bodies_are_rejected(server: FakeZotero) -> None:
    """More than 50 objects is 413, a non-array body 400 (pyzotero refuses to send 51 itself)."""
    too_many = raw(server, "POST", f"/groups/{GROUP}/items", json=[preprint(n) for n in range(51)])
    assert (too_many.status_code, too_many.text) == (413, "Cannot add more than 50 items at a time")
    not_array = raw(server, "POST", f"/groups/{GROUP}/items", json={"itemType": "book"})
    assert (not_array.status_code, not_array.text) == (400, "Uploaded data must be a JSON array")


def test_update_trash_and_delete_single_items(lib: Library, zot: Zotero) -> None:
    """PATCH with the item's version updates it; a stale version is 412; DELETE purges it."""
    key = lib.add_item(preprint(1))
    item = zot.item(key)
    item["data"]["title"] = "Renamed"
    assert zot.update_item(item["data"])
    assert zot.item(key)["data"]["title"] == "Renamed"
    assert zot.request.headers["Last-Modified-Version"] == str(lib.version)
    with pytest.raises(
        errors.PreConditionFailedError, match="Item has been modified since specified version"
    ):
        zot.update_item(item["data"])
    fresh = zot.item(key)
    fresh["data"]["deleted"] = 1
    zot.update_item(fresh["data"])
    assert [i["key"] for i in zot.trash()] == [key]
    zot.delete_item(zot.item(key))
    assert key not in lib.items
    assert zot.deleted(since=0)["items"] == [key]


# Fault hooks


def test_429_with_retry_after_is_retried_by_pyzotero(server: FakeZotero, lib: Library, zot: Zotero) -> None:
    """A 429 with Retry-After makes pyzotero wait and retry; the second attempt succeeds."""
    lib.add_item(preprint(1))
    fault = server.inject(status=429, retry_after=0.2, path_contains="/items")
    started = time.monotonic()
    assert len(zot.items()) == 1
    assert time.monotonic() - started >= 0.2
    assert [r.status for r in server.requests] == [429, 200]
    assert fault.fired == 1


def test_500_on_a_later_page_raises_http_error(server: FakeZotero, lib: Library, zot: Zotero) -> None:
    """A 500 at the page whose start=100 surfaces as pyzotero.errors.HTTPError mid-everything()."""
    for n in range(150):
        lib.add_item(preprint(n))
    server.inject(status=500, query={"start": "100"})
    with pytest.raises(errors.HTTPError, match="An error occurred"):
        zot.everything(zot.items())
    assert [r.status for r in server.requests] == [200, 500]


def test_503_carries_retry_after_and_is_not_retried(server: FakeZotero, zot: Zotero) -> None:
    """pyzotero does not retry 503; the response still tells the client when to come back."""
    server.inject(status=503, retry_after=1)
    with pytest.raises(errors.HTTPError, match="Service unavailable"):
        zot.items()
    assert zot.request.headers["Retry-After"] == "1"


def test_dropped_connection_raises_a_transport_error(server: FakeZotero, zot: Zotero) -> None:
    """drop=True closes the socket without a response; the next request works again."""
    server.inject(drop=True)
    with pytest.raises(httpx2.TransportError):
        zot.items()
    assert zot.items() == []
    assert [r.status for r in server.requests] == [None, 200]


def test_backoff_delay_and_latency(server: FakeZotero, zot: Zotero) -> None:
    """Backoff on a 200 makes pyzotero pause before its next call; delay and latency slow responses."""
    server.inject(backoff=0.3)
    zot.items()
    assert zot.request.headers["Backoff"] == "0.3"
    started = time.monotonic()
    zot.items()
    assert time.monotonic() - started >= 0.25
    assert "Backoff" not in zot.request.headers
    server.inject(delay=0.2)
    server.latency = 0.05
    started = time.monotonic()
    zot.items()
    zot.items()
    assert time.monotonic() - started >= 0.3


def test_before_hook_edits_the_library_between_pages(server: FakeZotero, lib: Library, zot: Zotero) -> None:
    """A before hook can change the library mid-pull, so later pages report a newer library version."""
    keys = [lib.add_item(preprint(n)) for n in range(150)]
    fault = server.inject(
        before=lambda _record: lib.update_item(keys[0], title="Edited"), query={"start": "100"}
    )
    zot.items()
    first_page = int(zot.request.headers["Last-Modified-Version"])
    zot.follow()
    assert int(zot.request.headers["Last-Modified-Version"]) == first_page + 1
    assert fault.fired == 1


# Plumbing


def test_keep_alive_serves_several_requests_on_one_connection(server: FakeZotero, lib: Library) -> None:
    """HTTP/1.1 with Content-Length everywhere, so one socket carries 200, 304 and 404 answers."""
    lib.add_item(preprint(1))
    host, port = server.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    auth = {"Authorization": f"Bearer {KEY}"}
    statuses = []
    for headers in (auth, {**auth, "If-Modified-Since-Version": str(lib.version)}, auth):
        conn.request("GET", f"/groups/{GROUP}/items/top", headers=headers)
        response = conn.getresponse()
        response.read()
        statuses.append(response.status)
    conn.request("GET", f"/groups/{GROUP}/items/notakey1", headers=auth)
    missing = conn.getresponse()
    assert statuses == [200, 304, 200]
    assert (missing.status, missing.read()) == (404, b"Not found")
    conn.close()


def test_fixtures_are_deterministic() -> None:
    """The same set-up gives the same keys and timestamps in a fresh server."""

    def build() -> list:
        with FakeZotero() as fake:
            library = fake.add_group(5)
            keys = [library.add_item(preprint(n)) for n in range(3)]
            return [(k, library.items[k].date_added, library.items[k].version) for k in keys]

    assert build() == build()


def test_module_runs_standalone() -> None:
    """python -m tests.fakezotero prints its URL and serves until terminated."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakezotero", "--port", "0", "--group", "123", "--key", "KEY"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = proc.stdout.readline().strip()
        response = httpx2.get(
            f"{url}/groups/123/items", headers={"Zotero-API-Key": "KEY"}, trust_env=False, verify=TLS
        )
        assert response.status_code == 200
        assert json.loads(response.text) == []
    finally:
        proc.terminate()
        proc.wait(timeout=5)
