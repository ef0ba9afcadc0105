"""What a failed Zotero call means: answers retrying cannot fix, and faults of the server (pure).

:mod:`sync.client.zotero` makes the calls and retries; this module only classifies. A
``TypeError``/``KeyError``/``ValueError``/``AttributeError`` counts as the
server's fault only when it was raised while pyzotero, httpx or ``json`` read
the server's answer (:func:`raised_reading_the_answer`); raised in our own code
it is a bug of ours, and propagates as one instead of being retried and blamed
on the server.
"""

from __future__ import annotations

import socket
from types import TracebackType

from sync.errors import ZoteroAccessError

#: Packages that read the server's answer: an error raised inside them means the answer was not the API's.
ANSWER_READERS = frozenset(
    {"pyzotero", "httpx", "httpx2", "httpcore", "h11", "json", "feedparser", "bibtexparser"}
)


class NotModified(Exception):
    """The library has not changed since the version we asked about."""


class PreconditionFailed(Exception):
    """412: the library changed since the version a write was based on."""


class StateAhead(Exception):
    """The saved state claims a library version the library has not reached: it cannot be trusted."""


class DeleteLogExpired(Exception):
    """409 from /deleted: the version is older than the delete log; a full pull is needed."""


class NotAnApiAnswer(Exception):
    """An answer of the wrong kind (not a list of items, not a JSON object): --endpoint is no Zotero API."""


def _innermost(traceback: TracebackType | None) -> TracebackType | None:
    while traceback is not None and traceback.tb_next is not None:
        traceback = traceback.tb_next
    return traceback


def raised_reading_the_answer(error: BaseException) -> bool:
    """Whether *error* was raised inside a package that reads the server's answer (not in our code)."""
    innermost = _innermost(error.__traceback__)
    if innermost is None:
        return False
    module = str(innermost.tb_frame.f_globals.get("__name__", ""))
    return module.partition(".")[0] in ANSWER_READERS


def is_dns_failure(error: BaseException) -> bool:
    """Whether a connection failed because the host name could not be resolved (retrying cannot help)."""
    seen = error
    while seen is not None:
        if (
            isinstance(seen, socket.gaierror)
            or "name resolution" in str(seen).lower()
            or "name or service not known" in str(seen).lower()
        ):
            return True
        cause = seen.__cause__ or seen.__context__
        if cause is None:
            return False
        seen = cause
    return False


def connect_failure(error: BaseException, endpoint: str, local: bool) -> str:
    """The retryable message for a refused connection; raises when retrying cannot help."""
    if local:  # nothing listens: waiting and retrying cannot help
        raise ZoteroAccessError(
            f"Zotero desktop does not answer at {endpoint}; start Zotero and tick "
            "Settings → Advanced → 'Allow other applications on this computer to communicate "
            "with Zotero'"
        ) from None
    if is_dns_failure(error):
        raise ZoteroAccessError(
            f"cannot resolve the host of {endpoint}; check your network connection and --endpoint"
        ) from None
    return f"cannot connect to {endpoint}"


def raise_for(status: int, what: str, library: str, endpoint: str) -> None:
    """Raise for the HTTP statuses that retrying cannot fix; return for the others."""
    if status == 304:
        raise NotModified
    if status == 412:
        raise PreconditionFailed
    if status == 409 and "deleted" in what:
        raise DeleteLogExpired
    if status in (401, 403):
        needed = "write to" if what.startswith(("creating", "updating")) else "read"
        raise ZoteroAccessError(
            f"the Zotero API refused access to {library} ({status}); set ZOTERO_API_KEY "
            f"to a key that can {needed} this group (https://www.zotero.org/settings/keys)"
        )
    if status == 404:
        raise ZoteroAccessError(
            f"{library} does not exist at {endpoint} (404); check --group or ZOTERO_GROUP_ID"
        )
    if status and status < 500 and status not in (408, 429):
        raise ZoteroAccessError(
            f"the Zotero API rejected {what} ({status}); check --endpoint points at a Zotero Web API v3 server"
        )
