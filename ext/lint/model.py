"""What a lint rule is, what it finds, and the entries it looks at.

Rules are pure functions over a :class:`Corpus` (every entry of the
bibliography, decoded once) that yield :class:`Hit` objects; the registry
(:mod:`ext.lint.registry`) turns hits into :class:`Finding` objects with the
rule's severity, the file and line, and the Zotero link of mirrored entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from pybtex.database import Entry

from ext.lint.source import FieldSpan, field_spans
from ext.reader.bibfile import Bibliography
from ext.reader.fields import Fields

SEVERITIES = ("error", "warning", "info")  #: most severe first


@dataclass(frozen=True)
class Rule:
    """One check, with a stable id (documented in README) and a default severity."""

    id: str
    severity: str
    summary: str  #: what it finds, in a curator's words
    fixable: str = ""  #: "" | "zotero" | "bib" | "zotero,bib": where a mechanical fix exists


@dataclass(frozen=True)
class Hit:
    """What a rule found in one entry (``field`` locates it more precisely)."""

    rule: str
    key: str
    message: str
    field: str | None = None
    related: tuple[str, ...] = ()  #: other entries involved (duplicates)


@dataclass(frozen=True)
class Finding:
    """One reported problem: rule, severity, place, what to change, where to change it."""

    rule: str
    severity: str
    key: str | None
    file: str
    line: int
    message: str
    zotero_url: str | None = None
    related: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "key": self.key,
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "zotero_url": self.zotero_url,
            "related": list(self.related),
        }


@dataclass
class EntryView:
    """One entry with everything rules ask about it, computed at most once."""

    key: str
    entry: Entry
    source: str  #: exact BibTeX text
    path: str
    line: int

    @cached_property
    def fields(self) -> Fields:
        return Fields(self.entry)

    @cached_property
    def spans(self) -> dict[str, FieldSpan]:
        """Lower-cased field name → where its value is in :attr:`source`."""
        return {span.name.lower(): span for span in field_spans(self.source)}

    @property
    def type(self) -> str:
        return self.entry.type.lower()

    @cached_property
    def zoterokey(self) -> str | None:
        return self.fields.raw("zoterokey")

    @cached_property
    def values(self) -> dict[str, str]:
        """Lower-cased field name → stripped non-empty value (pybtex's dict is slow to iterate: once)."""
        return {name.lower(): value.strip() for name, value in self.entry.fields.items() if value.strip()}

    def raw(self, name: str) -> str | None:
        """The value as pybtex read it (stripped), ``None`` when absent or empty."""
        return self.values.get(name)

    def written(self, name: str) -> str | None:
        """The value as written in the source (names too, which pybtex moves out of ``fields``)."""
        if name.lower() not in ("author", "editor"):
            return self.raw(name)
        span = self.spans.get(name.lower())
        if span is None:
            return None
        text = span.delimited(self.source)[1].strip()
        return text or None

    def field_line(self, name: str | None) -> int:
        """The line of *name* in the file (the entry's line when unknown)."""
        span = self.spans.get(name.lower()) if name else None
        return self.line + self.source.count("\n", 0, span.start) if span else self.line


@dataclass
class Corpus:
    """Every entry of the bibliography, in file order, plus the reader's problems."""

    bib: Bibliography
    entries: list[EntryView] = field(default_factory=list)

    @classmethod
    def of(cls, bib: Bibliography) -> Corpus:
        views = [
            EntryView(key, entry, bib.sources.get(key, ""), *bib.locations.get(key, ("<string>", 1)))
            for key, entry in bib.data.entries.items()
        ]
        return cls(bib, views)

    @cached_property
    def by_key(self) -> dict[str, EntryView]:
        return {view.key: view for view in self.entries}


Check = Callable[[Corpus], Iterable[Hit]]
