"""Keep the papers list inside README.md current (pure text functions).

Only the text between ``<!-- papers:start -->`` and ``<!-- papers:end -->`` is
generated; everything around it is written by hand.
"""

from __future__ import annotations

from ext.fileio import with_line_end

START = "<!-- papers:start -->"
END = "<!-- papers:end -->"


class MarkerError(ValueError):
    """README.md lacks the markers that delimit the generated list."""


def replace_list(readme: str, papers_markdown: str, newline: str = "\n") -> str:
    """*readme* with the text between the markers replaced by *papers_markdown*, its lines ended
    with *newline*; every byte outside the markers is kept."""
    start = readme.find(START)
    end = readme.find(END)
    if start < 0 or end < start:
        raise MarkerError(f"README has no '{START}' ... '{END}' section; add both marker lines")
    head = readme[: start + len(START)]
    tail = readme[end:]
    return head + with_line_end(f"\n\n{papers_markdown.strip()}\n\n", newline) + tail
