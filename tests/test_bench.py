"""``make bench`` still runs (smallest size): the benchmarks cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ext.reader.bibfile import read_bib

from conftest import REPO

pytestmark = pytest.mark.bench


def test_before_and_after_take_turns_at_going_first() -> None:
    """Neither side of a comparison always runs first: the order flips every round."""
    from bench.compare import in_turn

    codes = {"before": Path("a"), "after": Path("b")}
    assert [[side for side, _ in in_turn(codes, round_)] for round_ in range(3)] == [
        ["before", "after"],
        ["after", "before"],
        ["before", "after"],
    ]


def test_quick_benchmark_runs(tmp_path: Path) -> None:
    """The quick benchmark writes a results table and the scale chart."""
    out = tmp_path / "results.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    entries = len(read_bib(REPO / "sparsity.bib").data.entries)  # the live file: counted, never assumed
    assert f"| format {entries} entries, cold |" in text and "| HTML rebuild, nothing changed |" in text
    assert "| 452 |" in text  # the smallest synthetic size of the scale series
    assert "| no-change rebuild / empty furo rebuild keeping its compiled templates | " in text
    chart = (tmp_path / "results-scale.svg").read_text(encoding="utf-8")
    assert chart.startswith("<svg") and '<path d="M' in chart  # a line, not an empty frame


def test_before_and_after_benchmark_runs(tmp_path: Path) -> None:
    """``--before REF`` measures the code at REF and this tree in one run, one column each (REF
    here: this tree's folder, as a copy without git history, such as CI's, must run it too)."""
    out = tmp_path / "results.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--before", str(REPO), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    table = (tmp_path / "results-compare.md").read_text(encoding="utf-8")
    assert f"| what | before ({REPO}) | after (this tree) |" in table
    row = next(line for line in table.splitlines() if line.startswith("| one-entry edit rebuild"))
    before, after = row.split(" | ")[1:3]
    assert before.endswith("s)") and after.endswith("s)")  # both sides measured: "1.31× (1.2 s / 0.9 s)"
    assert "not measured | not measured |" in next(
        line for line in table.splitlines() if line.startswith("| clean PDF")
    )
    # the sync rows carry their floor: the same requests through pyzotero alone, measured in the same rounds
    for scenario in ("no-op", "full"):
        sync_row = next(line for line in table.splitlines() if f"sync pull`, {scenario}," in line)
        assert [" s (pyzotero alone: " in cell for cell in sync_row.split(" | ")[1:3]] == [True, True]
    # the small site's own cost, against an empty project that keeps its compiled templates too
    own = next(line for line in table.splitlines() if "edit rebuild / empty furo rebuild keeping" in line)
    assert [cell.endswith("s)") for cell in own.strip("| ").split(" | ")[1:3]] == [True, True]


def test_both_trees_of_a_comparison_are_compiled(tmp_path: Path) -> None:
    """A tree measured against another has its bytecode written first (even where
    PYTHONDONTWRITEBYTECODE is set), so neither pays for compiling its modules at every build."""
    from bench import projects

    (tmp_path / "ext").mkdir()
    (tmp_path / "ext" / "mod.py").write_text("VALUE = 1\n", encoding="utf-8")
    assert projects.compiled(tmp_path) == tmp_path
    assert list((tmp_path / "ext" / "__pycache__").glob("mod.*.pyc"))
    (tmp_path / "sync").mkdir()
    (tmp_path / "sync" / "other.py").write_text("VALUE = 2\n", encoding="utf-8")
    assert projects.export(str(tmp_path), tmp_path / "unused") == tmp_path.resolve()
    assert list((tmp_path / "sync" / "__pycache__").glob("other.*.pyc"))


def test_a_child_loads_the_code_of_the_tree_it_is_given(tmp_path: Path, monkeypatch) -> None:
    """A benchmark child told to load another tree's ``ext`` loads that tree's, even when the
    benchmark runs in the repository (whose folder ``python -m`` would put first on the path)."""
    from bench import projects
    from bench.timing import run_child

    other = tmp_path / "other"
    (other / "ext").mkdir(parents=True)
    seen = tmp_path / "seen.txt"
    (other / "ext" / "__init__.py").write_text("", encoding="utf-8")
    (other / "ext" / "__main__.py").write_text(
        f"import ext, pathlib\npathlib.Path({str(seen)!r}).write_text(ext.__file__)\n", encoding="utf-8"
    )
    monkeypatch.chdir(REPO)
    run_child([sys.executable, "-m", "ext"], env=projects.env(other))
    assert seen.read_text() == str(other / "ext" / "__init__.py")
