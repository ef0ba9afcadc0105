"""``FakeZotero``: groups, keys, the request log and fault hooks around one local HTTP server."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from .api import Api
from .auth import ApiKey
from .faults import Fault, Faults, RequestRecord
from .handler import HTTPServer
from .library import Library, User
from .schema import load
from .wire import Request, Response, text_error

API_VERSION = "3"
OWNER = User(1, "owner")


class FakeZotero:
    """A Zotero Web API v3 server on 127.0.0.1 for tests (see the package docstring)."""

    def __init__(
        self,
        keys: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        schema: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.schema = load(str(schema) if schema else None)
        self.keys = {
            k: ApiKey.from_spec(k, spec, 10_001 + i) for i, (k, spec) in enumerate((keys or {}).items())
        }
        self.groups: dict[int, Library] = {}
        self.requests: list[RequestRecord] = []
        self.latency = 0.0
        self._api = Api(self.schema, self.groups, self.keys)
        self._faults = Faults()
        self._address = (host, port)
        self._httpd: HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``, to assign to ``Zotero.endpoint``."""
        if self._httpd is None:
            raise RuntimeError("the server is not running; call start() or use it as a context manager")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def add_group(self, group_id: int, name: str = "", *, public: bool = False) -> Library:
        """Create an empty group library (version 0); *public* allows anonymous reads."""
        if group_id in self.groups:
            raise ValueError(f"group {group_id} already exists")
        self.groups[group_id] = Library(
            group_id, name or f"Group {group_id}", public=public, schema=self.schema, owner=OWNER
        )
        return self.groups[group_id]

    def add_library(self, library: Library) -> Library:
        """Serve *library* (e.g. a :meth:`Library.copy` of a fixture built once) as its group."""
        if library.id in self.groups:
            raise ValueError(f"group {library.id} already exists")
        self.groups[library.id] = library
        return library

    def group(self, group_id: int) -> Library:
        """The library of *group_id*, for set-up and assertions without HTTP."""
        return self.groups[group_id]

    def inject(
        self,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        backoff: float | None = None,
        delay: float = 0.0,
        drop: bool = False,
        before: Callable[[RequestRecord], object] | None = None,
        rewrite: Callable[[Response], Response] | None = None,
        times: int | None = 1,
        after: int = 0,
        path_contains: str = "",
        method: str | None = None,
        query: Mapping[str, str] | None = None,
        message: str = "",
    ) -> Fault:
        """Arm a fault for the next matching requests and return it (``fault.fired`` counts hits).

        Effects: ``status`` (+ ``retry_after`` → ``Retry-After``, ``message`` → body) replaces the
        response; ``backoff`` adds ``Backoff`` to the next successful responses; ``delay`` sleeps
        first; ``drop`` closes the connection without answering; ``before(record)`` runs first
        (e.g. edit the library between pages); ``rewrite(response)`` replaces the real answer
        (a malformed body or header, as a faulty server or proxy sends). Matching: ``path_contains``, ``method``, ``query``
        (exact values, e.g. ``{"start": "200"}``); the first ``after`` matches are let through;
        then it fires ``times`` times (``None`` = every time).
        """
        fault = Fault(
            status=status,
            retry_after=retry_after,
            backoff=backoff,
            delay=delay,
            drop=drop,
            before=before,
            rewrite=rewrite,
            times=times,
            after=after,
            path_contains=path_contains,
            method=method,
            query=dict(query or {}),
            message=message,
        )
        return self._faults.add(fault)

    def clear_faults(self) -> None:
        self._faults.clear()

    def start(self) -> FakeZotero:
        """Listen (port 0 = a free port) and serve from a daemon thread."""
        if self._httpd is None:
            self._httpd = HTTPServer(self._address, self._respond)
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd.close_connections()
            assert self._thread is not None
            self._thread.join()
            self._httpd = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _respond(self, request: Request) -> Response | None:
        """Log, apply faults and latency, then answer; ``None`` tells the handler to drop."""
        record = RequestRecord(
            request.method,
            request.path,
            {k: v[-1] for k, v in request.query.items()},
            request.headers,
            request.body,
        )
        self.requests.append(record)
        fired = self._faults.take(record)
        for fault in fired:
            if fault.before is not None:
                fault.before(record)
        pause = self.latency + sum(f.delay for f in fired)
        if pause:
            time.sleep(pause)
        if any(f.drop for f in fired):
            return None
        failing = next((f for f in fired if f.status is not None), None)
        try:
            response = failing.response() if failing else self._api.handle(request)
        except Exception:
            response = text_error(500, traceback.format_exc())
        for fault in fired:
            if fault.rewrite is not None:
                response = fault.rewrite(response)
        self._faults.decorate(record, response)
        response.headers["Zotero-API-Version"] = API_VERSION
        response.headers["Zotero-Schema-Version"] = str(self.schema.version)
        record.status = response.status
        return response
