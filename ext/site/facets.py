"""What the page's search and filters know about an entry (pure).

Search words (:mod:`ext.site.searchindex`): title and every author and editor,
venue and its short names ("NeurIPS"), and the rest (the citation as printed,
year, DOI, arXiv id, citation key, abstract, topics, collections). Facets:
year, a reader's name for the kind of work, topics (the ``keywords`` field,
which the Zotero sync fills from tags), collections (the ``zotero-collections``
field, which the sync fills from the item's Zotero collections), the venue's
name in the one venue table (:mod:`ext.site.venues`), and whether the entry is a
preprint only (an arXiv id, no venue, no DOI of a publisher).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ext.reader.fields import Fields, access_link, arxiv_id
from ext.reader.latex import decode
from ext.reader.names import Name
from ext.reader.urls import bare_doi, doi_url, safe_url
from ext.site.searchindex import entry_words
from ext.site.venues import venue_aliases, venue_name

#: BibTeX type → what a reader calls it (misc with an arXiv id is "Preprint").
KINDS = {
    "article": "Journal article",
    "inproceedings": "Conference paper",
    "conference": "Conference paper",
    "incollection": "Book chapter",
    "inbook": "Book chapter",
    "book": "Book",
    "phdthesis": "Thesis",
    "mastersthesis": "Thesis",
    "techreport": "Report",
}


def fold(text: str) -> str:
    """Case- and accent-insensitive form used on both sides of a search."""
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


_PUNCTUATION = re.compile(r"[\W_]+")
#: ISO date (Zotero's dateAdded, as the sync writes it): the first ten characters are kept
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _date_added(value: str) -> str:
    """``YYYY-MM-DD`` when *value* starts with a real date not after today ("" otherwise: 9999-99-99 is no date)."""
    match = _DATE.match(value)
    if match is None:
        return ""
    try:
        day = datetime.date.fromisoformat(match.group())
    except ValueError:
        return ""
    return match.group() if day <= datetime.date.today() else ""


def words(text: str) -> str:
    """*text* folded, every run of punctuation a blank: what the page's script does to a query."""
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


@dataclass(frozen=True)
class Facets:
    year: int | None
    kind: str
    topics: tuple[str, ...]
    preprint: bool
    venue: str  #: the venue's name in the venue table ("ICLR"), else as written
    search: tuple[str, str, str]  #: the search words by weight (see ext.site.searchindex.entry_words)
    links: tuple[tuple[str, str], ...]  #: (label, url): DOI, arXiv, URL
    added: str = ""  #: the day the entry was added to the Zotero library (``YYYY-MM-DD``), if known
    abstract: str = ""
    collections: tuple[str, ...] = ()  #: Zotero collection paths ("Pruning › Structured")


def same_case(text: str) -> str:
    """The key under which spellings that differ only in case are one topic or venue.

    ``str.lower`` and not ``casefold``: the page's script merges with JavaScript's
    ``toLowerCase``, which follows the same Unicode lowercase mapping ("Straße"
    and "STRASSE" stay two, in both), so a facet's count is what choosing it shows.
    """
    return text.lower()


_TOPIC_BREAK = re.compile(r"[,;]")


def topics_of(fields: Fields) -> tuple[str, ...]:
    raw = fields.raw("keywords") or fields.raw("keyword") or ""
    seen: dict[str, str] = {}
    for topic in _TOPIC_BREAK.split(str(decode(raw)) if raw else ""):
        topic = " ".join(topic.split())
        if topic and not topic.startswith("lint-ignore"):  # a curation marker (ext.lint), not a topic
            seen.setdefault(same_case(topic), topic)
    return tuple(sorted(seen.values(), key=str.casefold))


def shared_topics(all_facets: list[Facets], least: int = 2) -> list[tuple[str, int]]:
    """Topics used by at least *least* entries, spellings that differ in case merged (most common shown).

    A tag on one paper only helps nobody filter; "pruning" and "Pruning" are one topic.
    """
    spellings: dict[str, Counter] = {}
    for f in all_facets:
        for topic in f.topics:
            spellings.setdefault(same_case(topic), Counter())[topic] += 1
    merged = [
        (forms.most_common(1)[0][0], sum(forms.values()))
        for forms in spellings.values()
        if sum(forms.values()) >= least
    ]
    return sorted(merged, key=lambda item: (-item[1], item[0].casefold()))


def all_collections(all_facets: list[Facets]) -> list[tuple[str, int]]:
    """Every collection with its number of entries, in path order (a sub-collection after its parent).

    An entry counts in the collections it is in, not in their parents (as Zotero shows them).
    """
    counts: dict[str, Counter] = {}
    for f in all_facets:
        for path in f.collections:
            counts.setdefault(same_case(path), Counter())[path] += 1
    merged = [(forms.most_common(1)[0][0], sum(forms.values())) for forms in counts.values()]
    return sorted(merged, key=lambda item: [level.casefold() for level in item[0].split(" › ")])


def links_of(fields: Fields) -> tuple[tuple[str, str], ...]:
    links = []
    doi = doi_url(fields.raw("doi") or "")
    if doi:
        links.append(("DOI", doi))
    arxiv = arxiv_id(fields)
    if arxiv:
        links.append(("arXiv", f"https://arxiv.org/abs/{arxiv}"))
    url = safe_url(fields.raw("url") or "") or access_link(fields)
    if url and url not in (link for _, link in links):
        links.append(("URL", url))
    return tuple(links)


def collections_of(fields: Fields) -> tuple[str, ...]:
    """The entry's Zotero collections (``zotero-collections``: paths separated by ";", levels by " › ")."""
    raw = fields.raw("zotero-collections") or ""
    seen: dict[str, str] = {}
    for path in str(decode(raw)).split(";") if raw else ():
        path = " › ".join(" ".join(level.split()) for level in path.split("›") if level.strip())
        if path:
            seen.setdefault(same_case(path), path)
    return tuple(sorted(seen.values(), key=str.casefold))


def _names(fields: Fields) -> list[str]:
    return [_search_text(name) for name in [*fields.authors[0], *fields.editors[0]]]


@lru_cache(maxsize=1 << 14)
def _search_text(name: Name) -> str:
    """A name as a reader types it, once per name: a list repeats its authors."""
    return name.search_text()


@lru_cache(maxsize=1 << 12)
def _venue(raw_venue: str) -> tuple[tuple[str, ...], str]:
    """The venue's words for the search (as written, then its short names) and its name in the venue
    table, once per venue: every venue is matched against the table's patterns, and venues repeat."""
    folded = fold(raw_venue)
    return (raw_venue, *venue_aliases(folded)), venue_name(raw_venue, folded) if raw_venue else ""


def facets_of(fields: Fields, shown: str = "") -> Facets:
    """Everything the filters and the search of the page need for one entry (*shown*: its citation text)."""
    raw_venue = str(fields.text("journal") or fields.text("booktitle") or "")
    arxiv = arxiv_id(fields)
    kind = KINDS.get(fields.entry.type.lower(), "Preprint" if arxiv else "Other")
    preprint = (
        bool(arxiv)
        and (not raw_venue or raw_venue.lower().startswith("arxiv"))
        and not _publisher_doi(fields)
    )
    year = fields.year
    topics = topics_of(fields)
    collections = collections_of(fields)
    abstract = " ".join(str(fields.text("abstract") or "").split())
    doi = bare_doi(fields.raw("doi") or "")
    venue_words, venue = _venue(raw_venue)
    search = entry_words(
        str(fields.text("title") or ""),
        _names(fields),
        venue_words,
        [shown, year or "", doi, arxiv or "", abstract, *topics, *collections],
        [doi, arxiv or "", fields.entry.key],
    )
    added = _date_added(fields.raw("dateadded") or "")
    return Facets(
        int(year[:4]) if year and year[:4].isdigit() else None,  # a range (2001–2003) files under 2001
        kind,
        topics,
        preprint,
        venue,
        search,
        links_of(fields),
        added,
        abstract,
        collections,
    )


def _publisher_doi(fields: Fields) -> bool:
    """A DOI that is not arXiv's own (10.48550) means a published version."""
    doi = fields.raw("doi") or ""
    return bool(doi) and "10.48550" not in doi
