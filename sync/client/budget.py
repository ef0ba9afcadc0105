"""Bounded waits: a request never outlives ``--timeout``, a pull never outlives ``--max-time``.

httpx's read timeout restarts with every chunk, so a server that drips its
answer a byte a second holds a request for ever; :class:`WholeRequestTimeout`
ends it once the answer has taken ``--timeout`` in all. A ``Retry-After`` or
``Backoff`` of days is cut to :data:`MAX_WAIT`, and every wait and every new
request of a pull is measured against its :class:`Budget`: when ``--max-time``
is spent, the pull stops with one error, leaving the bib as it was.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx2

from sync.errors import ZoteroAccessError

MAX_WAIT = 60.0  #: longest pause we accept from Retry-After/Backoff


class Budget:
    """The time a whole pull (or push) may take."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        return self.ends - time.monotonic()

    def capped(self, seconds: float) -> float:
        """*seconds* of waiting, cut to :data:`MAX_WAIT` and to what is left."""
        return max(0.0, min(seconds, MAX_WAIT, self.left()))

    def wait(self, seconds: float) -> None:
        pause = self.capped(seconds)
        if pause:
            time.sleep(pause)
        self.check()

    def check(self) -> None:
        if self.left() <= 0:
            raise ZoteroAccessError(
                f"gave up after {self.seconds:g} s (--max-time): the Zotero API answers too slowly or keeps "
                "asking us to wait; try again later"
            )


class _Until(httpx2.SyncByteStream):
    """A response body that may arrive only until *ends*."""

    def __init__(
        self, inner: httpx2.SyncByteStream, ends: float, seconds: float, request: httpx2.Request
    ) -> None:
        self.inner, self.ends, self.seconds, self.request = inner, ends, seconds, request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            if time.monotonic() > self.ends:
                raise httpx2.ReadTimeout(
                    f"the answer took more than {self.seconds:g} s", request=self.request
                )
            yield chunk

    def close(self) -> None:
        self.inner.close()


class WholeRequestTimeout(httpx2.HTTPTransport):
    """The standard transport, except that a whole answer (headers and body) must come within *seconds*."""

    def __init__(self, seconds: float, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.seconds = seconds

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        ends = time.monotonic() + self.seconds
        response = super().handle_request(request)
        stream = response.stream
        assert isinstance(stream, httpx2.SyncByteStream)
        response.stream = _Until(stream, ends, self.seconds, request)
        return response
