"""The page record of one entry, declared once for Python and for the page's script.

``papers-data.js`` carries, per entry, the fields the page needs at once, and ``papers-more.js``
those it loads on first use (BibTeX, abstract, RIS, CSL-JSON). Each field has a short name in the
published data (twenty thousand entries must stay small) and a long one in code. The table below
is the one place that pairs them: :func:`ext.site.catalog.record` writes records through it, and
``papers-data.js`` hands it to ``papers.js`` as ``window.PAPERS_RECORD``, which reads every field
through it (``record[R.year]``), so a field renamed here is renamed everywhere.
"""

from __future__ import annotations

import json

#: long name (in code) → short name (in the published data)
FIELDS = {
    "key": "k",
    "year": "y",  #: the year as a number, 0 when undated
    "type": "t",  #: the page's type facet
    "topics": "p",  #: tags, as the Topic facet shows them
    "collections": "g",  #: Zotero collection paths, "Pruning › Structured"
    "preprint": "r",  #: 1 for a preprint, 0 for a published work
    "venue": "v",
    "added": "a",  #: the day Zotero added it, "" when unknown
    "titleRank": "o",  #: the title's rank in title order (worked out at build time)
    "titleLetter": "i",  #: the first letter of the title, for the title groups
    "bibtex": "b",
    "abstract": "x",
    "ris": "ris",
    "csl": "csl",
}
#: what the page needs at once (papers-data.js), and what it loads on first use (papers-more.js)
INDEX = (
    "key",
    "year",
    "type",
    "topics",
    "collections",
    "preprint",
    "venue",
    "added",
    "titleRank",
    "titleLetter",
)
MORE = ("bibtex", "abstract", "ris", "csl")
#: fields a record holds for the build only, never published: the words the search index is
#: made of, the words of the title (ranked into ``titleRank``) and the citation as text (the feed)
SEARCH_WORDS, TITLE_WORDS, CITATION = "searchWords", "titleWords", "citation"


def json_text(value: object) -> bytes:
    """*value* as compact JSON in UTF-8, as a record holds a large nested field (the CSL-JSON item): one
    object instead of a dozen dicts, lists and strings, 20 000 times over (less memory, and fewer objects
    for the library's pickle to keep track of). A ``bytes`` value in a record is always such JSON text."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_object(picked: dict) -> bytes:
    """``json_text(picked)``, except that its ``bytes`` values (see :func:`json_text`) are written as
    they are; they must come after the others."""
    kept = {name: value for name, value in picked.items() if not isinstance(value, bytes)}
    text = json_text(kept)
    if len(kept) == len(picked):
        return text
    if list(kept) != list(picked)[: len(kept)]:
        raise ValueError("a record's JSON-text fields must come after its other fields")
    tail = b",".join(
        json_text(name) + b":" + value for name, value in picked.items() if isinstance(value, bytes)
    )
    return text[:-1] + (b"," if kept else b"") + tail + b"}"


def short(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(FIELDS[name] for name in names)


def schema_script() -> bytes:
    """``window.PAPERS_RECORD={...};``: the table, for papers.js."""
    return b"window.PAPERS_RECORD=%s;\n" % json.dumps(FIELDS, separators=(",", ":")).encode("ascii")
