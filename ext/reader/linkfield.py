"""The link a ``url`` field holds, however an exporter wrote it, and the links it cannot show.

Real files write one address in many ways: Mendeley escapes underscores
(``a{\\_}b``), some fields hold several addresses separated by blanks, some
leave out the scheme (``www.example.org/page``), some wrap it in ``\\url{}``.
:func:`url_of` reads all of these and picks the first address that may be a
link (:func:`ext.reader.urls.safe_url` decides); a scheme-less address that names a
host gets ``http://`` (every web server answers it). Whatever the field held
that is not shown is reported by :func:`report_dropped_links`, once per entry,
with file and line (kind ``link``): a link never disappears silently.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ext.reader.bibtext import Problem
from ext.reader.urls import safe_url

if TYPE_CHECKING:
    from ext.reader.bibfile import Bibliography

_URL_COMMAND = re.compile(r"^\\url\s*\{(.*)\}$", re.DOTALL)
_TEX_ESCAPE = re.compile(r"\{?\\([_%#&~$])(?:\{\})?\}?")  # {\_}, \_, \~{}
_HOST = re.compile(r"^(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:[/:?#]|$)")


def unescape(value: str) -> str:
    """*value* without ``\\url{}`` around it, TeX escapes (``{\\_}``, ``\\%``) and braces."""
    value = value.strip()
    match = _URL_COMMAND.match(value)
    if match:
        value = match.group(1)
    return _TEX_ESCAPE.sub(r"\1", value).replace("{", "").replace("}", "")


def url_parts(value: str) -> list[str]:
    """The addresses in a url field, unescaped, each with a scheme where it names a host."""
    value = unescape(value)
    return ["http://" + part if _HOST.match(part) else part for part in value.split()]


def url_of(value: str) -> tuple[str | None, list[str]]:
    """The address to show (the first that may be a link) and the parts left out."""
    shown = None
    dropped = []
    for part in url_parts(value):
        safe = safe_url(part)
        if shown is None and safe is not None:
            shown = safe
        else:
            dropped.append(part)
    return shown, dropped


def report_dropped_links(bib: Bibliography) -> None:
    """One ``link`` problem for each entry whose url field holds an address that is not shown."""
    for key, entry in bib.data.entries.items():
        value = entry.fields.get("url", "")
        if not value.strip():
            continue
        shown, dropped = url_of(value)
        if not dropped:
            continue
        path, line = bib.locations.get(key, ("<string>", 0))
        source = bib.sources.get(key, "")
        found = re.search(r"\burl\s*=", source, re.IGNORECASE)
        offset = source[: found.start()].count("\n") if found else 0
        what = ", ".join(repr(part) for part in dropped)
        reason = (
            "only the first address is shown"
            if shown
            else "it is not an http, https or ftp address, so it is not shown"
        )
        message = f"url of entry '{key}' holds {what}: {reason}; keep one web address in url"
        bib.problems.append(Problem(path, line + offset, key, "link", message))
