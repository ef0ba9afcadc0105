"""Our own bugs are never reported as the server's fault: only errors raised reading its answer are retried."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx2
import pytest

from sync.client.settings import Secret, Settings
from sync.client.zotero import ZoteroClient
from sync.errors import ZoteroAccessError

from zotero_fixture import GROUP, READ_KEY


@pytest.fixture
def client(zotero, tmp_path):
    settings = Settings(
        str(GROUP), Secret(READ_KEY), zotero.url, False, tmp_path / "x.bib", timeout=5, retries=2
    )
    client = ZoteroClient(settings)
    yield client
    client.close()


def test_a_bug_in_our_check_is_raised_once_not_retried(client: ZoteroClient) -> None:
    """A KeyError raised by our own answer check propagates as itself after one request, not as a server fault."""

    def broken_check(result: Any, headers: httpx2.Headers) -> None:
        raise KeyError("our own bug")

    with pytest.raises(KeyError, match="our own bug"):
        client._call("the first page of items", lambda z: z.top(limit=1), expect=list, check=broken_check)
    assert client.requests == 1


def test_a_bug_in_our_call_is_raised_once_not_retried(client: ZoteroClient) -> None:
    """A TypeError of our own making around a pyzotero call (a wrong argument) is not blamed on the server."""
    with pytest.raises(TypeError):
        client._call("the first page of items", lambda z: z.top(limit=1) + 1, expect=list)
    assert client.requests == 1


def test_an_answer_pyzotero_cannot_read_is_still_the_servers_fault(zotero, client: ZoteroClient) -> None:
    """A body that is not JSON (pyzotero's reading fails) is retried, then reported naming the endpoint."""
    zotero.inject(rewrite=lambda r: dataclasses.replace(r, body=b"<html>proxy error</html>"), times=None)
    with pytest.raises(
        ZoteroAccessError, match="did not answer the first page of items as a Zotero Web API v3"
    ):
        client._call("the first page of items", lambda z: z.top(limit=1), expect=list)
    assert client.requests == 3
