"""Findings as text for a terminal, JSON for scripts, GitHub annotations for CI, Markdown for a PR."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence

from ext.ghmarkdown import quiet
from ext.lint.model import SEVERITIES, Finding
from ext.lint.registry import RULES
from ext.reader.fields import KNOWN_TYPES

FORMATS = ("text", "json", "github")
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def summary(findings: Sequence[Finding]) -> str:
    """ "3 errors, 40 warnings, 51 notes in 94 findings" (or "no findings")."""
    if not findings:
        return "no findings"
    counts = Counter(finding.severity for finding in findings)
    labels = {"error": "error", "warning": "warning", "info": "note"}
    parts = [f"{counts[s]} {labels[s]}{'' if counts[s] == 1 else 's'}" for s in SEVERITIES if counts[s]]
    return ", ".join(parts)


def as_text(findings: Sequence[Finding]) -> str:
    """Grouped by rule (most severe rules first), one line per finding, then a summary line."""
    lines: list[str] = []
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    for rule, group in by_rule.items():
        lines.append(f"{rule} ({group[0].severity}, {len(group)}): {RULES[rule].summary}")
        for finding in group:
            lines.append(f"  {finding.file}:{finding.line}: {finding.key or '-'}: {finding.message}")
            if finding.zotero_url:
                lines.append(f"    fix in Zotero: {finding.zotero_url}")
        lines.append("")
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def as_json(findings: Sequence[Finding]) -> str:
    return json.dumps([finding.as_dict() for finding in findings], indent=1, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: Sequence[Finding]) -> str:
    """Workflow commands: ``::warning file=F,line=L,title=RULE::message`` (GitHub's escaping)."""
    lines = []
    for finding in findings:
        message = f"{finding.key}: {finding.message}" if finding.key else finding.message
        if finding.zotero_url:
            message += f" (fix in Zotero: {finding.zotero_url})"
        properties = ",".join(
            f"{name}={_escape_property(value)}"
            for name, value in (("file", finding.file), ("line", str(finding.line)), ("title", finding.rule))
        )
        lines.append(f"::{_GITHUB_LEVEL[finding.severity]} {properties}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)


def render(findings: Sequence[Finding], fmt: str) -> str:
    return {"text": as_text, "json": as_json, "github": as_github}[fmt](findings)


_TYPE = re.compile(r"(@[A-Za-z]+)\b")


def _escape_cell(text: str) -> str:
    special = "\\`*_{}[]()#+!|<>~"
    return "".join("\\" + char if char in special else char for char in text)


def _markdown_cell(text: str) -> str:
    """Table-cell text that cannot break out of its cell, start markup or run a link; entry types
    (``@misc``) as code spans, so that GitHub does not read them as mentions."""
    parts = _TYPE.split(text)
    cell = "".join(
        f"`{part}`" if index % 2 and part[1:].lower() in KNOWN_TYPES else _escape_cell(part)
        for index, part in enumerate(parts)
    )
    return " ".join(cell.split())


def as_markdown(findings: Sequence[Finding]) -> str:
    """A Markdown table for a pull request description ("" when there are no findings); nothing in it
    is a mention or an issue reference (:func:`ext.ghmarkdown.quiet`)."""
    if not findings:
        return ""
    rows = ["| | rule | entry | what to change |", "|---|---|---|---|"]
    marks = {"error": "error", "warning": "warning", "info": "note"}
    for finding in findings:
        entry = (
            f"`{finding.key}`"
            if finding.key and "`" not in finding.key
            else _markdown_cell(finding.key or "")
        )
        if finding.zotero_url:
            entry += f" ([Zotero]({finding.zotero_url}))"
        rows.append(
            f"| {marks[finding.severity]} | {finding.rule} | {entry} | {_markdown_cell(finding.message)} |"
        )
    return quiet("\n".join(rows) + f"\n\nLint: {summary(findings)}.\n")
