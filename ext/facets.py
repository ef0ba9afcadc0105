"""What the page's search and filters know about an entry (pure).

Search text: authors, title, venue and year, folded the way the page's script
folds a query (accents removed, case folded), so "schoelkopf" finds nothing
but "scholkopf" finds "Schölkopf". Facets: year, a reader's name for the kind
of work, topics (the ``keywords`` field, which the Zotero sync fills from
tags), and whether the entry is a preprint only (an arXiv id, no venue, no
DOI of a publisher).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .fields import Fields, access_link, arxiv_id
from .latex import decode
from .urls import doi_url, safe_url

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
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@dataclass(frozen=True)
class Facets:
    year: int | None
    kind: str
    topics: tuple[str, ...]
    preprint: bool
    venue: str
    search: str
    links: tuple[tuple[str, str], ...]  #: (label, url): DOI, arXiv, URL


def _names(fields: Fields) -> list[str]:
    names, _ = fields.authors
    if not names:
        names, _ = fields.editors
    return [name.search_text() for name in names]


def topics_of(fields: Fields) -> tuple[str, ...]:
    raw = fields.raw("keywords") or fields.raw("keyword") or ""
    seen: dict[str, str] = {}
    for topic in re.split(r"[,;]", str(decode(raw)) if raw else ""):
        topic = " ".join(topic.split())
        if topic and not topic.startswith("lint-ignore"):  # a curation marker (ext.lint), not a topic
            seen.setdefault(topic.casefold(), topic)
    return tuple(sorted(seen.values(), key=str.casefold))


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


def facets_of(fields: Fields) -> Facets:
    """Everything the filters and the search of the page need for one entry."""
    venue = str(fields.text("journal") or fields.text("booktitle") or "")
    arxiv = arxiv_id(fields)
    kind = KINDS.get(fields.entry.type.lower(), "Preprint" if arxiv else "Other")
    preprint = bool(arxiv) and (not venue or venue.lower().startswith("arxiv")) and not _publisher_doi(fields)
    year = fields.year
    search = fold(" ".join([*_names(fields), str(fields.text("title") or ""), venue, year or ""]))
    return Facets(
        int(year) if year and year.isdigit() else None,
        kind,
        topics_of(fields),
        preprint,
        venue,
        search,
        links_of(fields),
    )


def _publisher_doi(fields: Fields) -> bool:
    """A DOI that is not arXiv's own (10.48550) means a published version."""
    doi = fields.raw("doi") or ""
    return bool(doi) and "10.48550" not in doi
