"""``python -m sync.commands.verify``: the sync pull request's body starts with the outcome of each check of the synced tree."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from sync.commands.verify import main

#: prints "warning: Sparse ```nets``` for @octocat, see #1" (written so that the command itself holds neither)
LOUD = "print('warning: Sparse', chr(96) * 3 + 'nets' + chr(96) * 3, 'for', chr(64) + 'octocat, see #1'); exit(3)"
BROKEN = """@article{bad,
  author = {Lovelace, Ada and and Byron, George},
  title = {Sparse nets},
  journal = {J},
  year = {2020},
}
"""


def test_outcomes_head_the_report_and_a_failure_fails(tmp_path: Path) -> None:
    """Each check is one line (passed/failed), a failed one shows its output inertly; exit 1; the report follows."""
    report = tmp_path / "report.md"
    report.write_text("## Zotero sync of groups/1\n\nthe change report\n", encoding="utf-8")
    bib = tmp_path / "new.bib"
    bib.write_text(BROKEN, encoding="utf-8")
    python = shlex.quote(sys.executable)
    status = main(
        [
            "--report",
            str(report),
            "--check",
            f"README's list is current={python} -c pass",
            "--check",
            f"no lint error in the changed entries={python} -m ext lint {shlex.quote(str(bib))}",
            "--check",
            f"the site builds={python} -c {shlex.quote(LOUD)}",
        ]
    )
    text = report.read_text(encoding="utf-8")
    assert status == 1
    assert text.startswith("### Checks of the synced tree\n\n:x: 2 of 3 checks failed")
    assert f"- :white_check_mark: passed: README's list is current (`{python} -c pass`)" in text
    assert "- :x: failed (exit 1): no lint error in the changed entries" in text
    assert "name-empty" in text  # the lint's own words, in the failed check's block
    assert "- :x: failed (exit 3): the site builds" in text
    block = text.split("  ````\n", 2)[1]  # a fence longer than the ``` in the output: mentions stay inert
    assert "@octocat" in block and "@octocat" not in text.replace(block, "")
    assert text.endswith("## Zotero sync of groups/1\n\nthe change report\n")


def test_all_passed(tmp_path: Path) -> None:
    """Checks that pass say so in one line each, and the command exits 0."""
    report = tmp_path / "report.md"
    status = main(["--report", str(report), "--check", f"it builds={shlex.quote(sys.executable)} -c pass"])
    assert status == 0
    assert report.read_text(encoding="utf-8").startswith(
        "### Checks of the synced tree\n\n:white_check_mark: all 1 checks passed"
    )
