"""The one module that talks to Zotero (through pyzotero, over one httpx2 client).

What pyzotero leaves to its caller is done here:

* a conditional first request (``If-Modified-Since-Version``), so an
  unchanged library costs one request that answers 304;
* bounded retries with exponential backoff for 5xx answers, rate limits,
  timeouts and dropped connections, resuming from the page that failed;
  ``Backoff``/``Retry-After`` headers on any answer pause every request;
* a check that every answer of one pull reports the same library version
  (:class:`~sync.errors.VersionMoved` otherwise);
* full pulls read the pages of the library concurrently, the collections with the
  first page (at most ``concurrency`` ≤ 4 requests at once, as the API's rules allow);
* errors become one :class:`~sync.errors.ZoteroAccessError` line naming the fix,
  without the API key.
"""

from __future__ import annotations

import functools
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx2
from pyzotero import errors as zerrors
from pyzotero import zotero

from sync.client.answers import (
    MAX_ITEMS,
    MAX_VERSION,
    MalformedAnswer,
    checked_deleted,
    checked_items,
    checked_page,
    checked_versions,
    header_number,
    shaped,
)
from sync.client.budget import Budget, WholeRequestTimeout
from sync.client.failures import (
    DeleteLogExpired,
    NotAnApiAnswer,
    PreconditionFailed,
    StateAhead,
    connect_failure,
    raise_for,
    raised_reading_the_answer,
)
from sync.client.gate import Gate
from sync.client.gate import seconds as _seconds
from sync.client.settings import Settings
from sync.errors import VersionMoved, ZoteroAccessError
from sync.local.changes import Changes
from sync.mapping import topics

PAGE = 100  #: items per page (the API's maximum)
WRITE_BATCH = 50  #: objects per write (the API's maximum)
ENTRY_TYPES = "-attachment || note"  #: itemType filter for regular items


class _BoundedZotero(zotero.Zotero):
    """pyzotero, except that a Backoff/Retry-After pause is cut to :data:`MAX_WAIT` and to the pull's budget."""

    budget: Budget

    def _set_backoff(self, duration: str | float) -> None:
        super()._set_backoff(self.budget.capped(_seconds(str(duration))))


def _items_by_key(zot: zotero.Zotero, keys: str) -> Any:
    return zot.items(itemKey=keys, includeTrashed=1, limit=PAGE)


def _collections_from(zot: zotero.Zotero, start: int) -> Any:
    return zot.collections(start=start, limit=PAGE)


class ZoteroClient:
    """Reads (and, for ``push``, writes) one group library."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.budget = Budget(settings.max_time)
        self.gate = Gate(settings.timeout, self.budget)
        self._instances: list[zotero.Zotero] = []
        self._mine = threading.local()
        self._http = httpx2.Client(
            timeout=settings.timeout,
            follow_redirects=True,
            trust_env=not settings.local,
            transport=WholeRequestTimeout(
                settings.timeout,
                trust_env=not settings.local,
                limits=httpx2.Limits(max_connections=settings.concurrency),
            ),
            event_hooks={"request": [self.gate.on_request], "response": [self.gate.on_response]},
        )

    @property
    def requests(self) -> int:
        return self.gate.requests

    def close(self) -> None:
        self._http.close()

    def _zotero(self) -> zotero.Zotero:
        """This thread's pyzotero object (pyzotero keeps per-call state on it)."""
        zot = getattr(self._mine, "zot", None)
        if zot is None:
            key = self.settings.api_key.reveal() if self.settings.api_key else None
            zot = _BoundedZotero(
                self.settings.group, "group", key, local=self.settings.local, client=self._http
            )
            zot.budget = self.budget
            zot.endpoint = self.settings.endpoint
            self._mine.zot = zot
            self._instances.append(zot)  # keep alive: pyzotero closes its client when collected
        return zot

    def _call(
        self,
        what: str,
        action: Callable[[zotero.Zotero], Any],
        headers: dict[str, str] | None = None,
        expect: type = object,
        check: Callable[[Any, httpx2.Headers], None] | None = None,
    ):
        """Run one pyzotero call with retries; returns (result, response headers).

        *expect* is the shape of a good answer: ``list`` (of items, each a dict
        with a ``key``) or ``dict``; anything else means --endpoint is no Zotero API.
        *check* looks closer (:mod:`sync.client.answers`); an answer it refuses is retried
        like a server error.
        """
        zot = self._zotero()
        self.gate.local.headers = headers or {}
        last: str = ""
        try:
            for attempt in range(self.settings.retries + 1):
                wait = min(0.5 * 2**attempt, 8.0)
                zot.url_params = (
                    None  # pyzotero keeps a failed call's parameters (a 304's since=) for the next
                )
                try:
                    return self._attempt(zot, action, expect, check)
                except MalformedAnswer as error:
                    last = f"{self.settings.endpoint} sent a malformed answer to {what} ({error})"
                except NotAnApiAnswer as error:
                    last = self._not_an_api(what, str(error))
                except zerrors.TooManyRetriesError:
                    last = "the Zotero API kept answering 429 (too many requests)"
                except zerrors.PyZoteroError:
                    last, wait = self._refused(zot, what, wait)
                except (TypeError, ValueError, KeyError, AttributeError) as error:
                    if not raised_reading_the_answer(error):
                        raise  # a bug of ours, not the server's fault: never retried nor blamed on it
                    last = self._not_an_api(what, type(error).__name__)  # a proxy's page, a cut body
                except httpx2.ConnectError as error:
                    last = connect_failure(error, self.settings.endpoint, self.settings.local)
                except httpx2.TimeoutException:
                    last = f"{self.settings.endpoint} did not answer within {self.settings.timeout:g} s"
                except httpx2.TransportError:
                    last = f"the connection to {self.settings.endpoint} was dropped"
                if attempt < self.settings.retries:
                    self.budget.wait(wait)
        finally:
            self.gate.local.headers = {}
        attempts = self.settings.retries + 1
        raise ZoteroAccessError(
            f"{last} ({attempts} attempt{'s' if attempts > 1 else ''}); "
            "check your network and --endpoint, or try again later"
        )

    @staticmethod
    def _attempt(
        zot: zotero.Zotero,
        action: Callable[[zotero.Zotero], Any],
        expect: type,
        check: Callable[[Any, httpx2.Headers], None] | None,
    ) -> tuple[Any, httpx2.Headers]:
        """One try of a call: the answer must have the *expect*ed shape and pass *check*."""
        result = action(zot)
        answer = zot.request
        if not shaped(result, expect) or answer is None:
            raise NotAnApiAnswer(f"not a {expect.__name__}")
        if check is not None:
            check(result, answer.headers)
        return result, answer.headers

    def _not_an_api(self, what: str, why: str) -> str:
        return f"{self.settings.endpoint} did not answer {what} as a Zotero Web API v3 server does ({why})"

    def _refused(self, zot: zotero.Zotero, what: str, wait: float) -> tuple[str, float]:
        """An HTTP error status: raised when retrying cannot fix it, else the message and the wait (Retry-After)."""
        failed = zot.request
        status = failed.status_code if failed is not None else 0
        raise_for(status, what, self.settings.library, self.settings.endpoint)
        if failed is not None:
            wait = max(wait, _seconds(failed.headers.get("retry-after")))
        return f"the Zotero API answered {status} for {what}", wait

    @staticmethod
    def _version(headers: httpx2.Headers, expected: int | None) -> int:
        version = header_number(headers, "last-modified-version", MAX_VERSION)  # checked in _call already
        if expected is not None and version != expected:
            raise VersionMoved(f"library version moved from {expected} to {version}")
        return version

    def fetch_all(self, progress: Callable[[int, int], None] | None = None) -> Changes:
        """Every live regular top-level item: the collections with the first page, the next pages concurrently."""
        params = {"itemType": ENTRY_TYPES, "limit": PAGE, "sort": "dateAdded", "direction": "asc"}
        with ThreadPoolExecutor(
            max_workers=self.settings.concurrency
        ) as pool:  # ≤ concurrency requests at once
            collections = pool.submit(self.fetch_collections)
            first, headers = self._call(
                "the first page of items", lambda z: z.top(start=0, **params), expect=list, check=checked_page
            )
            version = self._version(headers, None)
            total = header_number(headers, "total-results", MAX_ITEMS)
            items = list(first)
            if progress:
                progress(len(items), total)

            def page(start: int) -> list[dict]:
                found, page_headers = self._call(
                    f"items {start}-{start + PAGE}",
                    lambda z: z.top(start=start, **params),
                    expect=list,
                    check=checked_page,
                )
                self._version(page_headers, version)
                return found

            starts = list(range(PAGE, total, PAGE))
            step = self.settings.concurrency
            for chunk in (starts[at : at + step] for at in range(0, len(starts), step)):
                pages = list(pool.map(page, chunk))
                for found in pages:
                    items.extend(found)
                if progress:
                    progress(len(items), total)
                if any(len(found) < PAGE for found in pages):
                    break  # a short page is the last one, whatever Total-Results claimed
            if len(items) != total:
                raise ZoteroAccessError(
                    f"{self.settings.endpoint} announced {total} items but sent {len(items)}; "
                    "the server is not answering consistently, try again later"
                )
            return Changes(version, items, full=True, collections=topics.paths(collections.result()))

    def fetch_collections(self) -> list[dict]:
        """Every collection of the library (name, parent, version), 100 per request; not checked against
        the items' library version: a collection changed meanwhile is newer than the saved state, so
        the next pull reads everything again (:func:`sync.mapping.topics.changed_since`)."""
        found: list[dict] = []
        while True:
            page, _ = self._call(
                "the collections",
                functools.partial(_collections_from, start=len(found)),
                expect=list,
            )
            found.extend(page)
            if len(page) < PAGE:
                return found

    def fetch_children(self) -> list[dict]:
        """Every child note and attachment of the library (for ``pull --notes``), 100 per request."""
        params = {"itemType": "note || attachment", "limit": PAGE}
        items: list[dict] = []
        while True:
            start = len(items)
            found, _ = self._call(
                f"child notes and attachments {start}-{start + PAGE}",
                functools.partial(lambda z, at: z.items(start=at, **params), at=start),
                expect=list,
                check=checked_page,
            )
            items.extend(found)
            if len(found) < PAGE:
                return items

    def fetch_since(self, version: int, progress: Callable[[int, int], None] | None = None) -> Changes | None:
        """What changed after *version*, or ``None`` when nothing did (one request).

        Only regular items are asked for (notes, attachments and annotations never become entries),
        trashed ones included; deletions come from ``/deleted``, asked with the collections beside the items.

        The request is not conditional: a 304 carries no library version, and the version is what shows a
        saved state to be ahead of the library (:class:`StateAhead`): else every pull could be a silent no-op.
        """
        versions, headers = self._call(
            "the changed item versions",
            lambda z: z.item_versions(since=version, includeTrashed=1, itemType=ENTRY_TYPES),
            expect=dict,
            check=checked_versions,
        )
        now = self._version(headers, None)
        if now < version:
            raise StateAhead(f"the saved state is at library version {version}, the library at {now}")
        if now == version and not versions:
            return None
        deleted_since = functools.partial(self._call, "the deleted items", expect=dict, check=checked_deleted)
        with ThreadPoolExecutor(max_workers=2) as pool:  # the collections and the deletions beside the items
            asked = pool.submit(self.fetch_collections)
            gone = pool.submit(deleted_since, lambda z: z.deleted(since=version))
            items = self.fetch_items(sorted(versions), now, progress)
        (deleted, deleted_headers), collections = gone.result(), asked.result()
        # a collection renamed, moved or deleted changes no item's version: then every entry is written again
        if topics.changed_since(collections, version) or deleted.get("collections"):
            return self.fetch_all(progress)
        self._version(deleted_headers, now)
        return Changes(
            now, items, deleted=list(deleted.get("items", [])), collections=topics.paths(collections)
        )

    def fetch_items(
        self, keys: list[str], version: int | None, progress: Callable[[int, int], None] | None = None
    ) -> list[dict]:
        """Items by key (trashed ones too), 100 per request."""
        items: list[dict] = []
        for start in range(0, len(keys), PAGE):
            batch = ",".join(keys[start : start + PAGE])
            found, headers = self._call(
                "changed items",
                functools.partial(_items_by_key, keys=batch),
                expect=list,
                check=checked_items,
            )
            self._version(headers, version)
            items.extend(found)
            if progress:
                progress(len(items), len(keys))
        return items

    def fetch_trash(self) -> list[dict]:
        """Every item in the trash (push must not re-create them: a curator removed them)."""
        items: list[dict] = []
        while True:
            found, _ = self._call(
                "the items in the trash",
                functools.partial(lambda z, start: z.trash(start=start, limit=PAGE), start=len(items)),
                expect=list,
                check=checked_items,
            )
            items.extend(found)
            if len(found) < PAGE:
                return items

    def deleted_since(self, version: int) -> list[str]:
        """Keys of the items deleted for good after library *version* (all the log holds for 0)."""
        try:
            deleted, _ = self._call(
                "the deleted items", lambda z: z.deleted(since=version), expect=dict, check=checked_deleted
            )
        except DeleteLogExpired:  # older than the log: what is left of it is all there is to know
            deleted, _ = self._call(
                "the deleted items", lambda z: z.deleted(since=0), expect=dict, check=checked_deleted
            )
        return list(deleted.get("items", []))

    def template(self, item_type: str) -> dict:
        """An empty item of *item_type*, as the server's schema shapes it."""
        template, _ = self._call(f"the {item_type} template", lambda z: z.item_template(item_type))
        return template

    def create_items(self, items: list[dict], version: int) -> tuple[dict, int]:
        """Create up to 50 items under a version precondition; the write report and new version."""
        token = uuid.uuid4().hex  # the same token on a retry: the server refuses a double write
        try:
            report, headers = self._call(
                f"creating {len(items)} items",
                lambda z: z.create_items(items, last_modified=version),
                headers={"Zotero-Write-Token": token},
            )
        except PreconditionFailed:
            raise VersionMoved("the library changed before the write") from None
        return report, int(headers.get("last-modified-version", version))

    def update_items(self, patches: list[dict]) -> tuple[dict, int]:
        """Partial updates of up to 50 items, each under its own ``version`` precondition.

        An item edited since it was read fails alone (412 in the report's
        ``failed``); the others are written. Returns the write report and the new
        library version.
        """
        token = uuid.uuid4().hex  # the same token on a retry: the server refuses a double write
        try:
            report, headers = self._call(
                f"updating {len(patches)} items",
                lambda z: z.create_items(patches),  # POST /items: keyed objects with a version are updates
                headers={"Zotero-Write-Token": token},
                expect=dict,
            )
        except PreconditionFailed:  # a retried write whose first attempt got through
            raise VersionMoved("the write token was used already: the update may have been written") from None
        return report, int(headers.get("last-modified-version", 0))
