"""Citations in the survey text: Chicago author-date forms, and unknown keys caught early.

The ``sparsity`` referencing style (``bibtex_reference_style = "sparsity"``)
gives ``:cite:t:`` → "Frankle and Carbin (2019)", ``:cite:p:`` →
"(Han et al. 2015; Zhu and Gupta 2017)", with year suffixes and names exactly
as the reference list prints them (both come from :mod:`ext.style.ordering`).
Pre- and post-notes work as in sphinxcontrib-bibtex:
``:cite:p:`{see}han2015{p. 3}``` → "(see Han et al. 2015, p. 3)".

A citation of a key that the bibliography does not have is reported on every
build (HTML, PDF, incremental ones too: the citations are stored in the
environment when a page is read and checked against the current bibliography
once reading ends), at the citation's own line, with the closest existing keys,
or the key that replaced it when the bib's header lists it as retired.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from pybtex.richtext import Text
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.style.referencing import BaseReferenceStyle, BracketStyle, GroupReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
from sphinxcontrib.bibtex.style.template import join, join2, node, post_text, pre_text, reference

from ext.reader.bibtext import retired_keys
from ext.reader.fields import Fields
from ext.site import appstate
from ext.style import library_placement
from ext.style.ordering import citation_names

#: Warning type/subtype for an unknown citation key: ``papers.unknown_key``.
UNKNOWN_KEY = "unknown_key"


@node
def cite_names(children, data, full: bool = False) -> Text:
    """ "Frankle and Carbin", "Han et al." (all family names when *full*)."""
    entry = data["entry"]
    if full:
        names, others = Fields(entry).authors
        if not names:
            names, others = Fields(entry).editors
        if names:
            return Text(citation_names(names, others, shown=len(names)))
    return Text(library_placement(entry).citation_names)


@node
def cite_year(children, data) -> Text:
    """ "2019", "2020b", "n.d."."""
    return Text(library_placement(data["entry"]).year_label)


@dataclass
class _Parenthetical(BaseReferenceStyle):
    bracket: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")", sep="; "))

    def role_names(self) -> Iterable[str]:
        return ["p", "ps", "alp", "alps"]

    def outer(self, role_name: str, children):
        return self.bracket.outer(children, brackets="al" not in role_name)

    def inner(self, role_name: str):
        return join2(sep1=" ", sep2=", ")[
            pre_text, reference[join(sep=" ")[cite_names(full=role_name.endswith("s")), cite_year]], post_text
        ]


@dataclass
class _Textual(BaseReferenceStyle):
    bracket: BracketStyle = field(
        default_factory=lambda: BracketStyle(sep=", ", sep2=" and ", last_sep=", and ")
    )

    def role_names(self) -> Iterable[str]:
        return ["t", "ts", "ct", "cts"]

    def outer(self, role_name: str, children):
        return self.bracket.outer(children, capfirst=role_name.startswith("c"))

    def inner(self, role_name: str):
        return join(sep=" ")[
            cite_names(full=role_name.endswith("s")),
            join["(", join2(sep1=" ", sep2=", ")[pre_text, reference[cite_year], post_text], ")"],
        ]


@dataclass
class _AuthorOrYear(BaseReferenceStyle):
    bracket: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")", sep="; "))

    def role_names(self) -> Iterable[str]:
        return ["author", "authors", "cauthor", "cauthors", "authorpar", "authorpars", "year", "yearpar"]

    def outer(self, role_name: str, children):
        return self.bracket.outer(children, brackets="par" in role_name, capfirst=role_name.startswith("c"))

    def inner(self, role_name: str):
        part = cite_year if role_name.startswith("year") else cite_names(full="authors" in role_name)
        return reference[part]


@dataclass
class SparsityReferenceStyle(GroupReferenceStyle):
    """Chicago author-date citations; plugin name ``sparsity``."""

    def __post_init__(self) -> None:
        self.styles.extend(
            [
                _Parenthetical(),
                _Textual(),
                _AuthorOrYear(),
                ExtraLabelReferenceStyle(),
                ExtraEmptyReferenceStyle(),
            ]
        )
        super().__post_init__()


def closest_keys(key: str, keys: Iterable[str], count: int = 3) -> list[str]:
    """The existing keys most like *key* (case-insensitive), best first."""
    by_lower = {k.lower(): k for k in keys}
    return [by_lower[k] for k in difflib.get_close_matches(key.lower(), by_lower, n=count, cutoff=0.5)]


def unknown_keys(target: str, known: set[str]) -> list[str]:
    """Keys of a ``:cite:`` target that the bibliography lacks (keys match exactly)."""
    try:
        return [t.key for t in parse_citation_targets(target) if t.key not in known]
    except ValueError:
        return []


_CITE_DOMAINS = ("cite", "footcite")


def _citation_line(xref, searched: dict[int, int]) -> int | None:
    """The line of the citation itself: its paragraph's first line plus the lines before its text."""
    parent = xref.parent
    while parent is not None and not (getattr(parent, "line", None) and getattr(parent, "rawsource", "")):
        parent = parent.parent
    if parent is None:
        return None
    raw, text = parent.rawsource, xref.rawsource
    at = raw.find(text, searched.get(id(parent), 0)) if text else -1
    if at < 0:
        return parent.line
    searched[id(parent)] = at + len(text)
    return parent.line + raw.count("\n", 0, at)


def collect_citations(app, doctree) -> None:
    """``doctree-read``: store each citation target of the page with its line (checked once reading ends)."""
    from sphinx.addnodes import pending_xref

    searched: dict[int, int] = {}
    found = [
        (xref["reftarget"], _citation_line(xref, searched))
        for xref in doctree.findall(pending_xref)
        if xref.get("refdomain") in _CITE_DOMAINS
    ]
    citations = appstate.citations(app.env)
    citations.pop(app.env.docname, None)
    if found:
        citations[app.env.docname] = found


def purge_citations(app, env, docname: str) -> None:
    appstate.citations(env).pop(docname, None)


def merge_citations(app, env, docnames, other) -> None:
    """Parallel reading: the citations of the pages another process read."""
    theirs = appstate.citations(other)
    appstate.citations(env).update({docname: theirs[docname] for docname in docnames if docname in theirs})


def hint(key: str, known: Iterable[str], retired: dict[str, str], successors: dict[str, str]) -> str:
    """What to cite instead: the successor of a renamed key, else the closest keys."""
    item = retired.get(key)
    if item is not None:
        successor = successors.get(item) if item else None
        if successor:
            return f"it was renamed: cite {successor!r} (the same Zotero item, {item})"
        return "it was retired: its item was deleted from the Zotero group; restore the item or drop the citation"
    close = closest_keys(key, known)
    if close:
        return f"did you mean {', '.join(repr(k) for k in close)}?"
    return "add the paper to the Zotero group (or to the .bib) first"


def _retired(app) -> tuple[dict[str, str], dict[str, str]]:
    """Retired keys (the bib headers) and, by Zotero item, the key that holds it now."""
    from ext.site.library import bib_paths, get_library

    retired: dict[str, str] = {}
    for path in bib_paths(app):
        try:
            with path.open(encoding="utf-8-sig", errors="replace") as bib:
                retired.update(retired_keys(bib.read()))
        except OSError:
            continue
    entries = get_library(app.env).bib.data.entries
    successors = {
        entry.fields["zoterokey"]: key for key, entry in entries.items() if entry.fields.get("zoterokey")
    }
    return retired, successors


def warn_unknown_citations(app, env) -> None:
    """``env-updated`` (every build): warn (file:line, what to cite instead) about citations of unknown keys."""
    from sphinx.util import logging

    from ext.site.library import WARNING_TYPE, get_library

    if appstate.library(env) is None:
        return
    logger = logging.getLogger(__name__)
    known = set(get_library(env).bib.data.entries)
    lookups: tuple[dict[str, str], dict[str, str]] | None = None
    for docname, citations in sorted(appstate.citations(env).items()):
        for target, line in citations:
            for key in unknown_keys(target, known):
                lookups = lookups or _retired(app)
                logger.warning(
                    f"unknown citation key {key!r}; {hint(key, known, *lookups)}",
                    location=(docname, line),
                    type=WARNING_TYPE,
                    subtype=UNKNOWN_KEY,
                )


def replace_sphinxcontrib_warning(app, config) -> None:
    """``config-inited``: our unknown-key warning replaces sphinxcontrib-bibtex's plainer one."""
    if "bibtex.key_not_found" not in config.suppress_warnings:
        config.suppress_warnings = [*config.suppress_warnings, "bibtex.key_not_found"]


def register_builtin_backends() -> None:
    """Register pybtex's plain-text and docutils backends at runtime, as the same classes.

    sphinxcontrib-bibtex looks up the plain-text backend once per citation, and
    pybtex answers each lookup of an installed plugin by scanning the entry
    points of every installed distribution (~10 ms); a runtime registration is
    found first, which saves ~0.2 s per build of the survey chapter. A name is
    registered only when pybtex already answers it with that very class, so no
    lookup in the process ever gives another answer than before (another
    extension's own registration is left alone).
    """
    from pybtex.backends.plaintext import Backend as PlainTextBackend
    from pybtex.plugin import find_plugin, register_plugin
    from pybtex_docutils import Backend as DocutilsBackend

    for name, backend in (("plaintext", PlainTextBackend), ("docutils", DocutilsBackend)):
        if find_plugin("pybtex.backends", name) is backend:
            register_plugin("pybtex.backends", name, backend, force=True)


#: Plugins looked up after the set-up, at every build: the name styles of pybtex's formatting styles
#: and of sphinxcontrib-bibtex's referencing styles, and sphinxcontrib-bibtex's footnote citations.
LATER_LOOKUPS = (("pybtex.style.names", "plain"), ("pybtex.style.names", "last"))
LATER_REFERENCING_LOOKUPS = (("sphinxcontrib.bibtex.style.referencing", "foot"),)


def register_later_lookups() -> None:
    """Register at runtime, as themselves, the plugins looked up after the set-up: each such lookup
    of an installed plugin reads every distribution's entry points (5–10 ms), a runtime registration
    is found first. Each name is registered as the very class the lookup answers now (pybtex's own,
    or what another extension registered), so no answer in the process changes."""
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    for group, name in LATER_LOOKUPS:
        try:
            found = pybtex.plugin.find_plugin(group, name)
        except pybtex.plugin.PluginNotFound:
            continue
        pybtex.plugin.register_plugin(group, name, found, force=True)
    for group, name in LATER_REFERENCING_LOOKUPS:
        try:
            found = sphinxcontrib.bibtex.plugin.find_plugin(group, name)
        except ImportError:
            continue
        sphinxcontrib.bibtex.plugin.register_plugin(group, name, found, force=True)
