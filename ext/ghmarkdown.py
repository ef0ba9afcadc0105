"""Markdown bound for GitHub (a pull request body, a job summary) that pings no one and links nothing.

GitHub turns ``@octocat`` and ``@org/team`` in a comment into mentions (and
notifies them), and ``#1``, ``GH-2`` and ``owner/repo#3`` into links to issues
(and adds a back-reference to that issue), but never inside code or links.
Titles, names and journals come from the library, so any of them can hold
such text. :func:`quiet` puts a zero-width space (written as the entity
``&#8203;``, the escape Renovate uses in its pull requests) right after each
``@`` that starts a name and each ``#`` or ``GH-`` before a number: the text
reads the same, but the pattern no longer matches. Code spans, link targets,
HTML tags and entities are left as they are, so keys in code spans and links
keep working. Run it on the finished Markdown, once.
"""

from __future__ import annotations

import re

#: What GitHub never scans, or what the escape must not break: ``\x`` escapes (but ``\#``, which
#: GitHub still reads as ``#``), code spans,
#: link targets ``](url)`` (balanced parentheses), HTML tags and entities.
_KEEP = re.compile(
    r"\\[^#]|(`+)(?!`).*?(?<!`)\1(?!`)|\]\((?:[^()\s]|\([^()\s]*\))*\)|<[^<>\n]*>|&#?\w+;",
    re.DOTALL,
)
_PING = re.compile(r"(@(?=[A-Za-z0-9])|#(?=\d)|\bGH-(?=\d))", re.IGNORECASE)
ZWSP = "&#8203;"


def _quiet_text(text: str) -> str:
    return _PING.sub(rf"\1{ZWSP}", text)


def quiet(markdown: str) -> str:
    """*markdown* as GitHub shows it, with no mention and no issue reference left active."""
    out, position = [], 0
    for match in _KEEP.finditer(markdown):
        out.append(_quiet_text(markdown[position : match.start()]))
        out.append(match.group())
        position = match.end()
    out.append(_quiet_text(markdown[position:]))
    return "".join(out)
