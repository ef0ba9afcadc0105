"""A pull that finds nothing new costs one request and little more: it loads no BibTeX machinery."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO

#: Modules only a pull with something to compare or convert needs (the reader, the converter, the writer).
HEAVY = (
    "pybtex",
    "latexcodec",
    "ext.reader",
    "ext.style",
    "ext.lint",
    "sync.commands.pullbib",
    "sync.commands.report",
    "sync.local.mirror",
    "sync.local.bibwrite",
    "sync.mapping.convert",
    "sync.mapping.texify",
)


def pull_in_process(bib: Path, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """``python -m sync pull`` in a process of its own; its result and the modules it imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sync", "pull", "--quiet", "--bib", str(bib), *args],
        cwd=bib.parent,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    imported = {
        line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")
    }
    return done, imported


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_no_op_pull_loads_no_bibtex_machinery(sync_env, tmp_path: Path) -> None:
    """A pull with nothing new upstream, its bib and state as the last pull left them, imports neither
    pybtex nor the reader, converter or writer (a first pull does, so the list means something)."""
    bib = tmp_path / "sparsity.bib"
    first, loaded = pull_in_process(bib)
    assert first.returncode == 0, first.stderr[-2000:]
    assert {"pybtex", "sync.local.mirror", "sync.mapping.convert"} <= set(heavy(loaded))
    again, loaded = pull_in_process(bib)
    assert again.returncode == 0 and "unchanged since version" in again.stdout, again.stderr[-2000:]
    assert heavy(loaded) == []


def test_an_edited_bib_is_compared_again_and_a_contributed_entry_commits_nothing(
    sync_env, tmp_path: Path
) -> None:
    """After a contributed entry is added to the bib, a pull with nothing new reads the bib again (the
    state's fingerprint no longer matches) and writes neither file: a stale fingerprint is no change."""
    bib = tmp_path / "sparsity.bib"
    assert pull_in_process(bib)[0].returncode == 0
    with bib.open("a", encoding="utf-8") as handle:  # last by key, where a pull keeps it
        handle.write("\n@misc{zz-contributed2024,\n  title = {A contributed paper},\n  year = {2024}\n}\n")
    state = bib.with_suffix(".zotero.json")
    before = (bib.read_bytes(), state.read_bytes())
    done, loaded = pull_in_process(bib, "--check")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "sync.local.mirror" in loaded  # compared, not trusted
    done, _ = pull_in_process(bib)
    assert done.returncode == 0 and before == (bib.read_bytes(), state.read_bytes())
