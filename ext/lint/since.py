"""``lint --since REF``: the findings a change brings, not the whole bibliography's.

A contributor's pull request adds three entries to a bib with a hundred
findings; they must see their three. The bib as it was at the git revision
(``git show REF:path``) is compared entry by entry with the current one: an
entry is new or changed when its key was absent or its text or values differ
(a changed ``@string`` changes values, not text). Findings are kept when they
concern such an entry (duplicates: either side), or when they are reader
problems without a key that the old bib did not have.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from ext.lint.model import Finding
from ext.reader.bibfile import Bibliography, parse_bib


class SinceError(Exception):
    """The revision or the history cannot be read (one line, naming the fix)."""


def _git(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-C", str(path.parent.resolve()), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError:
        raise SinceError("git is not installed; --since reads the bib's history with git") from None


def text_at(ref: str, path: Path) -> str | None:
    """The text of *path* at git revision *ref* (``None`` when the file did not exist there)."""
    found = _git(path, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if found.returncode != 0:
        inside = _git(path, "rev-parse", "--git-dir").returncode == 0
        if not inside:
            raise SinceError(
                f"{path} is not in a git repository (or git refuses it); --since needs its history"
            )
        raise SinceError(f"unknown git revision {ref!r}; pass a commit, branch or tag that this clone has")
    shown = _git(path, "show", f"{ref}:./{path.name}")
    if shown.returncode != 0:
        exists = _git(path, "cat-file", "-e", f"{ref}:./{path.name}").returncode == 0
        if not exists:
            return None
        raise SinceError(f"cannot read {path} at {ref}: {shown.stderr.strip()}")
    return shown.stdout


def _signature(bib: Bibliography, key: str) -> tuple[object, ...]:
    entry = bib.data.entries[key]
    persons = tuple((role, tuple(str(person) for person in people)) for role, people in entry.persons.items())
    return bib.sources.get(key, ""), entry.type.lower(), tuple(entry.fields.items()), persons


def changed_keys(old: Bibliography, new: Bibliography) -> set[str]:
    """Keys (lower case) of the entries of *new* that *old* lacks or has otherwise."""
    before = {key.lower(): key for key in old.data.entries}
    changed = set()
    for key in new.data.entries:
        previous = before.get(key.lower())
        if previous is None or _signature(old, previous) != _signature(new, key):
            changed.add(key.lower())
    return changed


def old_bibliography(ref: str, paths: Iterable[Path]) -> Bibliography:
    """The bib files as they were at *ref* (a file absent there counts as empty)."""
    bib = Bibliography()
    for path in paths:
        text = text_at(ref, path)
        if text is not None:
            parse_bib(text, str(path), into=bib)
    return bib


def only_changed(findings: list[Finding], old: Bibliography, new: Bibliography) -> list[Finding]:
    """The findings that concern entries added or changed since *old*."""
    changed = changed_keys(old, new)
    old_problems = {problem.message for problem in old.problems if not problem.key}
    kept = []
    for finding in findings:
        if finding.key:
            if {finding.key.lower(), *(key.lower() for key in finding.related)} & changed:
                kept.append(finding)
        elif finding.message not in old_problems:
            kept.append(finding)
    return kept
