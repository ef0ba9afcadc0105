"""Fault injection: rate limits, server errors, slow or dropped responses, edits between pages.

A ``Fault`` matches requests by method, path substring and query values; it skips its first
``after`` matches, then fires ``times`` times (``None`` = forever). Matching and counting are
thread-safe.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .wire import Response, text_error


@dataclass
class RequestRecord:
    """One request as logged in ``FakeZotero.requests``; ``status`` is None for a dropped one."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""
    status: int | None = None


@dataclass
class Fault:
    """What to do to matching requests; see ``FakeZotero.inject`` for the meaning of each field."""

    status: int | None = None
    retry_after: float | None = None
    backoff: float | None = None
    delay: float = 0.0
    drop: bool = False
    before: Callable[[RequestRecord], object] | None = None
    rewrite: Callable[[Response], Response] | None = None
    times: int | None = 1
    after: int = 0
    path_contains: str = ""
    method: str | None = None
    query: Mapping[str, str] = field(default_factory=dict)
    message: str = ""
    seen: int = 0
    fired: int = 0

    def matches(self, record: RequestRecord) -> bool:
        return (
            self.path_contains in record.path
            and (self.method is None or self.method.upper() == record.method)
            and all(record.query.get(k) == str(v) for k, v in self.query.items())
        )

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def response(self) -> Response:
        """The error response a ``status`` fault sends instead of the real one."""
        assert self.status is not None
        headers = {"Retry-After": _seconds(self.retry_after)} if self.retry_after is not None else {}
        return text_error(self.status, self.message, headers)


class Faults:
    """The active faults of one server."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        if (
            fault.status is None
            and fault.backoff is None
            and not (fault.delay or fault.drop or fault.before or fault.rewrite)
        ):
            raise ValueError("a fault needs status, backoff, delay, drop, before or rewrite")
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, record: RequestRecord) -> list[Fault]:
        """Faults that fire on *record* before it is handled (all but ``backoff`` ones)."""
        return self._take(record, lambda f: f.backoff is None)

    def decorate(self, record: RequestRecord, response: Response) -> None:
        """Add ``Backoff`` to a successful response if a backoff fault is due."""
        if 200 <= response.status < 300:
            for fault in self._take(record, lambda f: f.backoff is not None):
                response.headers["Backoff"] = _seconds(fault.backoff)

    def _take(self, record: RequestRecord, kind: Callable[[Fault], bool]) -> list[Fault]:
        fired = []
        with self._lock:
            for fault in self._faults:
                if not kind(fault) or fault.exhausted or not fault.matches(record):
                    continue
                fault.seen += 1
                if fault.seen > fault.after:
                    fault.fired += 1
                    fired.append(fault)
        return fired


def _seconds(value: float | None) -> str:
    """``1`` not ``1.0``: the desktop client only honours integer Backoff values."""
    return f"{value:g}"
