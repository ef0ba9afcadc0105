"""Where the project's text cites each key: what a removed or renamed key would break.

The survey text cites entries with sphinxcontrib-bibtex roles (``:cite:p:`a,b```,
``:footcite:t:`{see}a{p. 3}```). This module finds them in the ``.rst`` files of
a Sphinx project, with file and line, without running Sphinx. Folders that hold
a ``conf.py`` of their own are other projects (test fixtures, say) and are
skipped, and so are hidden folders and ``_build``-style ones.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

_ROLE = re.compile(r":(?:foot)?cite(?::[a-z]+)?:`([^`]*)`", re.DOTALL)
_NOTE = re.compile(r"^\{[^{}]*\}|\{[^{}]*\}$")

#: lower-cased key → places ("survey.rst", line) it is cited, in file order
Citations = dict[str, list[tuple[str, int]]]


def _keys(target: str) -> list[str]:
    """The keys of one role's target: ``{see}a{p. 3}, b`` → ``a``, ``b``."""
    keys = []
    for part in target.split(","):
        key = part.strip()
        while True:  # a pre-note and a post-note, in either order of removal
            stripped = _NOTE.sub("", key).strip()
            if stripped == key:
                break
            key = stripped
        if key:
            keys.append(key)
    return keys


def citations_in_text(text: str, name: str) -> Citations:
    """Every cited key of one file's *text* (``name`` labels the places)."""
    found: Citations = defaultdict(list)
    for match in _ROLE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        for key in _keys(match.group(1)):
            found[key.lower()].append((name, line))
    return dict(found)


def _sources(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith((".", "_")) and not (here / name / "conf.py").exists()
        )
        found.extend(here / name for name in sorted(files) if name.endswith(".rst"))
    return found


def citations_in_project(root: Path) -> Citations:
    """Every cited key of the ``.rst`` files under *root* (places relative to *root*)."""
    found: Citations = defaultdict(list)
    for path in _sources(root):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # not ours to judge here; the Sphinx build reports unreadable sources
        for key, places in citations_in_text(text, path.relative_to(root).as_posix()).items():
            found[key].extend(places)
    return dict(found)
