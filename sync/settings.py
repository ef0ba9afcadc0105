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

from .errors import ConfigError

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

    @property
    def library(self) -> str:
        """The library path prefix, e.g. ``groups/123``."""
        return f"groups/{self.group}"


def _read_key_file(path: Path) -> str:
    try:
        key = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ConfigError(f"cannot read the API key file {path} ({error.strerror}); "
                          "pass a readable file to --api-key-file") from None
    if not key:
        raise ConfigError(f"the API key file {path} is empty; put the key on its first line")
    return key


def resolve(group: str | None, key_file: Path | None, endpoint: str | None, local: bool, bib: Path,
            timeout: float, retries: int, concurrency: int = 4) -> Settings:
    """Settings from CLI values and the environment; one clear error when something is missing."""
    group = group or os.environ.get("ZOTERO_GROUP_ID")
    if not group:
        raise ConfigError("no Zotero group given; pass --group ID or set ZOTERO_GROUP_ID "
                          "(the number in the group's zotero.org URL)")
    if not re.fullmatch(r"\d+", group.strip()):
        raise ConfigError(f"group id {group!r} is not a number; pass the numeric id from the group's URL")
    key = _read_key_file(key_file) if key_file else os.environ.get("ZOTERO_API_KEY") or None
    default = LOCAL_API if local else PUBLIC_API
    base = (endpoint or os.environ.get("ZOTERO_API_URL") or default).rstrip("/")
    if not re.match(r"^https?://", base):
        raise ConfigError(f"endpoint {base!r} is not an http(s) URL; pass e.g. --endpoint {PUBLIC_API}")
    return Settings(group.strip(), Secret(key) if key else None, base, local, bib, timeout,
                    max(0, retries), max(1, min(4, concurrency)))
