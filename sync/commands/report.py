"""The change report of a pull: what a curator reviews before the new bib lands (pure).

``python -m sync pull --report FILE.md`` writes it as the body of the sync pull
request: the counts first, then every added, updated, removed and renamed key
with its entry as the list prints it (Chicago author-date, rendered by
:mod:`ext`), updated entries with their changed words marked, and — what
breaks the survey — removed or renamed keys that the project's ``.rst`` files
still cite, with file and line. :func:`console_lines` is the short form the
terminal shows for ``--dry-run``: one line per key, long lists summarised.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from pybtex.backends.plaintext import Backend as TextBackend

from ext import style
from ext.ghmarkdown import quiet
from ext.lint import Finding, lint_entries
from ext.lint.formats import as_markdown
from ext.reader.bibfile import Bibliography, parse_bib
from ext.style.markdown import MarkdownBackend, escape_markdown, markdown_paragraph
from sync.commands.pull import PullOutcome
from sync.commands.reportfit import SHOWN, capped, fit_lines, length, section, share, shorten
from sync.local.changes import Report
from sync.local.cited import Citations

#: GitHub refuses pull request bodies over 65 536 characters; stay well below.
MAX_CHARS = 60_000
#: Keys the console prints per category before it summarises.
CONSOLE_KEYS = 12


@dataclass(frozen=True)
class Rendered:
    markdown: str
    text: str


def render_entries(bib: Bibliography) -> dict[str, Rendered]:
    """Key → the entry as the list prints it (year suffixes and ``———`` from this whole list)."""
    style.register()
    as_markdown, as_text = MarkdownBackend(), TextBackend()
    return {
        entry.key: Rendered(
            markdown_paragraph(entry.text.render(as_markdown)), " ".join(entry.text.render(as_text).split())
        )
        for entry in style.SparsityStyle().format_entries(bib.entries)
    }


def word_diff(old: str, new: str) -> str:
    """*new* as Markdown with removed words ~~struck~~ and added words **bold**."""
    before, after = old.split(), new.split()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape_markdown(" ".join(after[j1:j2])))
            continue
        if i2 > i1:
            out.append(f"~~{escape_markdown(' '.join(before[i1:i2]))}~~")
        if j2 > j1:
            out.append(f"**{escape_markdown(' '.join(after[j1:j2]))}**")
    return " ".join(out)


@dataclass
class ChangeReport:
    """Everything the report says, gathered from one pull."""

    library: str
    version: int
    changes: Report
    old: dict[str, Rendered]
    new: dict[str, Rendered]
    citations: Citations = field(default_factory=dict)
    entries: int = 0  #: entries in the new bib
    fields: dict[str, list[str]] = field(default_factory=dict)  #: updated key → names of the changed fields
    notes: list[str] = field(default_factory=list)  #: curation lint the changes bring, Markdown lines

    @property
    def updated(self) -> list[str]:
        """Updated keys, and taken-over local entries whose printed text changed."""
        changed = [
            key for key in self.changes.adopted if self._text(self.old, key) != self._text(self.new, key)
        ]
        return sorted({*self.changes.updated, *changed}, key=str.casefold)

    @property
    def adopted_unchanged(self) -> list[str]:
        return [key for key in self.changes.adopted if key not in self.updated]

    @staticmethod
    def _text(rendered: dict[str, Rendered], key: str) -> str:
        found = rendered.get(key)
        return found.text if found else ""

    def cited(self, key: str) -> list[tuple[str, int]]:
        return self.citations.get(key.lower(), [])

    def broken(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """Removed or renamed-away keys that the text still cites."""
        gone = [*self.changes.removed, *(old for old, _ in self.changes.renamed)]
        return [(key, self.cited(key)) for key in sorted(gone, key=str.casefold) if self.cited(key)]


def _code(text: str) -> str:
    """*text* as a code span (shown exactly), or escaped text when it holds a backtick."""
    return f"`{text}`" if "`" not in text and text.strip() == text else escape_markdown(text)


def _places(places: list[tuple[str, int]], limit: int = 10) -> str:
    shown = ", ".join(_code(f"{name}:{line}") for name, line in places[:limit])
    return shown + (f" and {len(places) - limit} more" if len(places) > limit else "")


_key = _code


def _head(report: ChangeReport, updated: list[str]) -> list[str]:
    """The title, the counts and what needs no section."""
    c = report.changes
    counts = (
        f"**{len(c.added)} added · {len(updated)} updated · {len(c.removed)} removed · "
        f"{len(c.renamed)} renamed**"
    )
    lines = [
        f"## Zotero sync of {report.library} (library version {report.version})",
        "",
        f"{counts} — the bib now holds {report.entries} entries.",
    ]
    if report.adopted_unchanged:
        lines.append(
            f"{len(report.adopted_unchanged)} local entries are now mirrored from Zotero, "
            "their text unchanged."
        )
    if c.local:
        lines.append(
            f"{len(c.local)} local entries (no `zoterokey`) kept as written; push them with "
            "`python -m sync push`."
        )
    if not (c.added or updated or c.removed or c.renamed):
        lines += ["", "Nothing in the list changed."]
    broken = report.broken()
    if broken:
        lines += [
            "",
            "### :warning: Still cited, but removed or renamed",
            "",
            "The survey text cites these keys; fix the citations (or restore the items in Zotero) "
            "before merging:",
            "",
        ]
        lines += [quiet(f"- {_key(key)}: {_places(places)}") for key, places in broken]
    return lines


def _warnings(warnings: list[str]) -> list[str]:
    if not warnings:
        return []
    lines = ["", f"### Warnings ({len(warnings)})", ""]
    lines += [quiet(f"- {escape_markdown(shorten(warning))}") for warning in warnings[:SHOWN]]
    if len(warnings) > SHOWN:
        lines.append(f"- … and {len(warnings) - SHOWN} more (run the pull locally to see them all)")
    return lines


def markdown(report: ChangeReport) -> str:
    """The report as a pull request body (GitHub-flavoured Markdown, at most :data:`MAX_CHARS`):
    still-cited and removed keys whole, the other sections within their share (:mod:`.reportfit`),
    and no text from the library that GitHub would read as a mention or an issue reference."""
    c = report.changes
    updated = report.updated

    def printed(rendered: dict[str, Rendered], key: str) -> str:
        found = rendered.get(key)
        return capped(found.markdown, found.text) if found else ""

    def added(key: str) -> str:
        return f"- {_key(key)}: {printed(report.new, key)}"

    def changed(key: str) -> str:
        old, new = report._text(report.old, key), report._text(report.new, key)
        names = report.fields.get(key)
        what = f" ({', '.join(names)})" if names else ""
        if old and new and old != new:
            return f"- {_key(key)}{what}: {word_diff(shorten(old), shorten(new))}"
        return f"- {_key(key)}{what}: {printed(report.new, key)} _(the printed entry is unchanged)_"

    def removed(key: str) -> str:
        cited = report.cited(key)
        flag = f" — **still cited** at {_places(cited)}" if cited else ""
        return f"- {_key(key)}{flag}: {printed(report.old, key)}"

    renames = {new: old for old, new in c.renamed}

    def renamed(new: str) -> str:
        old = renames[new]
        cited = report.cited(old)
        flag = f" — old key **still cited** at {_places(cited)}" if cited else ""
        return f"- {_key(old)} → {_key(new)}{flag}: {printed(report.new, new)}"

    head = _head(report, updated)
    gone = section("Removed", c.removed, removed, _key, None)  # whole: what a reviewer must see
    flexible: list[tuple[str, list[str], Callable[[str], str]]] = [
        ("Added", c.added, added),
        ("Updated", updated, changed),
        ("Renamed", sorted(renames, key=str.casefold), renamed),
    ]
    notes = (
        ["", "### What the new and changed entries bring to fix", "", *report.notes] if report.notes else []
    )
    warnings = _warnings(c.warnings)
    full = [section(title, keys, line_of, _key, None) for title, keys, line_of in flexible]
    budgets = share(
        [*map(length, full), length(notes), length(warnings)], MAX_CHARS - length(head + gone) - 200
    )
    added_, updated_, renamed_ = (
        block if length(block) <= budget else section(title, keys, line_of, _key, budget)
        for block, budget, (title, keys, line_of) in zip(full, budgets[:3], flexible, strict=True)
    )
    notes = notes if length(notes) <= budgets[3] else fit_lines(notes, budgets[3], "findings")
    warnings = warnings if length(warnings) <= budgets[4] else fit_lines(warnings, budgets[4], "warnings")
    text = "\n".join([*head, *added_, *updated_, *gone, *renamed_, *notes, *warnings]) + "\n"
    if len(text) > MAX_CHARS:  # the whole sections alone are too long: cut them, say so
        cut = text.rfind("\n", 0, MAX_CHARS - 200)
        text = (
            text[:cut] + "\n\n… (report cut to fit a pull request; run `make sync` locally for all of it)\n"
        )
    return text


def from_pull(outcome: PullOutcome, library: str, citations: Citations) -> ChangeReport:
    """The report of one pull (its old bib and the new text it wrote or would write)."""
    old = outcome.old_bib or Bibliography()
    new = parse_bib(outcome.new_text) if outcome.new_text else old
    report = outcome.report
    touched = [*report.added, *report.updated, *report.adopted, *(new_key for _, new_key in report.renamed)]
    findings = brought_findings(old, new, touched, library.removeprefix("groups/"))
    return ChangeReport(
        library,
        outcome.version,
        report,
        render_entries(old),
        render_entries(new),
        citations,
        len(new.data.entries),
        {key: changed_fields(old, new, key) for key in [*report.updated, *report.adopted]},
        as_markdown(findings).splitlines() if findings else [],
    )


def brought_findings(old: Bibliography, new: Bibliography, keys: list[str], group: str) -> list[Finding]:
    """Curation findings on *keys* in the new bib that the old bib did not have (what the pull brings)."""
    if not keys:
        return []
    before = {(f.rule, f.key, f.message) for f in lint_entries(old, keys)}
    return [f for f in lint_entries(new, keys, group=group) if (f.rule, f.key, f.message) not in before]


#: Fields that say where an entry comes from, not what it says.
_BOOKKEEPING = frozenset({"zoterokey"})


def changed_fields(old: Bibliography, new: Bibliography, key: str) -> list[str]:
    """Names of the fields (and name lists) of *key* whose values differ between the two bibs."""
    before, after = old.data.entries.get(key), new.data.entries.get(key)
    if before is None or after is None:
        return []

    def values(entry) -> dict[str, str]:
        found = {name.lower(): " ".join(value.split()) for name, value in entry.fields.items()}
        found.update({role.lower(): " and ".join(map(str, people)) for role, people in entry.persons.items()})
        return {name: value for name, value in found.items() if name not in _BOOKKEEPING}

    a, b = values(before), values(after)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def console_lines(report: Report) -> list[str]:
    """``--dry-run`` output: a heading per category, one key per line, long lists summarised."""
    lines: list[str] = []
    categories = [
        ("added", "+", report.added),
        ("updated", "~", report.updated),
        ("removed", "-", report.removed),
        ("renamed", ">", [f"{old} -> {new}" for old, new in report.renamed]),
        ("now from Zotero", "=", report.adopted),
        ("local only (kept)", " ", report.local),
    ]
    for label, mark, keys in categories:
        if not keys:
            continue
        lines.append(f"{label} ({len(keys)}):")
        shown = keys if len(keys) <= CONSOLE_KEYS + 2 else keys[:CONSOLE_KEYS]
        lines += [f"  {mark} {key}" for key in shown]
        if len(shown) < len(keys):
            lines.append(f"  … and {len(keys) - len(shown)} more (--report FILE.md lists them all)")
    return lines
