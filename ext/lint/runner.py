"""What ``python -m ext lint`` does, apart from parsing options: read, fix, lint, decide the exit status.

Kept out of :mod:`ext.cli` so the command stays a thin edge over pure functions.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ext.biblock import bib_lock
from ext.fileio import write_atomic, write_error
from ext.lint.config import LintConfig
from ext.lint.fix import fix_texts
from ext.lint.model import Finding
from ext.lint.registry import lint_entries
from ext.lint.since import old_bibliography, only_changed
from ext.reader.bibfile import Bibliography, parse_bib

GROUP_ENV = "ZOTERO_GROUP_ID"


@dataclass
class LintRun:
    findings: list[Finding]
    fixed: list[str] = field(default_factory=list)  #: what --fix changed
    written: list[Path] = field(default_factory=list)


def read_texts(paths: list[Path]) -> dict[str, str]:
    """Each file's exact text (BOM and line endings kept, so --fix rewrites nothing else)."""
    return {str(path): path.read_bytes().decode("utf-8") for path in paths}


def parse_texts(texts: dict[str, str]) -> Bibliography:
    bib = Bibliography()
    for path, text in texts.items():
        parse_bib(text, path, into=bib)
    return bib


def group_id(paths: list[Path]) -> str | None:
    """The Zotero group of the mirror: the state file next to the first bib, else ``ZOTERO_GROUP_ID``."""
    for path in paths:
        state = path.with_suffix(".zotero.json")
        try:
            library = json.loads(state.read_text(encoding="utf-8")).get("library", "")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(library, str) and library.startswith("groups/"):
            return library.removeprefix("groups/")
    return os.environ.get(GROUP_ENV, "").strip() or None


def run(
    paths: list[Path],
    config: LintConfig,
    *,
    fix: bool = False,
    group: str | None = None,
    since: str | None = None,
) -> LintRun:
    """Lint the files (after fixing contributed entries in place, with *fix*).

    *since* (a git revision) keeps only the findings of entries added or changed since then.
    """
    old = old_bibliography(since, paths) if since is not None else None
    group = group if group is not None else group_id(paths)
    if not fix:
        bib = parse_texts(read_texts(paths))
        findings = lint_entries(bib, config=config, group=group)
        return LintRun(only_changed(findings, old, bib) if old is not None else findings)
    with bib_lock(paths):  # a pull must not write the bib between our read and our write
        texts = read_texts(paths)
        bib = parse_texts(texts)
        new_texts, fixed = fix_texts(bib, texts)
        written: list[Path] = []
        for path, text in new_texts.items():
            if text != texts[path]:
                try:
                    write_atomic(Path(path), text)
                except OSError as error:
                    raise FixNotWritten(error, written) from None
                written.append(Path(path))
    if written:
        bib = parse_texts(new_texts)
    findings = lint_entries(bib, config=config, group=group)
    if old is not None:
        findings = only_changed(findings, old, bib)
    return LintRun(findings, fixed, written)


class FixNotWritten(Exception):
    """``--fix`` could not write a file (a full disk): that file is unchanged, those before it are fixed."""

    def __init__(self, error: OSError, written: list[Path]) -> None:
        done = f" ({len(written)} files before it were fixed)" if written else ""
        super().__init__(write_error(error, f"it was not changed{done}"))


def exit_status(findings: list[Finding], strict: bool) -> int:
    """1 when an error was found (or, with *strict*, a warning); else 0."""
    failing = {"error", "warning"} if strict else {"error"}
    return 1 if any(finding.severity in failing for finding in findings) else 0
