"""Which links may be shown: only http, https and ftp URLs ever become links.

Anyone in the Zotero group can type into a URL or DOI field, so a value such as
``javascript:alert(1)`` must stay inert text; this is the one place that decides.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ext.reader.chars import INVISIBLE, UNSAFE

SAFE_SCHEMES = frozenset({"http", "https", "ftp"})
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.|www\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def safe_url(url: str) -> str | None:
    """*url* stripped of surrounding blanks if its scheme is safe, else ``None``."""
    url = url.strip()
    if not url or _FORBIDDEN.search(url) or UNSAFE.search(url) or INVISIBLE.search(url):
        return None  # a link shows what it is: no control, invisible or direction-changing characters
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return url


def bare_doi(doi: str) -> str:
    """The DOI itself, without ``https://doi.org/``, ``dx.doi.org`` or ``doi:`` prefixes."""
    doi = doi.strip()
    while True:
        stripped = _DOI_PREFIX.sub("", doi, count=1)
        if stripped == doi:
            return doi
        doi = stripped.strip()


def doi_url(doi: str) -> str | None:
    """The resolver link for a DOI field, however the DOI was written."""
    bare = bare_doi(doi)
    if not bare.startswith("10."):
        return None
    # old Wiley DOIs hold "<" and ">" (10.1002/(SICI)...<693::AID-ASI4>3.0.CO;2-0): percent-encoded,
    # the same DOI; quotes and backslashes still make it unsafe
    encoded = bare.replace(" ", "").replace("<", "%3C").replace(">", "%3E")
    return safe_url("https://doi.org/" + encoded)
