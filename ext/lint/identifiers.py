"""DOIs and arXiv ids: where they belong, and their normal forms (also the duplicate index).

A DOI belongs in ``doi`` as the bare ``10.x/y``: a ``url`` that is only the
doi.org link of it duplicates the DOI (and hides the real landing page), and a
resolver prefix in ``doi`` makes BibTeX styles print ``https://doi.org/https://doi.org/…``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from ext.lint.model import Corpus, EntryView, Hit, Rule
from ext.reader.fields import arxiv_id
from ext.reader.urls import bare_doi

RULES = (
    Rule(
        "doi-in-url",
        "warning",
        "the url field is a doi.org link: the DOI belongs in the doi field",
        "zotero,bib",
    ),
    Rule(
        "doi-prefix",
        "warning",
        "the doi field holds a resolver prefix (https://doi.org/, doi:)",
        "zotero,bib",
    ),
)

#: doi.org (and dx.doi.org) links; other hosts that embed a DOI are landing pages, not the DOI.
DOI_URL = re.compile(
    r"^\s*https?://(?:dx\.|www\.)?doi\.org/(10(?:\.|%2e)\d{4,9}(?:/|%2f|%25)\S*?)\s*$", re.IGNORECASE
)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})", re.I)
_ARXIV_JOURNAL = re.compile(r"arxiv(?:\s+preprint)?\s*:?\s*(?:arxiv\s*:\s*)?(\d{4}\.\d{4,5})", re.I)
_VERSION = re.compile(r"v\d+$")


@dataclass(frozen=True)
class LinkedDoi:
    """The DOI a doi.org link names, or why it cannot be told for certain (then ``doi`` is ``None``)."""

    doi: str | None
    problem: str = ""
    dropped: str = ""  #: the query and fragment the resolver does not read, e.g. "?utm_source=x"


def doi_link(url: str | None) -> LinkedDoi | None:
    """What the doi.org link *url* names; ``None`` when *url* is not one.

    The resolver reads the path only, percent-decoded: ``https://doi.org/10.1000/q?utm_source=x#top``
    names ``10.1000/q`` and ``https://doi.org/10.1000%2Fq`` names ``10.1000/q``. A path that does
    not decode cleanly (a stray ``%``, bytes that are not UTF-8, an escape left after decoding)
    or decodes to blanks is *ambiguous*: reported, never written as a DOI.
    """
    match = DOI_URL.match(url or "")
    if not match:
        return None
    raw = match.group(1)
    cut = min((at for at in (raw.find("?"), raw.find("#")) if at >= 0), default=len(raw))
    path, dropped = raw[:cut], raw[cut:]
    if _BAD_ESCAPE.search(path):
        return LinkedDoi(None, f"its path {path!r} holds a '%' that is no escape", dropped)
    try:
        doi = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return LinkedDoi(None, f"its path {path!r} decodes to bytes that are not UTF-8", dropped)
    if re.search(r"%[0-9A-Fa-f]{2}", doi):
        return LinkedDoi(None, f"its path {path!r} is encoded twice", dropped)
    if not _DOI.fullmatch(doi) or _CONTROL.search(doi):
        return LinkedDoi(None, f"its path {path!r} decodes to {doi!r}, which is not a DOI", dropped)
    return LinkedDoi(doi, "", dropped)


def doi_from_url(url: str | None) -> str | None:
    """The DOI of a doi.org link (decoded, without query and fragment); ``None`` if not one or ambiguous."""
    found = doi_link(url)
    return found.doi if found else None


def normal_doi(view: EntryView) -> str | None:
    """The entry's DOI, bare and lower-cased (DOIs ignore case), from ``doi`` or a doi.org url."""
    doi = view.raw("doi")
    bare = bare_doi(doi) if doi else doi_from_url(view.raw("url"))
    return bare.lower() if bare and bare.startswith("10.") else None


def normal_arxiv(view: EntryView) -> str | None:
    """The arXiv id without version, from ``eprint``, an arxiv.org url or an "arXiv preprint arXiv:…" venue."""
    found = arxiv_id(view.fields)
    if not found:
        match = _ARXIV_URL.search(view.raw("url") or "")
        venue = view.raw("journal") or view.raw("howpublished") or view.raw("note") or ""
        match = match or _ARXIV_JOURNAL.search(venue)
        found = match.group(1) if match else None
    return _VERSION.sub("", found.lower()) if found else None


def check(corpus: Corpus) -> Iterator[Hit]:
    for view in corpus.entries:
        doi = view.raw("doi")
        for field in ("url", "eprint"):
            found = doi_link(view.raw(field))
            if found is not None and found.doi is None:
                message = (
                    f"{field} is a doi.org link, but {found.problem}; "
                    f"put the DOI in the DOI field by hand, clear the {field}"
                )
                yield Hit("doi-in-url", view.key, message, field)
            linked = found.doi if found else None
            if not linked:
                continue
            if doi and bare_doi(doi).lower() == linked.lower():
                message = (
                    f"{field} is the doi.org link of its DOI {linked}; "
                    f"delete the {field} (the DOI already links there)"
                )
            elif doi:
                continue  # a different DOI: a judgement call, not this rule
            else:
                message = f"{field} is the doi.org link of DOI {linked}; put {linked} in the DOI field, clear the {field}"
            yield Hit("doi-in-url", view.key, message, field)
        if doi and bare_doi(doi) != doi and bare_doi(doi).startswith("10."):
            yield Hit(
                "doi-prefix",
                view.key,
                f"doi {doi!r} carries a resolver prefix; write the bare DOI {bare_doi(doi)}",
                "doi",
            )
