"""Commands that rewrite a file share the pull's lock, keep its line endings, and fail on a full disk
with one line naming the file, which stays as it was."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from ext.cli import main
from sync.local.lock import bib_lock

from conftest import REPO

SEED_BIB = REPO / "tests" / "data" / "seed.bib"
SLIP = "@article{slip,\n  author = {Lovelace, Ada},\n  title = {Sparse nets},\n  journal = {J},\n  year = {2020},\n  month = {Nov.},\n}\n"
README = "# Papers\n\n<!-- papers:start -->\n<!-- papers:end -->\n\nEnd.\n"


def ext(*args: str):
    return CliRunner().invoke(main, list(args))


def test_lint_fix_does_not_write_while_a_pull_holds_the_bib(tmp_path: Path) -> None:
    """``lint --fix`` during a pull stops with one error and leaves the bib to the pull."""
    bib = tmp_path / "sparsity.bib"
    bib.write_text(SLIP, encoding="utf-8")
    with bib_lock(bib):  # what sync pull holds from reading the bib to writing it
        result = ext("lint", "--fix", str(bib))
    assert result.exit_code == 1 and "another command (a sync pull, lint --fix or readme)" in result.output
    assert bib.read_text(encoding="utf-8") == SLIP


def test_readme_does_not_write_while_a_pull_holds_the_bib(tmp_path: Path) -> None:
    """``ext readme`` during a pull stops with one error; README is not written from a bib being replaced."""
    readme, bib = tmp_path / "README.md", tmp_path / "sparsity.bib"
    readme.write_text(README, encoding="utf-8")
    shutil.copy(SEED_BIB, bib)
    with bib_lock(bib):
        result = ext("readme", str(readme), str(bib))
    assert result.exit_code == 1 and "another command" in result.output
    assert readme.read_text(encoding="utf-8") == README
    assert ext("readme", str(readme), str(bib)).exit_code == 0  # and the lock is gone afterwards


def test_readme_keeps_crlf_line_endings(tmp_path: Path) -> None:
    """A README checked out with CRLF is rewritten with CRLF, every line, and checks as current."""
    readme, bib = tmp_path / "README.md", tmp_path / "sparsity.bib"
    readme.write_bytes(README.replace("\n", "\r\n").encode("utf-8"))
    shutil.copy(SEED_BIB, bib)
    assert ext("readme", str(readme), str(bib)).exit_code == 0
    data = readme.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > 100
    assert data.startswith(b"# Papers\r\n\r\n<!-- papers:start -->\r\n\r\n") and data.endswith(
        b"\r\n\r\nEnd.\r\n"
    )
    assert ext("readme", "--check", str(readme), str(bib)).exit_code == 0


def _limit_file_size() -> None:
    """The child may write files of 4 KB at most: a write past it fails as on a full disk (EFBIG)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def run_full(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
        check=False,
    )


def test_readme_on_a_full_disk_names_the_file(tmp_path: Path) -> None:
    """A failed README write is one ``Error:`` line naming README, not a traceback; README is unchanged."""
    readme, bib = tmp_path / "README.md", tmp_path / "sparsity.bib"
    readme.write_text(README, encoding="utf-8")
    shutil.copy(SEED_BIB, bib)
    result = run_full("-m", "ext", "readme", str(readme), str(bib))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot write {readme}: File too large; it was not changed; "
        "the file is larger than this system allows (ulimit -f); raise the limit and run again"
    ]
    assert readme.read_text(encoding="utf-8") == README and sorted(p.name for p in tmp_path.iterdir()) == [
        "README.md",
        "sparsity.bib",
    ]


def test_lint_fix_on_a_full_disk_names_the_file(tmp_path: Path) -> None:
    """A failed ``--fix`` write says which file could not be written (not "cannot read … UTF-8")."""
    bib = tmp_path / "refs.bib"
    bib.write_text(SLIP + "@misc{pad,\n  note = {" + "x " * 3000 + "},\n}\n", encoding="utf-8")
    before = bib.read_bytes()
    result = run_full("-m", "ext", "lint", "--fix", str(bib))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"Error: cannot write {bib}: File too large; it was not changed;" in result.stderr
    assert "UTF-8" not in result.stderr and bib.read_bytes() == before


def test_pull_on_a_full_disk_names_the_file(sync_env, tmp_path: Path) -> None:
    """A pull that cannot write the bib says which file and that it is as it was; the bib is intact."""
    bib = tmp_path / "sparsity.bib"
    shutil.copy(SEED_BIB, bib)
    result = run_full("-m", "sync", "pull", "--bib", str(bib), "--quiet")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(f"Error: cannot write {bib}: File too large; it was not changed;")
    )
    assert bib.read_bytes() == SEED_BIB.read_bytes()


def test_pull_keeps_crlf_line_endings(sync_env, tmp_path: Path) -> None:
    """A bib checked out with CRLF is written by the pull with CRLF, every line, and a second pull leaves it."""
    from sync.cli import main as sync_main

    bib = tmp_path / "sparsity.bib"
    bib.write_bytes(SLIP.replace("\n", "\r\n").encode("utf-8"))
    result = CliRunner().invoke(sync_main, ["pull", "--bib", str(bib), "--quiet"])
    assert result.exit_code == 0, result.output
    data = bib.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > 100 and SLIP.replace("\n", "\r\n").encode() in data
    again = CliRunner().invoke(sync_main, ["pull", "--bib", str(bib), "--quiet", "--check"])
    assert again.exit_code == 0, again.output
