"""Item writes over HTTP: preconditions, the multi-object write report, single-object PUT/PATCH/DELETE.

Messages and status codes follow the dataserver (``ItemsController``, ``Zotero_API::checkJSONObjectVersion``,
``ApiController::checkSingleObjectWriteVersion``, ``Zotero_Results``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .errors import ApiError, ItemError, escape
from .library import Item, Library, User
from .query import NUMERIC_RE
from .validate import is_key

MAX_WRITE = 50


def check_library_version(lib: Library, header: str | None) -> bool:
    """Multi-object ``If-Unmodified-Since-Version``: 412 if the library moved on; False if absent."""
    if header is None:
        return False
    if not NUMERIC_RE.match(header):
        raise ApiError(400, "Invalid If-Unmodified-Since-Version value")
    if lib.version > float(header):
        raise ApiError(
            412,
            f"Library has been modified since specified version (expected {header}, found {lib.version})",
            {"Last-Modified-Version": str(lib.version)},
        )
    return True


def decode(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "JSON Error: Syntax error, malformed JSON") from None


def post_items(
    lib: Library, body: bytes, user: User, header: str | None, render: Callable[[Item], dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """``POST /items``: create/update up to 50 objects, each its own version; return the write report."""
    require_version = not check_library_version(lib, header)
    objects = decode(body)
    if not isinstance(objects, list):
        raise ApiError(400, "Uploaded data must be a JSON array")
    if len(objects) > MAX_WRITE:
        raise ApiError(413, f"Cannot add more than {MAX_WRITE} items at a time")
    report: dict[str, dict[str, Any]] = {"successful": {}, "success": {}, "unchanged": {}, "failed": {}}
    for index, obj in enumerate(objects):
        i = str(index)
        try:
            item, changed = _save_uploaded(lib, index, obj, user, require_version)
        except ItemError as error:
            failure: dict[str, Any] = {
                "key": _given_key(obj),
                "code": error.code,
                "message": escape(error.message),
            }
            if not failure["key"]:
                del failure["key"]
            if error.data:
                failure["data"] = error.data
            report["failed"][i] = failure
            continue
        if changed:
            report["successful"][i] = render(item)
            report["success"][i] = item.key
        else:
            # The object keeps its version, but the library version still advances, once per object:
            # tests/remote/tests/3/collection.test.js "should update multiple collections" ("Update
            # with no change, which should still update library version"; "each item bumps the version,
            # even if unchanged"). A single-object PUT/PATCH that changes nothing does not
            # (ApiController::handleObjectWrite answers the original version).
            lib.bump_version()
            report["unchanged"][i] = item.key
    return report


def _given_key(obj: Any) -> str:
    if not isinstance(obj, dict):
        return ""
    data = obj.get("data") if isinstance(obj.get("data"), dict) else obj
    return str(obj.get("key") or data.get("key") or "")


def _save_uploaded(
    lib: Library, index: int, obj: Any, user: User, require_version: bool
) -> tuple[Item, bool]:
    if not isinstance(obj, dict):
        raise ItemError(400, f"Invalid value for index {index} in uploaded data; expected JSON item object")
    data = obj["data"] if isinstance(obj.get("data"), dict) else obj
    key = data.get("key")
    if key is not None and not isinstance(key, str):
        raise ItemError(400, "'key' must be a string")
    if key is not None and not is_key(key):
        raise ItemError(400, f"'{key}' is not a valid item key")
    _check_object_version(lib.items.get(key) if key else None, data, require_version)
    return lib.save(data, key=key, partial=True, user=user)


def _check_object_version(item: Item | None, data: dict[str, Any], require_version: bool) -> None:
    """Per-object precondition of a multi-object write: JSON ``version`` or the library header."""
    if "itemKey" in data:
        raise ItemError(400, "'itemKey' property is now 'key'")
    if "itemVersion" in data:
        raise ItemError(400, "'itemVersion' property is now 'version'")
    if "version" not in data:
        if require_version and "key" in data:
            needed = "Either If-Unmodified-Since-Version or 'version' property must be provided"
            raise ItemError(428, f"{needed} for 'key'-based writes")
        return
    version = data["version"]
    if not NUMERIC_RE.match(str(version)):
        raise ItemError(400, "'version' must be an integer")
    if "key" not in data:
        raise ItemError(400, "'version' is valid only if item key is provided")
    current = item.version if item else 0
    if current > float(version):
        raise ItemError(
            412, f"Item has been modified since specified version (expected {version}, found {current})"
        )
    if float(version) > 0 and item is None:
        raise ItemError(404, f"Item doesn't exist (expected version {version}; use 0 instead)")


def write_item(lib: Library, key: str, method: str, body: bytes, user: User, header: str | None) -> None:
    """``PUT``/``PATCH /items/{key}``: full or partial update (PUT may create); 204 follows."""
    data = decode(body)
    if not isinstance(data, dict):
        raise ApiError(
            400, f"Invalid item object (found {type(data).__name__} '{body.decode(errors='replace')}')"
        )
    data = data["data"] if isinstance(data.get("data"), dict) else data
    item = lib.items.get(key)
    version = _single_version(item, header, data.get("version"))
    if item is None and method == "PATCH" and version is None:
        raise ApiError(
            404,
            "Item not found (to create, use If-Unmodified-Since-Version: 0, JSON 'version' 0, or PUT method)",
        )
    if "key" in data and data["key"] != key:
        raise ApiError(409, "'key' property in JSON does not match item key of request")
    try:
        lib.save(
            {k: v for k, v in data.items() if k != "version"}, key=key, partial=method == "PATCH", user=user
        )
    except ItemError as error:
        raise ApiError(error.code, error.message) from None


def delete_item(lib: Library, key: str, header: str | None) -> None:
    """``DELETE /items/{key}``: needs ``If-Unmodified-Since-Version``; deletes children too."""
    if header is None:
        raise ApiError(428, "If-Unmodified-Since-Version must be provided for delete requests")
    _single_version(lib.items.get(key), header, None)
    lib.purge([key])


def delete_items(lib: Library, keys: list[str], header: str | None) -> None:
    """``DELETE /items?itemKey=...``: optional library precondition, one version for all."""
    check_library_version(lib, header)
    if len(keys) > MAX_WRITE:
        raise ApiError(413, f"Cannot delete more than {MAX_WRITE} items at a time")
    lib.purge(keys)


def _single_version(item: Item | None, header: str | None, prop: Any) -> int | None:
    """``checkSingleObjectWriteVersion``: header and JSON ``version`` must agree and be current."""
    if header is not None and not NUMERIC_RE.match(header):
        raise ApiError(400, f"Invalid If-Unmodified-Since-Version value '{header}'")
    if prop is not None and not NUMERIC_RE.match(str(prop)):
        raise ApiError(400, f"Invalid JSON 'version' property value '{prop}'")
    if header is not None and prop is not None and int(float(header)) != int(float(prop)):
        raise ApiError(
            400,
            f"If-Unmodified-Since-Version value does not match JSON 'version' property ({header} != {prop})",
        )
    version = int(float(header)) if header is not None else int(float(prop)) if prop is not None else None
    if item is None:
        if version:
            raise ApiError(412, f"Item not found (expected version {version})")
        return version
    if version is None:
        needed = "Either If-Unmodified-Since-Version or object version property must be provided"
        raise ApiError(428, f"{needed} for key-based writes")
    if item.version > version:
        raise ApiError(
            412,
            f"Item has been modified since specified version (expected {version}, found {item.version})",
            {"Last-Modified-Version": str(item.version)},
        )
    return version
