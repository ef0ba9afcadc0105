"""``python -m ext lint --fix``: the mechanical fixes, applied to contributed entries in the .bib itself.

Mirrored entries (with a ``zoterokey``) are fixed in Zotero (``python -m sync
fix``) and come back with the next pull; editing them here would be undone.
Each fix replaces one value (or removes one field) inside one entry's text;
every other byte of the file stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from ext.lint.identifiers import doi_from_url
from ext.lint.keywords import majority_spellings
from ext.lint.model import Corpus, EntryView
from ext.lint.source import FieldSpan
from ext.lint.values import month_problem
from ext.reader.bibfile import Bibliography
from ext.reader.urls import bare_doi


@dataclass(frozen=True)
class Edit:
    start: int  #: offset in the entry's source
    end: int
    text: str
    what: str  #: one line for the report, e.g. "2019-jin: url removed (it was the DOI link)"


def _remove_field(view: EntryView, span: FieldSpan, what: str) -> Edit:
    """Remove a field with its line when it has one to itself, else just the field."""
    source = view.source
    line_start = source.rfind("\n", 0, span.start) + 1
    line_end = source.find("\n", span.end)
    line_end = len(source) if line_end < 0 else line_end
    if not source[line_start : span.start].strip() and not source[span.end : line_end].strip():
        return Edit(line_start, line_end + 1 if line_end < len(source) else line_end, "", what)
    return Edit(span.start, span.end, "", what)


def _replace_inner(view: EntryView, span: FieldSpan, inner: str, what: str) -> Edit:
    opener, _, closer = span.delimited(view.source)
    return Edit(span.value_start, span.value_end, f"{opener or '{'}{inner}{closer or '}'}", what)


def entry_edits(view: EntryView, spellings: dict[str, str]) -> list[Edit]:
    """The fixes for one contributed entry, in source order, never overlapping."""
    edits: list[Edit] = []
    spans, key = view.spans, view.key
    doi = view.raw("doi")
    for name in ("url", "eprint"):
        linked = doi_from_url(view.raw(name))
        span = spans.get(name)
        if not linked or span is None:
            continue
        if doi and bare_doi(doi).lower() == linked.lower():
            edits.append(_remove_field(view, span, f"{key}: {name} removed (it was the link of the DOI)"))
        elif not doi and "doi" not in spans:
            written = view.source[span.start : span.start + len(name)]
            field_name = "DOI" if written.isupper() else "doi"
            edits.append(
                Edit(
                    span.start,
                    span.value_end,
                    f"{field_name} = {{{linked}}}",
                    f"{key}: {name} → doi {linked}",
                )
            )
            doi = linked
    span = spans.get("doi")
    if span is not None and doi and bare_doi(doi) != doi and bare_doi(doi).startswith("10."):
        edits.append(_replace_inner(view, span, bare_doi(doi), f"{key}: doi prefix removed"))
    month = month_problem(view)
    if month and month[1] and "month" in spans:
        span = spans["month"]
        edits.append(Edit(span.value_start, span.value_end, month[1], f"{key}: month → {month[1]}"))
    for name in ("keywords", "keyword"):
        span = spans.get(name)
        if span is None:
            continue
        opener, inner, _ = span.delimited(view.source)
        words = inner.split(",")
        fixed = [
            word.replace(word.strip(), spellings[word.strip()]) if word.strip() in spellings else word
            for word in words
        ]
        if opener and fixed != words:
            edits.append(_replace_inner(view, span, ",".join(fixed), f"{key}: keyword spelling merged"))
    for name, span in spans.items():
        opener, inner, _ = span.delimited(view.source)
        if opener and inner and inner != inner.strip() and name != "abstract":
            edits.append(_replace_inner(view, span, inner.strip(), f"{key}: blanks trimmed in {name}"))
    edits.sort(key=lambda edit: edit.start)
    kept: list[Edit] = []
    for edit in edits:  # an earlier fix of the same field wins (a removed url needs no trimming)
        if not kept or edit.start >= kept[-1].end:
            kept.append(edit)
    return kept


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    offsets.extend(index + 1 for index, char in enumerate(text) if char == "\n")
    return offsets


def fix_texts(bib: Bibliography, texts: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """New texts of the files in *texts* (path → text) and what was fixed; mirrored entries untouched."""
    corpus = Corpus.of(bib)
    spellings = majority_spellings(corpus)
    by_path: dict[str, list[tuple[int, EntryView, list[Edit]]]] = {}
    for view in corpus.entries:
        if view.zoterokey or view.path not in texts:
            continue
        edits = entry_edits(view, spellings)
        if edits:
            by_path.setdefault(view.path, []).append((view.line, view, edits))
    result, done = dict(texts), list[str]()
    for path, entries in by_path.items():
        text = texts[path]
        offsets = _line_offsets(text)
        for line, view, edits in sorted(entries, key=lambda item: item[0], reverse=True):
            start = offsets[line - 1] + (1 if line == 1 and text.startswith("\ufeff") else 0)
            if not text.startswith(view.source, start):
                continue  # the file is not what was parsed (a BOM, or changed meanwhile): leave it
            source = view.source
            for edit in reversed(edits):
                source = source[: edit.start] + edit.text + source[edit.end :]
            text = text[:start] + source + text[start + len(view.source) :]
            done.extend(edit.what for edit in edits)
        result[path] = text
    return result, sorted(done)
