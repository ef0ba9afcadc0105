"""The committed README.md carries the current list of sparsity.bib."""

from __future__ import annotations

from ext.cli.readme import replace_list
from ext.cli.render import render_list
from ext.reader.bibfile import read_bib

from conftest import REPO


def test_committed_readme_is_current() -> None:
    """README.md equals what ``make readme`` would write (run it and commit if this fails)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    expected = replace_list(readme, render_list(read_bib(REPO / "sparsity.bib")))
    assert readme == expected


def test_readme_starts_with_the_two_commands() -> None:
    """The first screen of the README shows ``make html`` and ``make test``."""
    first_screen = "\n".join((REPO / "README.md").read_text(encoding="utf-8").splitlines()[:20])
    assert "make html" in first_screen and "make test" in first_screen


def test_make_help_and_the_readme_name_the_same_targets() -> None:
    """Every target ``make help`` lists is in the README (top commands or the table), and no other."""
    import re
    import subprocess

    shown = subprocess.run(
        ["make", "-s", "help"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    helped = {line.split()[1] for line in shown.splitlines() if line.startswith("make ")}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    top, rest = readme.split("\nOther commands:\n", 1)
    table = re.match(r"\s*((?:\|.*\n)+)", rest).group(1)
    documented = set(re.findall(r"^make ([\w-]+)", top, re.M))
    documented |= {
        name
        for cell in re.findall(r"^\| ([^|]+) \|", table, re.M)
        for name in re.findall(r"`make ([\w-]+)", cell)
    }
    assert helped == documented


def test_readme_runs_python_through_the_venv() -> None:
    """Commands shown to run are make targets or use .venv/bin/python, which works from a fresh clone."""
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8").split("<!-- papers:start -->")[0]
    bare = [line for line in readme.splitlines() if re.search(r"(?<![/\w])python -m (ext|sync)\b", line)]
    assert not bare, bare[:3]
