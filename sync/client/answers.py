"""What a Zotero answer must look like before the mirror trusts it (pure).

A server fault must never become data: items without ``data`` once turned
every entry into an empty ``@misc``, items without ``itemType`` dropped every
venue, and a ``Total-Results`` of 10^12 sent the pull paging for ever. Each
answer is checked against the shape the API promises; anything else is a
:class:`MalformedAnswer`, which the client retries like a server error and
then reports, leaving the bib as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: No Zotero library holds more; a larger Total-Results is a fault, not a library.
MAX_ITEMS = 1_000_000
#: Library versions count writes; a version this large is a fault.
MAX_VERSION = 10**12
_ITEM_KEY = re.compile(r"[23456789ABCDEFGHIJKLMNPQRSTUVWXYZ]{8}")


class MalformedAnswer(Exception):
    """An answer of the right kind (a list, a JSON object) whose content breaks the API's promises."""


def _version(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VERSION:
        raise MalformedAnswer(f"{what} is {value!r}, not a version number")
    return value


def check_items(items: list[dict]) -> None:
    """Every item has a key, a version, and data with an item type."""
    for item in items:
        key = item.get("key")
        if not isinstance(key, str) or not _ITEM_KEY.fullmatch(key):
            raise MalformedAnswer(f"an item has the key {key!r}")
        _version(item.get("version"), f"the version of item {key}")
        data = item.get("data")
        if not isinstance(data, dict):
            raise MalformedAnswer(f"item {key} has no data")
        kind = data.get("itemType")
        if not isinstance(kind, str) or not kind:
            raise MalformedAnswer(f"item {key} has no item type")
        if data.get("key", key) != key:
            raise MalformedAnswer(f"item {key} carries the data of item {data.get('key')}")


def check_versions(versions: dict) -> None:
    """An item-versions answer: item key → version."""
    for key, version in versions.items():
        if not _ITEM_KEY.fullmatch(str(key)):
            raise MalformedAnswer(f"the item versions name the key {key!r}")
        _version(version, f"the version of item {key}")


def header_number(headers: Mapping[str, str], name: str, limit: int) -> int:
    """A numeric response header (``Last-Modified-Version``, ``Total-Results``), checked for sense."""
    raw = headers.get(name)
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise MalformedAnswer(f"the {name} header is {raw!r}, not a number") from None
    if not 0 <= value <= limit:
        raise MalformedAnswer(f"the {name} header is {value}, beyond any real library")
    return value


def checked_page(items: list[dict], headers: Mapping[str, str]) -> None:
    """A page of items: the items, the library version and the total count."""
    check_items(items)
    header_number(headers, "last-modified-version", MAX_VERSION)
    header_number(headers, "total-results", MAX_ITEMS)


def checked_versions(versions: dict, headers: Mapping[str, str]) -> None:
    check_versions(versions)
    header_number(headers, "last-modified-version", MAX_VERSION)


def checked_items(items: list[dict], headers: Mapping[str, str]) -> None:
    check_items(items)
    header_number(headers, "last-modified-version", MAX_VERSION)


def checked_deleted(deleted: dict, headers: Mapping[str, str]) -> None:
    """A ``/deleted`` answer: its items are a list of keys."""
    keys = deleted.get("items", [])
    if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
        raise MalformedAnswer("the deleted items are not a list of keys")
    header_number(headers, "last-modified-version", MAX_VERSION)


def shaped(result: Any, expect: type) -> bool:
    """Whether *result* is an answer of the kind asked for: a list of items (dicts with a key) or *expect*."""
    if expect is list:
        return isinstance(result, list) and all(isinstance(item, dict) and "key" in item for item in result)
    return isinstance(result, expect)
