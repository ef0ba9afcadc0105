"""Zotero collections as the page's topics: each item's collections, by path, in one bib field (pure).

Curators organise a group library with collections (nested: "Pruning" › "Structured"); the
page offers them as a facet (:func:`ext.site.facets.collections_of`). An item's collections are
written into its entry as ``zotero-collections = {Pruning › Structured; Quantization}``: the
paths of the collections it is in, sorted, separated by "; ", levels by " › ". BibTeX styles,
biber and biblatex ignore a field they do not know, so the entry stays valid everywhere, and
the site reads the topics from the bib alone (no Zotero needed to build it).

A collection renamed or moved in Zotero changes no item's version, only the collection's: the
pull (:mod:`sync.client.zotero`) reads the collections whenever the library version moved, and when a
collection changed since the saved version it reads every item again, so each entry's paths
are rewritten (:func:`changed_since`).
"""

from __future__ import annotations

FIELD = "zotero-collections"
LEVELS = " › "
SEPARATOR = "; "


def _data(collection: dict) -> dict:
    return collection.get("data", collection)


def _name(collection: dict) -> str:
    """The collection's name on one line, without the characters that separate paths and levels."""
    name = " ".join(str(_data(collection).get("name", "")).split())
    return name.replace(";", ",").replace("›", ">") or "Unnamed"


def paths(collections: list[dict]) -> dict[str, str]:
    """Collection key → its path from the top ("Pruning › Structured"); a broken parent link ends it."""
    by_key = {str(c.get("key", "")): c for c in collections if c.get("key")}
    found: dict[str, str] = {}
    for key in by_key:
        names: list[str] = []
        seen: set[str] = set()
        at: str | None = key
        while at in by_key and at not in seen:  # a cycle or a missing parent stops the walk
            seen.add(at)
            names.append(_name(by_key[at]))
            parent = _data(by_key[at]).get("parentCollection")
            at = parent if isinstance(parent, str) and parent else None
        found[key] = LEVELS.join(reversed(names))
    return found


def changed_since(collections: list[dict], version: int) -> bool:
    """Whether a collection was created, renamed or moved after *version*."""
    return any(int(c.get("version", _data(c).get("version", 0)) or 0) > version for c in collections)


def field_for(item: dict, known: dict[str, str]) -> dict[str, str]:
    """``{"zotero-collections": ...}`` for an item in known collections, ``{}`` otherwise."""
    from sync.mapping import texify  # the escaping loads the title rules: only a pull that converts needs it

    keys = _data(item).get("collections") or []
    found = sorted({known[key] for key in keys if isinstance(key, str) and key in known}, key=str.casefold)
    return {FIELD: texify.escape(SEPARATOR.join(found))} if found else {}
