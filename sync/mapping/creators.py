"""Zotero creators → BibTeX name fields, every role where biblatex reads it (pure).

As Zotero's exports place them: the item type's primary role and ``author``
are ``author``; ``editor``, ``translator`` and ``bookAuthor`` have their own
fields; series editors are the ``editor``s when the item has no other editor
(Zotero's BibTeX export), else biblatex's ``editorb`` (``editorbtype =
redactor``); contributors and every other role are ``editora``
(``editoratype = collaborator``), as Zotero's BibLaTeX export writes them.
"""

from __future__ import annotations

import re

from sync.mapping import schema, texify

#: Creator roles with a BibTeX name field of their own (the primary role and ``author`` → ``author``).
CREATOR_HOMES = {"editor": "editor", "translator": "translator", "bookAuthor": "bookauthor"}
_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[ '’\-.][^\W\d_]+)*")


def _names(creators: list[dict], roles: set[str]) -> str | None:
    """``Last, First and …`` for the creators in *roles*; organisations braced whole."""
    names = []
    for creator in creators:
        if creator.get("creatorType") not in roles:
            continue
        if "name" in creator:  # an organisation, or "others" (BibTeX's et al. marker)
            name = creator["name"].strip()
            names.append("others" if name == "others" else "{" + texify.escape(name) + "}")
            continue
        plain_last = creator.get("lastName", "").strip()
        last = texify.escape(plain_last)
        first = texify.escape(creator.get("firstName", ""))
        if not _PLAIN_NAME.fullmatch(plain_last) or " and " in f" {plain_last} ".lower():
            last = "{" + last + "}"  # keep it one family name; plain names keep "van der" particles
        if " and " in f" {first} ".lower() or "," in first:
            first = "{" + first + "}"
        names.append(f"{last}, {first}" if first else last)
    return " and ".join(names) or None


def name_fields(creators: list[dict], kind: str) -> dict[str, str]:
    """Name fields from the creators, every role in the field biblatex reads it from.

    As Zotero's exports do: series editors are the editors when the item has no
    other (its BibTeX export), else biblatex's ``editorb`` (type ``redactor``);
    contributors and every other role are ``editora`` (type ``collaborator``).
    """
    fields: dict[str, str] = {}
    primary = schema.creator_types(kind)[:1]
    authors = _names(creators, {"author", *primary})
    if authors:
        fields["author"] = authors
    for role, bib_field in CREATOR_HOMES.items():
        names = _names(creators, {role})
        if names and role not in primary:
            fields[bib_field] = names
    series_editors = _names(creators, {"seriesEditor"})
    if series_editors and "editor" not in fields:
        fields["editor"] = series_editors
    elif series_editors:
        fields["editorb"], fields["editorbtype"] = series_editors, "redactor"
    known = {"author", "seriesEditor", *primary, *CREATOR_HOMES}
    collaborators = _names(creators, {c.get("creatorType", "") for c in creators} - known)
    if collaborators:
        fields["editora"], fields["editoratype"] = collaborators, "collaborator"
    return fields
