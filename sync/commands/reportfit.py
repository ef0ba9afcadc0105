"""Fitting the change report into a pull request body: per-entry caps and per-section budgets (pure).

GitHub refuses a body over 65 536 characters. Cutting the finished text at
the limit let one 64 KB title push every later section out (the Updated and
Removed sections a reviewer must see). Instead each entry is capped
(:func:`capped`: a long entry shows its plain text cut at a word, with an
ellipsis), the sections that must stay whole (still cited, removed) are laid
out first, and the others share what is left (:func:`share`): each gets what
it needs up to an equal share, and what one does not use goes to the others.
A section past its budget lists its remaining keys, then counts them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ext.ghmarkdown import quiet
from ext.style.markdown import escape_markdown

#: One entry's line at most (a title of 64 KB is cut to this).
ENTRY_CHARS = 1_000
#: Entries shown with their rendering per section; the rest are listed by key only.
SHOWN = 40


def shorten(text: str, limit: int = ENTRY_CHARS) -> str:
    """*text* cut at a word boundary to at most *limit* characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip() + "…"


def capped(markdown: str, text: str, limit: int = ENTRY_CHARS) -> str:
    """An entry's Markdown, or its plain *text* cut and escaped when the Markdown is too long
    (cutting Markdown could leave a link or emphasis open)."""
    return markdown if len(markdown) <= limit else escape_markdown(shorten(text, limit))


def share(needs: Sequence[int], total: int) -> list[int]:
    """Budgets for sections needing *needs* characters out of *total*: each gets what it needs
    up to an equal share of what the smaller ones left."""
    budgets = [0] * len(needs)
    left = max(total, 0)
    order = sorted(range(len(needs)), key=lambda index: needs[index])
    for done, index in enumerate(order):
        budgets[index] = min(needs[index], left // (len(order) - done))
        left -= budgets[index]
    return budgets


def section(
    title: str,
    keys: list[str],
    line_of: Callable[[str], str],
    key_of: Callable[[str], str],
    budget: int | None,
) -> list[str]:
    """A ``### title (n)`` section: the first :data:`SHOWN` entries as lines, the others by key in a
    ``<details>`` block, all within *budget* characters (``None``: no limit); what does not fit is
    counted, never silently dropped."""
    if not keys:
        return []
    lines = ["", f"### {title} ({len(keys)})", ""]
    room = None if budget is None else budget - 120  # the header and the closing count
    used = sum(len(line) + 1 for line in lines)
    shown = 0
    for key in keys[:SHOWN]:
        line = quiet(line_of(key))
        if room is not None and used + len(line) + 1 > room:
            break
        lines.append(line)
        used += len(line) + 1
        shown += 1
    listed: list[str] = []
    for key in keys[shown:]:
        name = quiet(key_of(key))
        if room is not None and used + len(name) + 2 + 40 > room:
            break
        listed.append(name)
        used += len(name) + 2
    if listed:
        lines += [
            "",
            f"<details><summary>{len(listed)} more</summary>",
            "",
            ", ".join(listed),
            "",
            "</details>",
        ]
    missing = len(keys) - shown - len(listed)
    if missing:
        lines += ["", f"… and {missing} more (run `make sync` locally to see them all)"]
    return lines


def fit_lines(lines: list[str], budget: int, what: str) -> list[str]:
    """*lines* (a block such as the lint table) up to *budget* characters, the rest counted."""
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        if used + len(line) + 1 > budget - 100:
            return [
                *kept,
                f"… and {len(lines) - index} more {what} (run `make sync` locally to see them all)",
            ]
        kept.append(line)
        used += len(line) + 1
    return kept


def length(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)
