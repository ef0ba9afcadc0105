"""Requests and responses as the API layer sees them, independent of ``http.server``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .errors import escape

DEFAULT_MESSAGES = {
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    429: "Too many requests",
    500: "An error occurred",
    502: "Bad Gateway",
    503: "Service unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Request:
    """What the handler read off the wire; header names are lower-case."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    base: str  # scheme://host the client used, for absolute links


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def json_response(obj: Any, headers: dict[str, str] | None = None) -> Response:
    """PHP ``formatJSON``: pretty-printed, unescaped slashes and Unicode."""
    body = json.dumps(obj, indent=4, ensure_ascii=False).encode()
    return Response(200, body, "application/json", headers or {})


def text_error(status: int, message: str = "", headers: dict[str, str] | None = None) -> Response:
    """Plain-text error body, HTML-escaped, with the server's default text when there is none."""
    body = escape(message or DEFAULT_MESSAGES.get(status, "")).encode()
    return Response(status, body, "text/plain; charset=utf-8", dict(headers or {}))
