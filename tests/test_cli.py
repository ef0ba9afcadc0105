"""``python -m ext render`` and ``python -m ext readme`` behave as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from ext.cli import main

from conftest import GOLDEN, REPO


def test_render_markdown_via_module() -> None:
    """The documented interface ``python -m ext render --format markdown FILE`` prints the list."""
    done = subprocess.run(
        [sys.executable, "-m", "ext", "render", "--format", "markdown", str(GOLDEN / "representative.bib")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == (GOLDEN / "representative.md").read_text(encoding="utf-8")


def test_render_warns_on_stderr_and_keeps_going() -> None:
    """Problems go to stderr as FILE:LINE: warning, the good entries to stdout."""
    result = CliRunner().invoke(
        main, ["render", "--format", "text", str(REPO / "tests/roots/test-bad-bib/refs.bib")]
    )
    assert result.exit_code == 0
    assert "refs.bib:15: warning: duplicate key 'dup2019'" in result.stderr
    assert "Frost, Fay. 2020. “After the Problems.” J." in result.stdout


def test_missing_file_is_one_error_line(tmp_path: Path) -> None:
    """A missing .bib is a usage error naming the file."""
    result = CliRunner().invoke(main, ["render", str(tmp_path / "nope.bib")])
    assert result.exit_code == 2 and "nope.bib" in result.output


def test_readme_update_and_check(tmp_path: Path) -> None:
    """``readme`` rewrites only the marked section; ``--check`` fails while it is stale."""
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- papers:start -->\nold\n<!-- papers:end -->\nfooter\n")
    bib = str(GOLDEN / "representative.bib")
    stale = CliRunner().invoke(main, ["readme", "--check", str(readme), bib])
    assert stale.exit_code == 1 and "Error: " in stale.output and "make readme" in stale.output
    assert CliRunner().invoke(main, ["readme", str(readme), bib]).exit_code == 0
    text = readme.read_text()
    assert text.startswith("intro\n<!-- papers:start -->\n\nAlbericio") and text.endswith("footer\n")
    assert CliRunner().invoke(main, ["readme", "--check", str(readme), bib]).exit_code == 0


def test_readme_without_markers(tmp_path: Path) -> None:
    """A README without markers is an error that says which markers to add."""
    readme = tmp_path / "README.md"
    readme.write_text("no markers\n")
    result = CliRunner().invoke(main, ["readme", str(readme), str(GOLDEN / "representative.bib")])
    assert result.exit_code == 1 and "<!-- papers:start -->" in result.output


def test_every_command_has_help_with_example() -> None:
    """Each command documents itself with an example."""
    for name, command in main.commands.items():
        assert command.help and "Example:" in command.help, name


def test_readme_refuses_an_empty_or_broken_bib(tmp_path: Path) -> None:
    """A bib without entries, or with a problem, leaves README.md untouched and fails with one line."""
    readme = tmp_path / "README.md"
    readme.write_text("# x\n<!-- papers:start -->\nold list\n<!-- papers:end -->\n", encoding="utf-8")
    only_macros = tmp_path / "macros.bib"
    only_macros.write_text('@string{j = "J"}\n@comment{nothing}\n', encoding="utf-8")
    broken = tmp_path / "broken.bib"
    broken.write_text("@misc{ok, title={Fine}}\n@misc{bad, title={Unclosed}\n", encoding="utf-8")
    for bib, says in (
        (only_macros, "holds no entries"),
        (broken, "broken.bib:2: entry 'bad' has unbalanced"),
    ):
        for args in ([], ["--check"]):
            result = CliRunner().invoke(main, ["readme", *args, str(readme), str(bib)])
            assert result.exit_code == 1 and says in result.output
            assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert "old list" in readme.read_text(encoding="utf-8")
