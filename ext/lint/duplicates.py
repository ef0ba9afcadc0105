"""The same paper entered twice: one index per identity (DOI, arXiv id, title + first author).

Each entry is indexed once per identity, so finding every duplicate costs one
pass over the entries (no pairwise comparison). A pair is reported once, on the
later entry, under the most specific rule: a contributed entry that duplicates a
mirrored one, a preprint next to its published version, then same DOI, same
arXiv id, same title and first author.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from ext.lint.identifiers import normal_arxiv, normal_doi
from ext.lint.model import Corpus, EntryView, Hit, Rule
from ext.reader.names import plain

RULES = (
    Rule("local-mirrored", "warning", "a contributed entry (no zoterokey) duplicates a mirrored one"),
    Rule("preprint-published", "warning", "a preprint and its published version are both listed"),
    Rule("duplicate-doi", "warning", "two entries with the same DOI"),
    Rule("duplicate-arxiv", "warning", "two entries with the same arXiv id"),
    Rule("duplicate-title", "warning", "two entries with the same title and first author"),
)
_LETTERS = re.compile(r"[\W_]+")
_PREPRINT_VENUE = re.compile(r"arxiv|corr\b|preprint|openreview|biorxiv", re.IGNORECASE)


def title_identity(view: EntryView) -> str | None:
    """Normalised title + first author's family name (``None`` when either is missing)."""
    title = view.raw("title")
    persons = view.entry.persons.get("author") or view.entry.persons.get("editor") or []
    if not title or not persons or not persons[0].last_names:
        return None
    family = _LETTERS.sub("", plain(" ".join(persons[0].last_names)).casefold())
    words = _LETTERS.sub("", plain(title).casefold())
    return f"{words}|{family}" if words and family else None


def is_preprint(view: EntryView) -> bool:
    """Listed as a preprint: no venue, or an arXiv/CoRR/OpenReview "venue"."""
    venue = view.raw("journal") or view.raw("booktitle") or view.raw("publisher")
    return not venue or bool(_PREPRINT_VENUE.search(venue))


def _classify(first: EntryView, second: EntryView, reasons: set[str]) -> str:
    if bool(first.zoterokey) != bool(second.zoterokey):
        return "local-mirrored"
    if is_preprint(first) != is_preprint(second):
        return "preprint-published"
    for rule in ("duplicate-doi", "duplicate-arxiv", "duplicate-title"):
        if rule in reasons:
            return rule
    return "duplicate-title"


_WHY = {
    "duplicate-doi": "the same DOI",
    "duplicate-arxiv": "the same arXiv id",
    "duplicate-title": "the same title and first author",
}
_ADVICE = {
    "local-mirrored": "delete the contributed entry from the .bib (the Zotero group has it: {mirrored})",
    "preprint-published": "keep the published version {published} and merge the preprint {preprint} into it "
    "(in Zotero: Merge Items), or link them",
    "duplicate-doi": "merge them (in Zotero: Merge Items) and keep one key",
    "duplicate-arxiv": "merge them (in Zotero: Merge Items) and keep one key",
    "duplicate-title": "merge them if they are the same paper (in Zotero: Merge Items)",
}


def check(corpus: Corpus) -> Iterator[Hit]:
    identities = (
        ("duplicate-doi", normal_doi),
        ("duplicate-arxiv", normal_arxiv),
        ("duplicate-title", title_identity),
    )
    order = {view.key: number for number, view in enumerate(corpus.entries)}
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for reason, identity in identities:
        index: dict[str, list[str]] = defaultdict(list)
        for view in corpus.entries:
            value = identity(view)
            if value:
                index[value].append(view.key)
        for keys in index.values():
            for other in keys[1:]:
                pairs[(keys[0], other)].add(reason)
    for (first_key, second_key), reasons in sorted(pairs.items(), key=lambda pair: order[pair[0][1]]):
        first, second = corpus.by_key[first_key], corpus.by_key[second_key]
        rule = _classify(first, second, reasons)
        why = " and ".join(
            _WHY[reason]
            for reason in ("duplicate-doi", "duplicate-arxiv", "duplicate-title")
            if reason in reasons
        )
        preprint, published = (first, second) if is_preprint(first) else (second, first)
        advice = _ADVICE[rule].format(
            mirrored=first_key if first.zoterokey else second_key,
            preprint=preprint.key,
            published=published.key,
        )
        yield Hit(rule, second_key, f"same paper as {first_key} ({why}); {advice}", None, (first_key,))
