"""Regenerate ``pandoc.json``: pandoc's citeproc rendering of every corpus entry, as plain text.

The fidelity test (tests/test_corpus.py) compares our rendering with this file, so the test
needs no pandoc; run this script again after adding entries to the corpus (needs pandoc)::

    .venv/bin/python tests/corpus/pandoc_reference.py

Each .bib file is rendered on its own (year suffixes and ``———`` depend on the list), with
pandoc's bundled Chicago author-date style, to HTML; each ``csl-entry`` becomes plain text.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "pandoc.json"
_ENTRY = re.compile(r'<div id="ref-(?P<key>[^"]*)" class="csl-entry"[^>]*>(?P<body>.*?)</div>', re.S)
_TAG = re.compile(r"<[^>]+>")


def pandoc_entries(bib: Path) -> dict[str, str]:
    """Key → pandoc's plain-text entry for every entry of *bib*."""
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "doc.md"
        doc.write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
        done = subprocess.run(
            ["pandoc", "--citeproc", f"--bibliography={bib}", "-t", "html", str(doc)],
            capture_output=True,
            text=True,
            check=True,
        )
    return {
        html.unescape(m.group("key")): " ".join(html.unescape(_TAG.sub("", m.group("body"))).split())
        for m in _ENTRY.finditer(done.stdout)
    }


def main() -> int:
    version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True, check=True)
    reference = {"pandoc": version.stdout.splitlines()[0], "files": {}}
    for bib in sorted(HERE.glob("*.bib")):
        reference["files"][bib.name] = pandoc_entries(bib)
    REFERENCE.write_text(json.dumps(reference, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"{REFERENCE}: {sum(len(v) for v in reference['files'].values())} entries", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
