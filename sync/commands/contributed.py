"""Contributed entries: those of the bib that no Zotero item mirrors yet (pure).

A pull request that adds BibTeX to ``sparsity.bib`` adds *local* entries (no
``zoterokey`` field). Pulls keep them; after the merge a curator runs
``python -m sync push`` to create their Zotero items, and the next pull
mirrors them. :func:`summary` is the list the pull request check shows, so
the curator knows what to push.
"""

from __future__ import annotations

from ext.ghmarkdown import quiet
from ext.reader.bibfile import Bibliography
from sync.commands.report import render_entries
from sync.commands.reportfit import capped


def contributed_keys(bib: Bibliography) -> list[str]:
    """Keys of the entries without a ``zoterokey`` field, in file order."""
    return [key for key, entry in bib.data.entries.items() if not entry.fields.get("zoterokey", "").strip()]


def summary(bib: Bibliography, name: str, has_state: bool = False) -> str:
    """Markdown for a job summary: each contributed entry as the list prints it (long ones cut, no
    mention or issue reference active), and what to do.

    A bib that was never moved into a Zotero group (no entry has a ``zoterokey``
    and there is no state file, *has_state*) is said so in a few lines: every
    entry would count as contributed, and listing them all would bury the news.
    """
    keys = contributed_keys(bib)
    if keys and len(keys) == len(bib.data.entries) and not has_state:
        return _never_pushed(name, len(keys))
    lines = [f"### Contributed entries in {name} ({len(keys)})", ""]
    if not keys:
        return "\n".join([*lines, "Every entry is mirrored from Zotero; nothing to push.", ""])
    rendered = render_entries(bib)
    lines += [
        quiet(f"- `{key}`: {entry}" if "`" not in key else f"- {entry}")
        for key in keys
        for entry in [capped(rendered[key].markdown, rendered[key].text)]
    ]
    lines += [
        "",
        "After merging, a curator creates their Zotero items with `python -m sync push` "
        "(keys pinned); the next pull mirrors them.",
        "",
    ]
    return "\n".join(lines)


def _never_pushed(name: str, count: int) -> str:
    return "\n".join(
        [
            f"### Contributed entries in {name}",
            "",
            f"{name} has not been moved into a Zotero group yet: none of its {count} entries has a "
            "`zoterokey` and there is no sync state, so each one counts as contributed and none is listed here.",
            "",
            'To move it, follow "Moving the list into a Zotero group" in the README: '
            "`python -m sync push --dry-run`, `python -m sync push`, then `make sync` and commit the bib "
            "and its `.zotero.json` state.",
            "",
        ]
    )
