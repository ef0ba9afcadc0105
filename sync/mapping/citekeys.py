"""Citation keys: chosen once, never changed, never reused.

The survey text cites these keys, so a key, once written to the bib, belongs to
its Zotero item for good. For each item the key is, in order of precedence:

1. the item's native ``citationKey`` field (Zotero 8, Better BibTeX);
2. a ``Citation Key: <key>`` line in its Extra field (older pinning);
3. the key the item already has (sync state, or the ``zoterokey`` field of its
   entry in the bib);
4. a new key from the formula ``<family><year><word>``:

   a. ``family``: the first author's family name (else the first editor's,
      else "anon"), particles included ("van der Maaten" → ``vandermaaten``);
      for an organisation, its first word;
   b. ``year``: the four-digit year of the item's date, else ``nd``;
   c. ``word``: the first word of the title that is not a stop word
      (:data:`STOP_WORDS`), else ``untitled``; the title as a reader sees it,
      its rich-text markup removed (``<i>Homo</i> sapiens`` → ``homo``);

   each part folded to ASCII lower case letters and digits
   ("Ström 1997 Sparse connection…" → ``strom1997sparse``), as most keys of
   the existing sparsity.bib are.

Clashes: keys compare case-insensitively (as in BibTeX and pybtex). A new key
that is already taken — by another item, by a local entry of the bib, or by a
key retired when its item was deleted or renamed — gets the first free suffix
``a``, ``b`` … ``z``, ``aa`` …; new items are keyed in order of their
``dateAdded`` (then item key), so the result is deterministic. A pinned key
(1 or 2) is taken as given when BibTeX can use it; a pin it cannot use
(spaces, CJK, braces …), a second item pinning the same key, or a pin naming a
key another item holds is ignored with one warning naming the item, and the
item keeps the key it has (or gets a new one by the formula). Editing an item's title or year never changes its key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sync.errors import CitationKeyError
from sync.mapping import richtext, schema

STOP_WORDS = frozenset(
    "a an and are as at by can do does for from how in is it of on or the to toward towards "
    "via we what when where which why with".split()
)
#: Characters allowed in a pinned key (a subset BibTeX, biber and pybtex all accept).
_VALID_KEY = re.compile(r"^[A-Za-z0-9_\-:.+/]+$")
_CITATION_KEY_LINE = re.compile(r"^\s*(?:citation key|bibtex)\s*:\s*(\S+)\s*$", re.IGNORECASE | re.MULTILINE)
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)


def fold(text: str) -> str:
    """ASCII lower-case letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).lower())


def pinned_key(data: dict) -> str | None:
    """The key pinned in the item (native field first, then an Extra line), if any."""
    native = (data.get("citationKey") or "").strip()
    if native:
        return native
    match = _CITATION_KEY_LINE.search(data.get("extra") or "")
    return match.group(1) if match else None


def valid_key(key: str) -> bool:
    """True when BibTeX, biber and pybtex all accept *key* as a citation key."""
    return bool(_VALID_KEY.match(key))


def check_key(key: str, item: str) -> str:
    if not _VALID_KEY.match(key):
        raise CitationKeyError(
            f"item {item} pins citation key {key!r}, which BibTeX cannot use; "
            "change it in Zotero to letters, digits and - _ : . + / only"
        )
    return key


def base_key(data: dict, year: str | None) -> str:
    """The formula key, before any clash suffix."""
    creators = data.get("creators") or []
    people = [c for c in creators if c.get("creatorType") != "editor"] or creators
    family = "anon"
    if people:
        first = people[0]
        family = fold(first.get("lastName") or (first.get("name") or "").split(" ")[0]) or "anon"
    title = richtext.plain(schema.value_by_base(data, "title"))  # the words a reader sees, not markup
    words = [fold(word) for word in re.split(r"[\s\-–—:/]+", title)]
    word = next((w for w in words if w and w not in STOP_WORDS), "untitled")
    return f"{family}{year or 'nd'}{word}"


def suffixes() -> Iterable[str]:
    """ "", "a" … "z", "aa", "ab" …"""
    yield ""
    width = 1
    while True:
        for n in range(26**width):
            letters, value = [], n
            for _ in range(width):
                letters.append(chr(ord("a") + value % 26))
                value //= 26
            yield "".join(reversed(letters))
        width += 1


def first_free(base: str, taken: set[str]) -> str:
    """*base* with the first suffix that no taken key (compared case-insensitively) has."""
    for suffix in suffixes():
        candidate = base + suffix
        if candidate.lower() not in taken:
            return candidate
    raise AssertionError("unreachable")
