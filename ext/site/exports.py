"""One entry in the formats other reference managers read: RIS, CSL-JSON and COinS (pure).

The page offers the filtered list as RIS and CSL-JSON (made in the browser
from these per-entry records) and embeds a COinS span per entry, which
Zotero's browser connector picks up to save entries from the page. Values are
plain text decoded from LaTeX; links only when :mod:`ext.reader.urls` allows them.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from html import escape

from ext.reader.fields import Fields, arxiv_id
from ext.reader.latex import decode
from ext.reader.names import Name, family_text
from ext.reader.urls import bare_doi, doi_url, safe_url
from ext.site.facets import topics_of

#: BibTeX type → RIS type.
RIS_TYPES = {
    "article": "JOUR",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "incollection": "CHAP",
    "inbook": "CHAP",
    "book": "BOOK",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "techreport": "RPRT",
    "unpublished": "UNPB",
}


def _plain(fields: Fields, name: str) -> str:
    value = fields.raw(name)
    if value is None:
        return ""
    return _plain_value(value) if len(value) <= _SHORT else " ".join(str(decode(value)).split())


#: values up to this long (titles, venues, volumes; not abstracts) keep their plain text
_SHORT = 300


@lru_cache(maxsize=1 << 14)
def _plain_value(value: str) -> str:
    """A field's text, blanks collapsed: the three exports of an entry ask for the same fields,
    and a list repeats its venues."""
    return " ".join(str(decode(value)).split())


@lru_cache(maxsize=1 << 14)
def _given(name: Name) -> str:
    return " ".join(part for part in (str(decode(name.given)) if name.given else "", name.suffix) if part)


def _venue(fields: Fields) -> str:
    return _plain(fields, "journal") or _plain(fields, "booktitle")


def _pages(fields: Fields) -> tuple[str, str]:
    pages = _plain(fields, "pages").replace("\u2013", "-").replace("--", "-")
    first, _, last = pages.partition("-")
    return first.strip(), last.strip()


def _link(fields: Fields) -> str:
    arxiv = arxiv_id(fields)
    return safe_url(fields.raw("url") or "") or (f"https://arxiv.org/abs/{arxiv}" if arxiv else "") or ""


def _doi(fields: Fields) -> str:
    doi = fields.raw("doi") or ""
    return bare_doi(doi) if doi_url(doi) else ""


def ris(fields: Fields) -> str:
    """The entry as one RIS record (lines ending in CRLF would be stricter; LF is what tools accept)."""
    kind = RIS_TYPES.get(fields.entry.type.lower(), "GEN")
    lines = [("TY", kind), ("ID", fields.entry.key)]
    lines += [("AU", f"{family_text(n)}, {_given(n)}".rstrip(", ")) for n in fields.authors[0]]
    lines += [("ED", f"{family_text(n)}, {_given(n)}".rstrip(", ")) for n in fields.editors[0]]
    venue_tag = "JO" if kind == "JOUR" else "T2"
    first, last = _pages(fields)
    lines += [
        ("TI", _plain(fields, "title")),
        (venue_tag, _venue(fields)),
        ("PY", fields.year or ""),
        ("VL", _plain(fields, "volume")),
        ("IS", _plain(fields, "number")),
        ("SP", first),
        ("EP", last),
        ("PB", _plain(fields, "publisher")),
        ("DO", _doi(fields)),
        ("UR", _link(fields)),
        ("AB", _plain(fields, "abstract")),
    ]
    lines += [("KW", topic) for topic in topics_of(fields)]
    body = "".join(f"{tag}  - {value}\n" for tag, value in lines if value)
    return body + "ER  - \n"


def _csl_names(names: list[Name]) -> list[dict[str, str]]:
    out = []
    for name in names:
        given = _given(name)
        out.append({"family": family_text(name), "given": given} if given else {"literal": family_text(name)})
    return out


_YEARS = re.compile(r"(\d{4})(?:\u2013(\d{4}))?")  #: a year, or a range of years (2001–2003)


def csl_json(fields: Fields) -> dict:
    """The entry as one CSL-JSON item (what Zotero, pandoc and citeproc read)."""
    item: dict = {"id": fields.entry.key, "type": fields.csl_type}
    if fields.authors[0]:
        item["author"] = _csl_names(fields.authors[0])
    if fields.editors[0]:
        item["editor"] = _csl_names(fields.editors[0])
    first, last = _pages(fields)
    values = {
        "title": _plain(fields, "title"),
        "container-title": _venue(fields),
        "volume": _plain(fields, "volume"),
        "issue": _plain(fields, "number"),
        "page": f"{first}-{last}" if last else first,
        "publisher": _plain(fields, "publisher"),
        "DOI": _doi(fields),
        "URL": _link(fields),
        "abstract": _plain(fields, "abstract"),
    }
    item.update({name: value for name, value in values.items() if value})
    years = _YEARS.fullmatch(fields.year or "")
    if years:  # a range of years is CSL's pair of dates
        item["issued"] = {"date-parts": [[int(year)] for year in years.groups() if year]}
    arxiv = arxiv_id(fields)
    if arxiv:
        item["number"] = f"arXiv:{arxiv}"
    return item


def coins(fields: Fields) -> str:
    """The ``title`` of a COinS span (OpenURL 1.0 KEV), safe to write as an HTML attribute value."""
    kind = fields.entry.type.lower()
    journal = kind == "article"
    pairs = [("ctx_ver", "Z39.88-2004")]
    if journal:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        pairs += [("rft.atitle", _plain(fields, "title")), ("rft.jtitle", _venue(fields))]
    elif kind in ("inproceedings", "conference"):
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "proceeding")]
        pairs += [("rft.atitle", _plain(fields, "title")), ("rft.btitle", _venue(fields))]
    elif kind in ("incollection", "inbook"):
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "bookitem")]
        pairs += [("rft.atitle", _plain(fields, "title")), ("rft.btitle", _venue(fields))]
    elif kind == "book":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "book")]
        pairs += [("rft.btitle", _plain(fields, "title"))]
    else:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", "preprint")]
        pairs += [("rft.title", _plain(fields, "title"))]
    pairs += [("rft.date", fields.year or "")]
    for name in fields.authors[0]:
        pairs.append(("rft.au", f"{family_text(name)}, {_given(name)}".rstrip(", ")))
    first, last = _pages(fields)
    pairs += [("rft.volume", _plain(fields, "volume")), ("rft.spage", first), ("rft.epage", last)]
    doi, link = _doi(fields), _link(fields)
    if doi or link:  # one identifier is enough for Zotero, and each costs bytes on a page of 452 entries
        pairs.append(("rft_id", f"info:doi/{doi}" if doi else link))
    # percent-encoded, so the only HTML-special character left is "&", which no character reference
    # starts with here (rft., rft_, ctx_): safe to write unescaped in a double-quoted attribute
    kev = "&".join(f"{_quote(name)}={_quote(value)}" for name, value in pairs if value)
    return kev if _KEV_SAFE.fullmatch(kev) else escape(kev)


_KEV_SAFE = re.compile(r"[A-Za-z0-9_.\-~%+=&:/,]*")
#: each byte as ``urllib.parse.urlencode(..., safe=":/,")`` writes it (a blank as "+")
_KEV_KEPT = frozenset(string.ascii_letters + string.digits + "_.-~" + ":/,")
_KEV_BYTES = {
    byte: chr(byte) if chr(byte) in _KEV_KEPT else "+" if byte == 0x20 else f"%{byte:02X}"
    for byte in range(256)
}


def _quote(value: str) -> str:
    """*value* percent-encoded as ``quote_plus(value, safe=":/,")`` does, its UTF-8 bytes through one
    table in C (``urlencode`` cost a Python call per value and a regular expression per byte run)."""
    if value.isascii():
        return value.translate(_KEV_BYTES)
    return value.encode("utf-8").decode("latin-1").translate(_KEV_BYTES)
