"""API keys: where a request's key comes from (``ApiController::init``) and what it may do."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ApiError
from .library import User

BEARER_RE = re.compile(r"^bearer +([a-z0-9]+)$", re.IGNORECASE)
LEVELS = ("read", "write")


@dataclass(frozen=True)
class ApiKey:
    """A key with per-group access: ``{"123": "write", "all": "read"}``."""

    key: str
    user: User
    access: Mapping[str, str]

    @classmethod
    def from_spec(cls, key: str, spec: Mapping[str, Any], user_id: int) -> ApiKey:
        """Build from ``{"groups": {123: "write"}, "userID": 7, "username": "alice"}``; ids optional."""
        if not re.fullmatch(r"[A-Za-z0-9]+", key):
            raise ValueError(f"API key {key!r} must be alphanumeric (the Bearer syntax allows nothing else)")
        access = {str(group): level for group, level in spec.get("groups", {}).items()}
        for level in access.values():
            if level not in LEVELS:
                raise ValueError(f"access level {level!r} is not one of {LEVELS}")
        user = User(int(spec.get("userID", user_id)), str(spec.get("username", f"user{user_id}")))
        return cls(key, user, access)

    def level(self, group_id: int) -> str | None:
        return self.access.get(str(group_id)) or self.access.get("all")

    def to_json(self) -> dict[str, Any]:
        """``GET /keys/...`` (``name`` is only shown to the website)."""
        groups = {g: {"library": True, "write": lvl == "write"} for g, lvl in self.access.items()}
        return {
            "key": self.key,
            "userID": self.user.id,
            "username": self.user.username,
            "displayName": "",
            "access": {"groups": groups} if groups else {},
        }


def find_key(
    headers: Mapping[str, str], query: Mapping[str, list[str]], keys: Mapping[str, ApiKey]
) -> ApiKey | None:
    """``Zotero-API-Key``, then ``?key=`` (must match that header), then ``Authorization: Bearer``."""
    key = headers.get("zotero-api-key") or ""
    if "key" in query:
        param = query["key"][-1]
        if not key:
            key = param
        elif param != key:
            raise ApiError(400, "Zotero-API-Key header and 'key' parameter differ")
    authorization = headers.get("authorization", "")
    if not key and authorization.lower().startswith("bearer"):
        match = BEARER_RE.match(authorization)
        if not match:
            raise ApiError(400, "Invalid Authorization header format")
        key = match.group(1)
    if not key:
        return None
    if key not in keys:
        raise ApiError(403, "Invalid key")
    return keys[key]
