"""Every rule, in report order, and :func:`lint_entries`, the one entry point.

Rule ids are stable (scripts, ``lint-ignore`` fields and config files name
them); README lists them. The family modules hold the checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ext.lint import duplicates, identifiers, keywords, names, text, title, values
from ext.lint.config import LintConfig, ignored_rules
from ext.lint.model import SEVERITIES, Check, Corpus, Finding, Hit, Rule
from ext.reader.bibfile import Bibliography, Problem

#: Problems of the tolerant reader (:mod:`ext.reader.bibfile`), as rules.
READER_RULES = (
    Rule("syntax", "error", "the entry cannot be parsed (it is missing from every output)"),
    Rule("unbalanced-braces", "error", "a '{' without its '}' (or the reverse): the entry is skipped"),
    Rule(
        "duplicate-key", "error", "a citation key used twice (keys ignore case); the second entry is dropped"
    ),
    Rule("duplicate-field", "warning", "a field written twice in one entry; the second value is ignored"),
    Rule("unknown-type", "warning", "an entry type BibTeX does not know (shown as @misc)"),
    Rule(
        "macro-expansion",
        "error",
        "@string macros that expand beyond the reader's bound (a chain that doubles at each step): "
        "the @string reads as empty, an entry using it is skipped",
    ),
)
_READER_KINDS = {
    "syntax": "syntax",
    "duplicate_key": "duplicate-key",
    "duplicate_field": "duplicate-field",
    "unknown_type": "unknown-type",
    "macro_expansion": "macro-expansion",
    "name": "name-unparsable",
}
FAMILIES: tuple[tuple[tuple[Rule, ...], Check], ...] = (
    (duplicates.RULES, duplicates.check),
    (identifiers.RULES, identifiers.check),
    (values.RULES, values.check),
    (names.RULES, names.check),
    (title.RULES, title.check),
    (text.RULES, text.check),
    (keywords.RULES, keywords.check),
)
RULES: dict[str, Rule] = {
    rule.id: rule for rules in (READER_RULES, *(family[0] for family in FAMILIES)) for rule in rules
}
_GROUP_ID = re.compile(r"\d+")
_ITEM_KEY = re.compile(r"[A-Z0-9]{8}")
ZOTERO_ITEM_URL = "https://www.zotero.org/groups/{group}/items/{key}"


def _reader_rule(problem: Problem) -> str:
    if problem.kind == "syntax" and "unbalanced braces" in problem.message:
        return "unbalanced-braces"
    return _READER_KINDS.get(problem.kind, "syntax")


def zotero_link(group: str | None, item_key: str | None) -> str | None:
    """The web page of a group item; ``None`` unless both are well-formed (they come from files)."""
    if group and item_key and _GROUP_ID.fullmatch(group) and _ITEM_KEY.fullmatch(item_key):
        return ZOTERO_ITEM_URL.format(group=group, key=item_key)
    return None


def unknown_rules(ids: Iterable[str]) -> list[str]:
    return sorted(set(ids) - set(RULES))


def lint_entries(
    bib: Bibliography,
    keys: Iterable[str] | None = None,
    config: LintConfig | None = None,
    group: str | None = None,
) -> list[Finding]:
    """Findings for the entries of *bib* (only those touching *keys*, when given), most severe first.

    Every entry is looked at (duplicates need them all); *keys* selects what is
    reported, e.g. the entries a sync pull added or changed. *group* (the Zotero
    group id) turns each mirrored entry's ``zoterokey`` into a link to the item.
    """
    config = config or LintConfig()
    corpus = Corpus.of(bib)
    hits: list[Hit] = [
        Hit(_reader_rule(problem), problem.key or "", problem.message) for problem in bib.problems
    ]
    for rules, check in FAMILIES:
        if any(rule.id not in config.disable for rule in rules):
            hits.extend(check(corpus))
    # a name the reader could not split is also found by the names rules, with the fix: say it once
    explained = {hit.key for hit in hits if hit.rule == "name-unparsable" and hit.field}
    hits = [
        hit for hit in hits if not (hit.rule == "name-unparsable" and not hit.field and hit.key in explained)
    ]
    wanted = {key.lower() for key in keys} if keys is not None else None
    findings = []
    problem_lines = {(problem.key or "", problem.message): problem for problem in bib.problems}
    for hit in hits:
        if hit.rule in config.disable:
            continue
        if wanted is not None and not ({hit.key.lower(), *(k.lower() for k in hit.related)} & wanted):
            continue
        view = corpus.by_key.get(hit.key)
        if view is not None and ({hit.rule, "*"} & ignored_rules(view)):
            continue
        if view is None:
            problem = problem_lines[(hit.key, hit.message)]
            path, line = problem.path, problem.line
        else:
            path, line = view.path, view.field_line(hit.field)
        link = zotero_link(group, view.zoterokey) if view is not None else None
        findings.append(
            Finding(
                hit.rule,
                RULES[hit.rule].severity,
                hit.key or None,
                path,
                line,
                hit.message,
                link,
                hit.related,
            )
        )
    rank = {severity: number for number, severity in enumerate(SEVERITIES)}
    rule_order = {rule: number for number, rule in enumerate(RULES)}
    return sorted(findings, key=lambda f: (rank[f.severity], rule_order[f.rule], f.file, f.line))
