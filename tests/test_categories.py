"""Real-world .bib patterns render right in every output, and what cannot be rendered is reported.

tests/golden/categories.bib holds one minimal entry per category (crossref, xdata, biblatex
fields, nested quotes, math, unknown and AAS journal macros, capitalisation, initials,
languages, and the categories of issue 23); its HTML, Markdown and text renderings are pinned
in categories.{html,md,txt}, and the PDF (tests/roots/test-render-fidelity) holds the same text.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from test_pdf import body_text, build_pdf, need_tex, squash

from ext import style
from ext.reader.bibfile import parse_bib, read_bib
from ext.reader.latex import decode
from ext.site.latexbackend import LatexBackend
from ext.style.backends import HtmlBackend, TextBackend, safe_math
from ext.style.markdown import MarkdownBackend, markdown_paragraph

from conftest import GOLDEN, REPO

BIB = GOLDEN / "categories.bib"


def _rendered(fmt: str) -> str:
    style.register()
    bib = read_bib(BIB)
    backend = {"html": HtmlBackend(), "md": MarkdownBackend(), "txt": TextBackend()}[fmt]
    paragraphs = [entry.text.render(backend) for entry in style.SparsityStyle().format_entries(bib.entries)]
    if fmt == "md":
        paragraphs = [markdown_paragraph(paragraph) for paragraph in paragraphs]
    return "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_category_fixtures_render_as_pinned(fmt: str) -> None:
    """Each category's fixture entry renders exactly as pinned, in HTML, Markdown and text."""
    assert _rendered(fmt) == (GOLDEN / f"categories.{fmt}").read_text(encoding="utf-8")


@pytest.mark.tex
def test_category_fixtures_are_in_the_pdf_as_pinned(tmp_path) -> None:
    """Each category's entry is in the PDF (real LuaLaTeX) with the pinned text of categories.txt."""
    need_tex()
    text, log = build_pdf(REPO / "tests" / "roots" / "test-render-fidelity", tmp_path)
    printed = squash(body_text(text))
    pinned = (GOLDEN / "categories.txt").read_text(encoding="utf-8").split("\n\n")
    assert [entry for entry in pinned if squash(entry) not in printed] == []
    # the main fonts have every character of these entries: no fallback font is loaded, none is missed
    assert 'add_fallback("papersfallback", {})' in (tmp_path / "latex" / "categories.tex").read_text(
        encoding="utf-8"
    )
    assert "Missing character" not in log


def test_problems_are_reported_once_with_file_and_line() -> None:
    """A missing crossref/xdata target and each unknown macro give one located problem; nothing is lost."""
    source = (
        "@misc{a, title={\\rpackage{SPOT} and \\rpackage{X}}, crossref={nowhere}, year={2020}}\n"
        "@misc{b,\n  title={\\rpackage{Y}},\n  xdata={gone}, year={2021}}\n"
        "@misc{c, title={Fine \\slash\\ \\apj}, year={2022}}\n"
    )
    bib = parse_bib(source, "x.bib")
    assert [entry.key for entry in bib.entries] == ["a", "b", "c"]
    found = sorted((p.kind, p.line, p.key) for p in bib.problems)
    assert found == [("crossref", 1, "a"), ("crossref", 2, "b"), ("unknown_macro", 1, "a")]
    assert "\\rpackage" in next(p.message for p in bib.problems if p.kind == "unknown_macro")


def test_cli_prints_unknown_macros_as_warnings(tmp_path) -> None:
    """``python -m ext render`` prints each unknown macro once on stderr as FILE:LINE: warning."""
    bib = tmp_path / "u.bib"
    bib.write_text("@misc{a,\n  title={\\foo{Bar} \\foo{Baz}},\n  year={2020}}\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ext", "render", str(bib)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "“Bar Baz.”" in done.stdout and "foo" not in done.stdout
    assert (
        done.stderr.count("warning:") == 1 and f"{bib}:2: warning: unknown LaTeX macro \\foo" in done.stderr
    )


def test_crossref_inherits_without_changing_the_parsed_entry() -> None:
    """A child gets its parent's missing fields; the parent's title becomes the booktitle."""
    bib = parse_bib(
        "@inproceedings{c, author={A, B}, title={T}, crossref={P}}\n"
        "@proceedings{p, title={Proc}, year={2002}, editor={E, F}}\n"
    )
    child = bib.data.entries["c"]
    assert child.fields["booktitle"] == "Proc" and child.fields["year"] == "2002"
    assert [str(person) for person in child.persons["editor"]] == ["E, F"]


def test_math_reaches_the_pdf_as_typed_only_when_harmless() -> None:
    """Simple math goes to LaTeX unchanged; math with any other command is escaped text."""
    latex = LatexBackend()
    assert (
        decode(r"on $C_\text{max}$ and $O(n \ln n)$").render(latex) == r"on $C_\text{max}$ and $O(n \ln n)$"
    )
    assert not safe_math("α + β")  # not in the math font: printed as text, where fonts fall back
    assert not safe_math(r"\argmin_x")  # shown as text: LaTeX has no \argmin
    for hostile in (
        r"\input{/etc/passwd}",
        r"\directlua{os.exit()}",
        r"^^5cinput x",
        r"\write18{id}",
        "}{",
        "a % b",
    ):
        assert not safe_math(hostile)
        assert "\\input{" not in decode(f"${hostile}$").render(latex)


def test_preamble_macros_are_applied_as_text() -> None:
    """Macros defined in ``@preamble`` expand in the fields (no warning); a self-referencing one stops."""
    bib = parse_bib(
        '@preamble{"\\newcommand{\\rpackage}[1]{\\textsf{#1}} \\def\\emdash{---} \\def\\loop{\\loop\\loop}"}\n'
        "@misc{a, title={\\rpackage{SPOT}\\emdash the \\loop end}, year={2021}}\n"
    )
    assert str(decode(bib.data.entries["a"].fields["title"])) == "SPOT—the end"
    assert [problem.kind for problem in bib.problems] == ["unknown_macro"]  # \loop, left after 8 rounds


@pytest.mark.parametrize(
    ("field", "value", "english"),
    [
        ("langid", "english", True),
        ("langid", "USenglish", True),
        ("language", "en", True),
        ("language", "en-GB", True),
        ("language", "American English", True),
        ("langid", "german", False),
        ("langid", "portuguese", False),
        ("language", "pt-BR", False),
        ("language", "Portuguese", False),
    ],
)
def test_language_tags_decide_headline_case(field: str, value: str, english: bool) -> None:
    """Babel names (langid) and Zotero's language values alike: only English titles get headline case."""
    style.register()
    bib = parse_bib(f"@misc{{a, title={{the end of an era}}, {field}={{{value}}}, year={{2020}}}}")
    text = str(next(style.SparsityStyle().format_entries(bib.entries)).text)
    assert ("“The End of an Era.”" in text) is english and ("“the end of an era.”" in text) is not english


def test_deep_nesting_and_runaway_macros_never_crash() -> None:
    """Hundreds of nested groups keep their words; a macro that doubles itself stops expanding."""
    assert str(decode("{" * 600 + "deep words" + "}" * 600)) == "deep words"
    bib = parse_bib(
        '@preamble{"\\def\\dup#1{\\dup{#1}\\dup{#1}}"}\n@misc{a, title={\\dup{x} end}, year={2021}}\n'
    )
    assert render_list_text(bib).endswith("x End.” 2021.")


def render_list_text(bib) -> str:
    from ext.cli.render import render_list

    return render_list(bib, "text").strip()
