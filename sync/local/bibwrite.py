"""Write the mirror as diff-friendly BibTeX (pure text functions).

Entries are sorted by citation key (case-insensitively), fields come in one
fixed order (:data:`FIELD_ORDER`, then any others alphabetically), each field on
its own line, values in braces (months as bare macros), one blank line between
entries and a newline at the end. Nothing time-dependent is written, so a pull
with no upstream change leaves ``git diff`` empty. Entries that exist only in
the bib (not in Zotero) are written back exactly as they were.
"""

from __future__ import annotations

from sync.local.changes import key_order
from sync.mapping.texify import balanced

FIELD_ORDER = (
    "author",
    "editor",
    "translator",
    "bookauthor",
    "editora",
    "editoratype",
    "editorb",
    "editorbtype",
    "title",
    "shorttitle",
    "journal",
    "shortjournal",
    "booktitle",
    "eventtitle",
    "venue",
    "issuetitle",
    "series",
    "volume",
    "number",
    "part",
    "volumes",
    "pages",
    "pagetotal",
    "edition",
    "version",
    "chapter",
    "type",
    "school",
    "institution",
    "organization",
    "publisher",
    "address",
    "location",
    "holder",
    "howpublished",
    "year",
    "month",
    "pubstate",
    "doi",
    "url",
    "urldate",
    "eprint",
    "archiveprefix",
    "primaryclass",
    "isbn",
    "issn",
    "pmid",
    "pmcid",
    "mrnumber",
    "zmnumber",
    "lccn",
    "origdate",
    "origpublisher",
    "origlocation",
    "language",
    "langid",
    "keywords",
    "abstract",
    "note",
    "annote",
    "addendum",
    "library",
    "copyright",
    "dateadded",
    "zoterokey",
)
_ORDER = {name: index for index, name in enumerate(FIELD_ORDER)}
_MONTH_MACROS = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())


def render_entry(entry_type: str, key: str, fields: dict[str, str]) -> str:
    """One ``@type{key, ...}`` entry; refuses values with unbalanced braces."""
    lines = [f"@{entry_type}{{{key},"]
    for name in sorted(fields, key=lambda n: (_ORDER.get(n, len(_ORDER)), n)):
        value = fields[name]
        if not balanced(value):
            raise ValueError(f"field {name} of {key} has unbalanced braces: {value!r}")
        lines.append(
            f"  {name} = {value},"
            if name == "month" and value in _MONTH_MACROS
            else f"  {name} = {{{value}}},"
        )
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}"


def render_file(header: str, entries: dict[str, str], directives: list[str] | None = None) -> str:
    """The whole file: a comment header, the bib's own ``@string``/``@preamble`` definitions as they
    were (contributed entries may use them), then every entry text sorted by key."""
    ordered = sorted(entries, key=key_order)
    body = "\n\n".join(
        [*(text.strip() for text in directives or ()), *(entries[key].strip() for key in ordered)]
    )
    head = "".join(f"% {line}\n".replace("% \n", "%\n") for line in header.splitlines())
    return f"{head}\n{body}\n" if body else head


RETIRED_INTRO = "Citation keys retired (never given to another item), each with the Zotero item that held it:"


def retired_lines(retired: dict[str, str]) -> str:
    """Header lines listing the retired keys, so they survive a deleted state file (read back by
    :func:`ext.reader.bibtext.retired_keys`, which the site build uses too)."""
    if not retired:
        return ""
    ordered = sorted(retired, key=key_order)
    return "\n".join([RETIRED_INTRO] + [f"retired: {key} {retired[key]}".rstrip() for key in ordered])
