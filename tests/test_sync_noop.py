"""Library writes that change no entry open no sync pull request: the committed files stay as they were."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx2
import pytest
from click.testing import CliRunner, Result
from pyzotero.zotero import Zotero

from sync.cli import main

from conftest import REPO
from zotero_fixture import GROUP, WRITE_KEY

#: What the sync workflow commits (``make sync``: the pull, then ``make readme``).
COMMITTED = ("sparsity.bib", "sparsity.zotero.json", "README.md")


def pull(bib: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["pull", "--bib", str(bib), "--quiet", *args])


def git(project: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=project,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def sync(project: Path) -> None:
    """What ``make sync`` does: pull, then regenerate the README's list."""
    result = pull(project / "sparsity.bib")
    assert result.exit_code == 0, result.output
    from ext.cli import main as ext_main

    readme = CliRunner().invoke(
        ext_main, ["readme", str(project / "README.md"), str(project / "sparsity.bib")]
    )
    assert readme.exit_code == 0, readme.output


@pytest.fixture
def project(sync_env, tmp_path: Path) -> Path:
    """A git checkout holding a synced bib, its state and the README, all committed."""
    shutil.copy(REPO / "README.md", tmp_path / "README.md")
    sync(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", *COMMITTED)
    git(tmp_path, "commit", "-q", "-m", "synced")
    return tmp_path


def writer(zotero) -> Zotero:
    zot = Zotero(GROUP, "group", WRITE_KEY, client=httpx2.Client(trust_env=False, timeout=10))
    zot.endpoint = zotero.url
    return zot


def test_child_note_then_no_op_write_leave_the_committed_files_unchanged(zotero, project: Path) -> None:
    """After a child note, then a write that changes nothing (both advance the library version), pull
    --check exits 0 and a sync changes none of the files the workflow commits; a later real change is pulled."""
    zot = writer(zotero)
    lib = zotero.group(GROUP)
    parent = next(k for k, i in lib.items.items() if i.item_type == "journalArticle" and not i.trashed)
    edits = [
        lambda: zot.create_items([{"itemType": "note", "note": "<p>read this</p>"}], parentid=parent),
        lambda: zot.create_items([zot.item(parent)["data"]]),  # POST of the item as it is: "unchanged"
    ]
    for edit in edits:
        before = lib.version
        edit()
        assert lib.version > before  # the library version moved
        check = pull(project / "sparsity.bib", "--check")
        assert check.exit_code == 0, check.output
        assert "is current with" in check.output
        sync(project)
        assert git(project, "status", "--porcelain", "--", *COMMITTED) == ""

    zot.update_item({**zot.item(parent)["data"], "title": "A retitled article"})  # a real change still lands
    assert pull(project / "sparsity.bib", "--check").exit_code == 1
    sync(project)
    assert "A retitled article" in (project / "sparsity.bib").read_text(encoding="utf-8")
