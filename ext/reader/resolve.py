"""What a bibliography needs once all its files are read: inheritance and diagnostics.

* ``crossref`` and ``xdata``: an entry inherits the fields it lacks from the entry it
  names, as biblatex and pandoc do (a DBLP ``@inproceedings`` gets year, editors,
  publisher and series from its ``@proceedings``; the parent's ``title`` becomes the
  child's ``booktitle``, its author the ``bookauthor``; a parent with a ``booktitle`` of
  its own passes that on instead, as BibTeX does). Field names are case-insensitive. ``@xdata`` entries only hold
  fields to share and are not references themselves. A reference to a key that is
  not there is a problem of kind ``crossref``; the entry is kept as it is.
* ``@preamble`` macros (``\\newcommand{\\noopsort}[1]{}``) are expanded in the field
  values first (:mod:`ext.reader.preamble`).
* Unknown LaTeX macros: :func:`ext.reader.latex.decode` prints their argument; each one
  is reported once per bibliography, at the file and line where it first occurs
  (kind ``unknown_macro``), so that it can be defined or replaced.

The entries parsed from the files are never changed (the parse cache of
:mod:`ext.reader.bibfile` shares them between builds): an entry that inherits is replaced
by a new :class:`~pybtex.database.Entry` in the bibliography.
"""

from __future__ import annotations

from pybtex.database import Entry

from ext.reader.bibfile import Bibliography, Problem
from ext.reader.latex import unknown_macros
from ext.reader.latex_tables import LITERAL_COMMANDS
from ext.reader.linkfield import report_dropped_links
from ext.reader.preamble import expand, macros_of

#: Fields never inherited (biblatex's defaults, plus the links between entries themselves).
_NOT_INHERITED = frozenset(
    "crossref xref xdata ids entryset entrysubtype execute label options presort related "
    "relatedoptions relatedstring relatedtype shorthand shorthandintro sortkey key".split()
)
_COLLECTIONS = frozenset("book mvbook collection mvcollection proceedings mvproceedings reference".split())
#: The parent's title is the child's container: (parent field → child field).
_AS_CONTAINER = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}

#: Fields whose text is printed, scanned for unknown macros (abstracts, files and keywords are not).
PRINTED_FIELDS = frozenset(
    "title booktitle journal journaltitle publisher address location series edition volume number "
    "issue pages howpublished organization institution school type chapter year month note "
    "eventtitle maintitle".split()
)


def resolve(bib: Bibliography) -> None:
    """Apply ``@preamble`` macros and ``crossref``/``xdata`` inheritance in *bib*; record what
    could not be resolved and the macros nothing defines."""
    _apply_preamble(bib)  # its macros are defined with a backslash: no entry is passed over below
    by_key = {key.lower(): entry for key, entry in bib.data.entries.items()}
    resolved: dict[str, Entry] = {}
    for key in list(bib.data.entries):
        _resolved(key.lower(), by_key, resolved, bib, ())
    made: set[str] = set()  # the entries inheritance made
    for key, entry in list(bib.data.entries.items()):
        if entry.type.lower() == "xdata":
            del bib.data.entries[key]
            continue
        inherited = resolved.get(key.lower(), entry)
        if inherited is not entry:
            bib.data.entries[key] = inherited
            made.add(key)
    report_unknown_macros(bib, made)
    report_dropped_links(bib)


def _apply_preamble(bib: Bibliography) -> None:
    """Field values with the macros of the ``@preamble`` expanded (new entries; parsed ones stay)."""
    macros = macros_of(bib.data.preamble_list)
    if not macros:
        return
    for key, entry in list(bib.data.entries.items()):
        fields = {
            name: expand(value, macros) if "\\" in value else value for name, value in entry.fields.items()
        }
        if fields != dict(entry.fields):
            expanded = Entry(entry.type, fields=fields, persons=entry.persons)
            expanded.key = entry.key
            bib.data.entries[key] = expanded


def _resolved(
    key: str, by_key: dict[str, Entry], done: dict[str, Entry], bib: Bibliography, chain: tuple[str, ...]
) -> Entry:
    if key in done:
        return done[key]
    entry = by_key[key]
    # field names are case-insensitive (``CROSSREF = {...}``): pybtex's fields compare them so
    crossref, xdata = entry.fields.get("crossref", ""), entry.fields.get("xdata", "")
    if not crossref and not xdata:  # most entries: nothing to do
        done[key] = entry
        return entry
    fields = dict(entry.fields)
    persons = {role: list(people) for role, people in entry.persons.items()}
    links = [("xdata", name.strip()) for name in xdata.split(",") if name.strip()]
    if crossref.strip():
        links.append(("crossref", crossref.strip()))
    for kind, target in links:
        parent_key = target.lower()
        if parent_key not in by_key or parent_key in chain or parent_key == key:
            what = "refers back to itself" if parent_key in (key, *chain) else "is not in the bibliography"
            _problem(
                bib,
                entry,
                f"entry '{entry.key}' has {kind} = {{{target}}}, which {what}; "
                f"add an entry '{target}' or remove the {kind} field",
            )
            continue
        parent = _resolved(parent_key, by_key, done, bib, (*chain, key))
        _inherit(entry.type.lower(), parent, fields, persons, kind)
    result = entry
    if links:
        result = Entry(entry.type, fields=fields, persons=persons)
        result.key = entry.key
    done[key] = result
    return result


def _inherit(child_type: str, parent: Entry, fields: dict, persons: dict, kind: str) -> None:
    """Copy what the child lacks; a collection's title and author name the child's container."""
    present = {name.lower() for name in fields}
    into_container = (
        kind == "crossref" and parent.type.lower() in _COLLECTIONS and child_type != parent.type.lower()
    )
    if into_container and parent.fields.get("booktitle", "").strip():
        into_container = False  # the parent names its container itself (DBLP's short name): BibTeX's rule
    for name, value in parent.fields.items():
        target = name.lower()
        if target in _NOT_INHERITED:
            continue
        if into_container and target in _AS_CONTAINER:
            target = _AS_CONTAINER[target]
        elif into_container and target in _AS_CONTAINER.values():
            continue  # the parent's own booktitle is not the child's container
        if target not in present:
            fields[target] = value
            present.add(target)
    for role, people in parent.persons.items():
        targets = ["bookauthor", "author"] if into_container and role == "author" else [role]
        for target in targets:  # an @inbook without author is by the book's author (biblatex, BibTeX)
            if target not in persons:
                persons[target] = list(people)


def _problem(bib: Bibliography, entry: Entry, message: str, kind: str = "crossref", offset: int = 0) -> None:
    path, line = bib.locations.get(entry.key, ("<string>", 0))
    bib.problems.append(Problem(path, line + offset, entry.key, kind, message))


def _parts(person) -> list[str]:
    """The parts of a name that hold a LaTeX command."""
    parts = (person.first_names, person.middle_names, person.prelast_names, person.last_names)
    return [name for part in (*parts, person.lineage_names) for name in part if "\\" in name]


def report_unknown_macros(bib: Bibliography, made: set[str] | None = None) -> None:
    """One ``unknown_macro`` problem per macro, where it first occurs.

    An entry read as written (not in *made*, the entries inheritance made; ``None``: any entry may
    be) whose text has no backslash is passed over without reading its fields (a
    tenth of the read of 20 000 entries): its values are its text's, unless an ``@string`` or the
    ``@preamble`` brings one in, and then no entry is passed over."""
    seen: set[str] = set()
    plain_macros = made is not None and not any("\\" in text for text in bib.directives)
    made = made or set()
    for key, entry in bib.data.entries.items():
        if plain_macros and key not in made and "\\" not in bib.sources.get(key, "\\"):
            continue
        values = [
            value for name, value in entry.fields.items() if "\\" in value and name.lower() in PRINTED_FIELDS
        ]
        values += [part for people in entry.persons.values() for person in people for part in _parts(person)]
        for value in values:
            for name in unknown_macros(value):
                if name in seen:
                    continue
                seen.add(name)
                source = bib.sources.get(key, "")
                offset = source[: max(source.find("\\" + name), 0)].count("\n")
                if name in LITERAL_COMMANDS:
                    message = (
                        f"LaTeX command \\{name} in entry '{key}' is never run: it is printed as typed; "
                        "remove it or write the text it stands for"
                    )
                else:
                    message = (
                        f"unknown LaTeX macro \\{name} in entry '{key}'; only its argument is printed: "
                        "replace it with text or Unicode (every use is affected)"
                    )
                _problem(bib, entry, message, kind="unknown_macro", offset=offset)
