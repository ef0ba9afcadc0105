"""``python -m ext lint --since REF``: a change sees the findings of the entries it adds or changes, no others."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ext.cli import main

from conftest import SEED_BIB, require

NEW_ENTRY = """
@article{lovelace2024sparse,
  author = {Lovelace, Ada},
  title = {Pruning cnn and lstm models},
  journal = {Journal of Sparse Things},
  year = {2024},
  url = {https://doi.org/10.1000/sparse.2024},
}
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A git repository whose first commit holds the seed bib (with its own findings) as sparsity.bib."""
    require(shutil.which("git") is not None, "git")
    shutil.copy(SEED_BIB, tmp_path / "sparsity.bib")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "sparsity.bib")
    _git(tmp_path, "commit", "-q", "-m", "seed")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _lint(*args: str):
    return CliRunner().invoke(main, ["lint", *args], catch_exceptions=False)


def test_since_reports_only_the_added_entry(repo: Path) -> None:
    """One added entry with a DOI in url, lower-case acronyms and no Zotero key: its findings, on its lines, only."""
    with (repo / "sparsity.bib").open("a", encoding="utf-8") as bib:
        bib.write(NEW_ENTRY)
    _git(repo, "commit", "-q", "-am", "add an entry")
    assert _lint("--format", "github", "sparsity.bib").output.count("\n") > 100  # the whole bib's findings
    result = _lint("--since", "HEAD~1", "--format", "github", "sparsity.bib")
    lines = result.output.splitlines()
    first_line = (repo / "sparsity.bib").read_text(encoding="utf-8").splitlines().index(
        "@article{lovelace2024sparse,"
    ) + 1
    assert lines and all("::lovelace2024sparse: " in line for line in lines), result.output
    rules = {line.split("title=")[1].split("::")[0] for line in lines}
    assert {"doi-in-url", "title-acronym"} <= rules
    assert all(first_line <= int(line.split("line=")[1].split(",")[0]) <= first_line + 6 for line in lines)
    assert result.exit_code == 0  # warnings do not fail the check; errors do


def test_since_sees_a_changed_entry_and_new_errors(repo: Path) -> None:
    """An edited entry counts as changed; an error it brings fails the command."""
    bib = repo / "sparsity.bib"
    text = bib.read_text(encoding="utf-8")
    edited = text.replace("author={Ba, Jimmy and Grosse", "author={Ba, Jimmy and and Grosse", 1)
    assert edited != text
    bib.write_text(edited, encoding="utf-8")
    result = _lint("--since", "HEAD", "--format", "json", "sparsity.bib")
    assert result.exit_code == 1
    assert '"key": "2016-ba"' in result.output and '"key": "2017-yu"' not in result.output


def test_since_with_no_change_finds_nothing(repo: Path) -> None:
    """The bib as committed brings no finding of its own."""
    result = _lint("--since", "HEAD", "sparsity.bib")
    assert result.exit_code == 0 and result.output.strip() == "no findings"


def test_since_an_unknown_revision_is_one_usage_error(repo: Path) -> None:
    """A revision the clone lacks is one line naming the fix, exit 2."""
    result = _lint("--since", "no-such-branch", "sparsity.bib")
    assert result.exit_code == 2
    assert "unknown git revision 'no-such-branch'" in result.output
