"""The Markdown and text lists of representative entries match their golden files."""

from __future__ import annotations

import pytest

from ext.cli.render import render_list
from ext.reader.bibfile import parse_bib, read_bib

from conftest import GOLDEN


@pytest.mark.parametrize(
    ("fmt", "golden"), [("markdown", "representative.md"), ("text", "representative.txt")]
)
def test_golden_rendering(fmt: str, golden: str) -> None:
    """Article, inproceedings with editors, arXiv misc, book, incollection, theses, report,
    corporate author, particles, accents, et al. and year suffixes render exactly as pinned."""
    bib = read_bib(GOLDEN / "representative.bib")
    assert not bib.problems
    assert render_list(bib, fmt) == (GOLDEN / golden).read_text(encoding="utf-8")


def render_one(source: str) -> str:
    return render_list(parse_bib(source)).strip()


def test_missing_fields_degrade() -> None:
    """An entry with only a title still renders; empty fields such as ``volume={}`` are dropped."""
    assert render_one("@misc{k, title={Only a title}, volume={}}") == "“Only a Title.” n.d."


def test_an_undated_web_page_with_a_month_renders() -> None:
    """A web page with a month but no year reads "n.d." and nothing more: no crash, no empty date."""
    bib = parse_bib(
        "@online{k, title = {T}, month = mar}\n@online{d, title = {U}, month = mar, year = 2020}\n"
    )
    assert render_list(bib, "text").split("\n\n") == ["“T.” n.d.", "“U.” 2020. March 2020.\n"]


def test_title_without_author_moves_first() -> None:
    """Without author or editor, the title takes the author's place (as CSL substitutes it)."""
    assert render_one("@misc{k, title={No author here}, year={2017}}") == "“No Author Here.” 2017."


def test_question_mark_absorbs_period() -> None:
    """A title ending in "?" is not followed by another period."""
    out = render_one("@misc{k, author={A, B}, title={Why?}, year={2020}}")
    assert out == "A, B. 2020. “Why?”"


def test_eleven_authors_become_et_al() -> None:
    """Eleven or more authors print the first seven and "et al."."""
    authors = " and ".join(f"Author{i}, A" for i in range(11))
    out = render_one(f"@misc{{k, author={{{authors}}}, title={{T}}, year={{2020}}}}")
    assert out.startswith(
        "Author0, A, A Author1, A Author2, A Author3, A Author4, A Author5, A Author6, et al. 2020."
    )


def test_doi_beats_url_and_arxiv() -> None:
    """With DOI, URL and eprint all present, the DOI link is shown."""
    out = render_one(
        "@misc{k, author={A, B}, title={T}, year={2020}, doi={10.1/x}, "
        "url={https://u.org}, eprint={2001.00001}, archivePrefix={arXiv}}"
    )
    assert out.endswith("[https://doi.org/10.1/x](https://doi.org/10.1/x).")
