"""The two failure kinds of the dataserver: a whole request fails, or one object of a write fails."""

from __future__ import annotations


class ApiError(Exception):
    """Ends the request with *status* and a plain-text *message*, as the dataserver's e4xx/e5xx do."""

    def __init__(self, status: int, message: str = "", headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class ItemError(ValueError):
    """One uploaded object is rejected; a multi-object write reports it under ``failed`` and goes on."""

    def __init__(self, code: int, message: str, data: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data


def escape(text: str) -> str:
    """PHP ``htmlspecialchars(..., ENT_COMPAT)``: error texts are HTML-escaped, single quotes kept."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
