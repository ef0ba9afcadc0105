"""Request bookkeeping shared by every thread of one client: counting, Backoff pauses, headers, timeout."""

from __future__ import annotations

import threading
import time
from email.utils import parsedate_to_datetime

import httpx2

from sync.client.budget import MAX_WAIT, Budget


def seconds(value: str | None) -> float:
    """A Retry-After/Backoff value in seconds: a number, or an HTTP date (RFC 9110)."""
    try:
        return max(0.0, float(value or 0))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value or "").timestamp() - time.time())
    except (TypeError, ValueError):
        return 0.0


class Gate:
    """Shared request bookkeeping: counting, Backoff/Retry-After pauses, per-thread extra headers, our timeout.

    pyzotero passes its own fixed 30 s timeout with every read; the request hook
    puts the user's ``--timeout`` back.
    """

    def __init__(self, timeout: float, budget: Budget) -> None:
        self.timeout = {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}
        self.budget = budget
        self.lock = threading.Lock()
        self.requests = 0
        self.resume_at = 0.0
        self.local = threading.local()

    def on_request(self, request: httpx2.Request) -> None:
        self.budget.check()
        with self.lock:
            self.requests += 1
            wait = self.resume_at - time.monotonic()
        if wait > 0:
            self.budget.wait(wait)
        for name, value in getattr(self.local, "headers", {}).items():
            request.headers[name] = value
        request.extensions["timeout"] = self.timeout

    def on_response(self, response: httpx2.Response) -> None:
        """``Backoff`` on any answer, ``Retry-After`` on a 429 or 503: every thread's next request waits
        (pyzotero waits only in the thread that got it, before its own retry)."""
        pause = seconds(response.headers.get("backoff"))
        if response.status_code in (429, 503):
            pause = max(pause, seconds(response.headers.get("retry-after")))
        if pause:
            self.pause(pause)

    def pause(self, seconds: float) -> None:
        with self.lock:
            self.resume_at = max(self.resume_at, time.monotonic() + min(seconds, MAX_WAIT))
