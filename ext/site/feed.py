"""An Atom feed of the papers most recently added to the library (pure).

Followers subscribe to learn of new papers. The dates are Zotero's
``dateAdded`` as the sync writes it (``dateadded`` field); entries without
one (added to the bib by hand) are not in the feed. The feed is a small pure
function rather than a library (feedgen) so that the output is a function of
the bib alone: no build time in ``<updated>``, no generator version, so an
unchanged bib gives a byte-identical feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class FeedEntry:
    added: str  #: YYYY-MM-DD
    key: str
    title: str
    summary: str  #: the full citation as plain text
    link: str  #: the entry on the page, relative to the feed or absolute


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _id(base: str, link: str, key: str) -> str:
    return base + link if base else "urn:bibkey:" + quote(key, safe="")


def atom_feed(
    entries: list[FeedEntry], *, title: str, page: str, feed: str, base: str = "", limit: int = 50
) -> str:
    """The newest *limit* dated entries as an Atom 1.0 document.

    *page* and *feed* are the list page's and the feed's own paths; *base* (the site's
    ``html_baseurl``, may be empty) makes them and the ids absolute.
    """
    newest = sorted((e for e in entries if e.added), key=lambda e: (e.added, e.key), reverse=True)[:limit]
    updated = newest[0].added if newest else "1970-01-01"
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom"{" xml:base=" + quoteattr(base) if base else ""}>',
        f"<title>{escape(title)}</title>",
        f"<id>{escape(base + feed if base else 'urn:bibkey-feed:' + quote(title, safe=''))}</id>",
        f"<updated>{_stamp(updated)}</updated>",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(feed)}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(page)}/>',
        f"<author><name>{escape(title)}</name></author>",
    ]
    body = []
    for entry in newest:
        body += [
            "<entry>",
            f"<title>{escape(entry.title or entry.key)}</title>",
            f"<id>{escape(_id(base, entry.link, entry.key))}</id>",
            f'<link rel="alternate" type="text/html" href={quoteattr(entry.link)}/>',
            f"<published>{_stamp(entry.added)}</published>",
            f"<updated>{_stamp(entry.added)}</updated>",
            f"<summary>{escape(entry.summary)}</summary>",
            "</entry>",
        ]
    return "\n".join([*head, *body, "</feed>"]) + "\n"
