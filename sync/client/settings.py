"""Where to sync from and to: flags first, then environment variables.

The API key is read only from ``ZOTERO_API_KEY`` or from a key file named by
``--api-key-file`` (never from a flag, which would land in shell history), and
is held in a :class:`Secret` that prints as ``***``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sync.errors import ConfigError

PUBLIC_API = "https://api.zotero.org"
LOCAL_API = "http://127.0.0.1:23119/api"


class Secret:
    """A value that never shows itself in output, logs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


@dataclass(frozen=True)
class Settings:
    group: str
    api_key: Secret | None
    endpoint: str
    local: bool
    bib: Path
    timeout: float = 30.0
    retries: int = 4
    concurrency: int = 4
    max_time: float = 600.0  #: seconds a whole pull or push may take (--max-time)

    @property
    def library(self) -> str:
        """The library path prefix, e.g. ``groups/123``."""
        return f"groups/{self.group}"


_API_KEY = re.compile(r"[A-Za-z0-9]+")  #: zotero.org keys are 24 letters and digits


def _read_key_file(path: Path) -> str:
    """The key on the file's first line (later lines may hold comments)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise ConfigError(
            f"cannot read the API key file {path} ({reason}); pass a readable file to --api-key-file"
        ) from None
    key = lines[0].strip() if lines else ""
    if not key:
        raise ConfigError(f"the API key file {path} has no key on its first line; put the key there")
    return key


def _checked_key(key: str, source: str) -> str:
    """Refuse a key that cannot be one (a pasted blank, quote or newline) before it reaches a header."""
    if not _API_KEY.fullmatch(key):
        raise ConfigError(
            f"the API key in {source} is not a Zotero API key (letters and digits only); "
            "copy it again from https://www.zotero.org/settings/keys"
        )
    return key


def _checked_endpoint(base: str) -> str:
    """An http(s) base URL without user name or password (they would show in messages)."""
    try:
        parts = urlsplit(base)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"endpoint {base!r} is not an http(s) URL; pass e.g. --endpoint {PUBLIC_API}")
    if parts.username is not None or parts.password is not None:
        raise ConfigError(
            "the endpoint URL holds a user name or password; remove them (the API key goes in ZOTERO_API_KEY)"
        )
    return base


def resolve(
    group: str | None,
    key_file: Path | None,
    endpoint: str | None,
    local: bool,
    bib: Path,
    timeout: float,
    retries: int,
    concurrency: int = 4,
    max_time: float = 600.0,
) -> Settings:
    """Settings from CLI values and the environment; one clear error when something is missing."""
    group = group or os.environ.get("ZOTERO_GROUP_ID")
    if not group:
        raise ConfigError(
            "no Zotero group given; pass --group ID or set ZOTERO_GROUP_ID "
            "(the number in the group's zotero.org URL)"
        )
    if not re.fullmatch(r"\d+", group.strip()):
        raise ConfigError(f"group id {group!r} is not a number; pass the numeric id from the group's URL")
    key: str | None
    if key_file:
        key = _checked_key(_read_key_file(key_file), str(key_file))
    else:
        key = os.environ.get("ZOTERO_API_KEY") or None
        key = _checked_key(key.strip(), "ZOTERO_API_KEY") if key else None
    default = LOCAL_API if local else PUBLIC_API
    base = _checked_endpoint((endpoint or os.environ.get("ZOTERO_API_URL") or default).strip().rstrip("/"))
    return Settings(
        group.strip(),
        Secret(key) if key else None,
        base,
        local,
        bib,
        timeout,
        max(0, retries),
        max(1, min(4, concurrency)),
        max(1.0, max_time),
    )
