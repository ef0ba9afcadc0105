"""@string macros cannot make reading a file cost more than a bounded multiple of its size."""

from __future__ import annotations

import pytest

from ext.lint import lint_entries
from ext.reader.bibfile import parse_bib
from ext.reader.stringmacros import MAX_DEPTH, MAX_PIECE


def bomb(depth: int) -> str:
    """The string bomb: each @string doubles the one before; one entry prints the last."""
    lines = ['@string{s0 = "xxxxxxxx"}']
    lines += [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, depth + 1)]
    lines += [
        f"@misc{{bomb, author = {{Doe, Jane}}, title = s{depth}, year = 2020}}",
        "@misc{fine, author = {Roe, Rick}, title = {A fine paper}, year = 2021}",
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("fast", [True, False])
def test_a_doubling_chain_is_cut_where_it_outgrows_the_bound(fast: bool) -> None:
    """The @string that would pass the bound reads as empty, reported at its line by name; the rest is read."""
    bib = parse_bib(bomb(16), "bomb.bib", fast=fast)  # 8 * 2**16 = 524 288 characters unbounded
    assert [(p.kind, p.line, p.key) for p in bib.problems] == [("macro_expansion", 15, None)]
    assert "@string 's14' reads as empty" in bib.problems[0].message
    assert "'s13'" in bib.problems[0].message and "bomb.bib:14" in bib.problems[0].message
    assert len(bib.data.entries["bomb"].fields.get("title", "")) <= MAX_PIECE
    assert bib.data.entries["fine"].fields["title"] == "A fine paper"


@pytest.mark.parametrize("fast", [True, False])
def test_an_entry_joining_too_much_macro_text_is_skipped(fast: bool) -> None:
    """An entry whose macros together pass the bound is skipped with one problem naming it."""
    text = (
        f'@string{{big = "{"y" * 60_000}"}}\n@misc{{huge, title = big # big}}\n@misc{{small, title = big}}\n'
    )
    bib = parse_bib(text, "big.bib", fast=fast)
    assert [(p.kind, p.line, p.key) for p in bib.problems] == [("macro_expansion", 2, "huge")]
    assert list(bib.data.entries) == ["small"]


def test_the_whole_file_has_a_budget_linear_in_its_size() -> None:
    """Many entries each under the bound still cannot expand a small file without limit."""
    chain = bomb(13).split("@misc")[0]  # s13: 65 536 characters, under the bound for one entry
    text = chain + "".join(f"@misc{{k{i}, title = s13}}\n" for i in range(40))
    bib = parse_bib(text, "wide.bib")
    kept = sum(len(entry.fields.get("title", "")) for entry in bib.entries)
    assert kept <= 1_000_000 + 100 * len(text)
    assert bib.problems and {p.kind for p in bib.problems} == {"macro_expansion"}


def test_a_deep_chain_is_cut_at_the_depth_bound() -> None:
    """A chain of macros each defined through the one before stops at MAX_DEPTH, named."""
    chain = ['@string{d0 = "x"}'] + [f'@string{{d{i} = d{i - 1} # "x"}}' for i in range(1, MAX_DEPTH + 3)]
    bib = parse_bib("\n".join(chain) + "\n", "deep.bib")
    assert [p.kind for p in bib.problems] == ["macro_expansion"]
    assert f"@string 'd{MAX_DEPTH}' reads as empty" in bib.problems[0].message


def test_the_lint_reports_the_bomb() -> None:
    """``ext lint`` says what the reader refused, instead of "no findings"."""
    findings = lint_entries(parse_bib(bomb(16), "bomb.bib"))
    assert [(f.rule, f.severity, f.line) for f in findings] == [("macro-expansion", "error", 15)]
