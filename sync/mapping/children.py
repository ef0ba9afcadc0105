"""Child notes and attachments, for ``pull --notes`` (pure).

By default the mirror leaves them out, as Zotero's BibTeX export leaves out
files: a group's notes are its members' working notes, and the mirror is
published. ``--notes`` writes an item's child notes as ``annote`` (the note's
HTML as rich text: paragraphs and lists become text, ``<em>``/``<strong>``
italics and bold, like titles) and, when the item has no URL, the web link of
an attachment that readers can open (a linked or imported URL, a PDF first) as
``url``, which the page shows. Stored files are never written: their paths are
the group's private storage.
"""

from __future__ import annotations

import html
import re

from ext.reader.urls import safe_url
from sync.mapping import texify

_BLOCK = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|pre|tr|table)\b[^>]*>", re.I)
_RENAMED = {"em": "i", "strong": "b"}
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)\b[^>]*>", re.I)
_KEPT = frozenset({"i", "b", "sub", "sup", "sc"})


def by_parent(items: list[dict]) -> dict[str, list[dict]]:
    """Child notes and attachments (not trashed) grouped by the key of their parent item."""
    found: dict[str, list[dict]] = {}
    for item in items:
        data = item.get("data", item)
        parent = data.get("parentItem")
        if parent and not data.get("deleted") and data.get("itemType") in ("note", "attachment"):
            found.setdefault(parent, []).append(data)
    for kids in found.values():
        kids.sort(key=lambda data: (data.get("dateAdded", ""), data.get("key", "")))  # as added
    return found


def _note_text(note: str) -> str:
    """A note's HTML as Zotero rich text: blocks become blanks, formatting tags stay, others go."""

    def tag(match: re.Match) -> str:
        name = _RENAMED.get(match.group(2).lower(), match.group(2).lower())
        return f"<{match.group(1)}{name}>" if name in _KEPT else ""

    text = _TAG.sub(tag, _BLOCK.sub(" ", note))
    return html.unescape(text).strip()


def annote(children: list[dict]) -> str | None:
    """The child notes as one ``annote`` value (LaTeX), in their order, joined by "; "."""
    notes = [_note_text(child.get("note") or "") for child in children if child.get("itemType") == "note"]
    latex = [texify.rich(note) for note in notes if note]
    return "; ".join(latex) or None


def reader_link(children: list[dict]) -> str | None:
    """The first web link of an attachment a reader can open (PDFs first); never a stored file's path."""
    links = [
        child
        for child in children
        if child.get("itemType") == "attachment"
        and child.get("linkMode") in ("linked_url", "imported_url")
        and safe_url(child.get("url") or "")
    ]
    links.sort(key=lambda child: child.get("contentType") != "application/pdf")
    return safe_url(links[0]["url"]) if links else None
