"""Real-world .bib patterns of issue 23 render as CMOS 17 / CSL chicago-author-date say.

Each test states one category; the fixture entries are pinned in every output by
tests/test_categories.py (tests/golden/categories.bib).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from ext.cli.render import render_list
from ext.reader.bibfile import parse_bib
from ext.reader.latex import decode
from ext.style.pages import format_pages

from conftest import REPO


def _text(source: str) -> list[str]:
    return render_list(parse_bib(source, "f.bib"), "text").strip().split("\n\n")


@pytest.mark.parametrize(
    ("typed", "printed"),
    [("1150--9", "1150–59"), ("321--8", "321–28"), ("1496--504", "1496–1504")],
)
def test_page_ranges_shortened_in_the_source_follow_cmos(typed: str, printed: str) -> None:
    """A second number the source already shortened is read in full, then shortened as CMOS 9.61 says."""
    assert format_pages(typed) == printed


def test_field_names_are_case_insensitive_and_the_parents_booktitle_is_inherited() -> None:
    """``CROSSREF =`` works; a parent with its own booktitle passes that on (BibTeX), not its title."""
    entries = _text(
        "@inproceedings{c, author={Merkle, Daniel}, title={Modeling}, CROSSREF={p}}\n"
        "@proceedings{p, editor={Dorigo, Marco}, title={Proceedings of the Third Workshop on Ants},"
        " booktitle={ANTS 2002}, year={2002}}\n"
    )
    assert "Merkle, Daniel. 2002. “Modeling.” In ANTS 2002, edited by Marco Dorigo." in entries


def test_a_repeated_editor_keeps_ed_after_the_dash() -> None:
    """ "———, ed." for the same editor again (CMOS 14.67)."""
    entries = _text(
        "@book{a, editor={Cancik, Hubert}, title={Der Neue Pauly}, year={1996}}\n"
        "@book{b, editor={Cancik, Hubert and Schneider, Helmuth}, title={Pauly}, year={1997}}\n"
        "@book{c, editor={Cancik, Hubert and Schneider, Helmuth}, title={Pauly 2}, year={1998}}\n"
    )
    assert entries[2].startswith("———, eds. 1998.")
    assert entries[1].startswith("Cancik, Hubert, and Helmuth Schneider, eds. 1997.")


def test_spelling_variants_of_one_name_get_year_suffixes_and_the_dash() -> None:
    """O'Sullivan/O’Sullivan, TeX accents typed two ways and "D."/"D" are one author for a/b and ———."""
    entries = _text(
        "@misc{a, author={Malitsky, Yuri and O'Sullivan, Barry}, title={One}, year={2014}}\n"
        "@misc{b, author={Malitsky, Yuri and O’Sullivan, Barry}, title={Two}, year={2014}}\n"
        '@misc{c, author={Ma{\\"e}l, D.}, title={One}, year={2015}}\n'
        '@misc{d, author={Ma\\"el, D}, title={Two}, year={2015}}\n'
    )
    assert entries == [
        "Maël, D. 2015a. “One.”",
        "———. 2015b. “Two.”",
        "Malitsky, Yuri, and Barry O’Sullivan. 2014a. “One.”",
        "———. 2014b. “Two.”",
    ]


def test_undated_entries_get_suffixes_after_a_hyphen() -> None:
    """Two undated works of one author: "n.d.-a", "n.d.-b" (CSL Chicago)."""
    entries = _text("@misc{a, author={Smith, A}, title={One}}\n@misc{b, author={Smith, A}, title={Two}}\n")
    assert entries == ["Smith, A. n.d.-a. “One.”", "———. n.d.-b. “Two.”"]


def test_citations_that_stay_the_same_get_year_suffixes() -> None:
    """Two "Abadi et al. 2007" that names and initials cannot tell apart get 2007a and 2007b."""
    entries = _text(
        "@misc{a, author={Abadi, Martín and others}, title={One}, year={2007}}\n"
        "@misc{b, author={Abadi, M. and others}, title={Two}, year={2007}}\n"
    )
    assert [entry.split(". “")[0][-5:] for entry in entries] == ["2007a", "2007b"]


@pytest.mark.parametrize(
    ("value", "link"),
    [
        ("https://a.org/x https://b.org/y", "https://a.org/x"),
        ("www.example.org/page", "http://www.example.org/page"),
        ("https://example.org/a{\\_}b{\\%}20", "https://example.org/a_b%20"),
        ("\\url{https://example.org/u}", "https://example.org/u"),
    ],
)
def test_urls_as_exporters_write_them_become_links(value: str, link: str) -> None:
    """Several addresses, no scheme, Mendeley's escapes and ``\\url{}``: the first address is the link."""
    assert _text(f"@misc{{a, author={{U, A}}, title={{T}}, url={{{value}}}, year={{2000}}}}") == [
        f"U, A. 2000. “T.” {link}."
    ]


def test_a_dropped_link_is_a_located_warning() -> None:
    """Each url not shown (a second address, an unsafe scheme) is one problem of kind link, at its line."""
    bib = parse_bib(
        "@misc{a, title={T},\n  url={https://a.org/x https://b.org/y}}\n"
        "@misc{b, title={U},\n  year={2000},\n  url={javascript:alert(1)}}\n",
        "f.bib",
    )
    assert [(p.kind, p.line, p.key) for p in bib.problems] == [("link", 2, "a"), ("link", 5, "b")]
    assert "'https://b.org/y'" in bib.problems[0].message


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("A $\\Sigma$$\\Delta$ modulator", "A ΣΔ modulator"),
        ("10 {\\(\\mathrm{\\mu}\\)}m", "10 μm"),
        ("the 4\\({}^{\\mbox{th}}\\) day", "the 4th day"),
        # as DBLP writes them (titles of real entries)
        ("Gym-{\\(\\mathrm{\\mu}\\)}RTS", "Gym-μRTS"),
        ("the (\\emph{{\\(\\mathrm{\\mu}\\)}, {\\(\\lambda\\)}}) {EA}", "the (μ, λ) EA"),
    ],
)
def test_adjacent_and_parenthesised_math(latex: str, text: str) -> None:
    """``$a$$b$`` is two formulas, ``\\(…\\)`` is math, ``\\mathrm{\\mu}`` is μ."""
    assert str(decode(latex)) == text


def test_an_editor_in_the_authors_place_is_not_repeated() -> None:
    """An edited volume's chapter without author names its editors once (CSL substitution)."""
    entries = _text(
        "@incollection{a, editor={Cancik, Hubert}, title={Mythos}, booktitle={Pauly}, year={1999}}\n"
    )
    assert entries == ["Cancik, Hubert, ed. 1999. “Mythos.” In Pauly."]


def test_a_title_ending_in_a_question_mark_takes_no_more_punctuation() -> None:
    """ "Monument? Eine Studie": no period or colon after ? before the subtitle or addon."""
    entries = _text(
        "@book{a, author={M, A}, title={Monument?}, titleaddon={Eine Studie}, langid={german}, year={2000}}\n"
        "@book{b, author={M, A}, title={Why?}, subtitle={A Study}, year={2001}}\n"
    )
    assert entries == ["M, A. 2000. Monument? Eine Studie.", "———. 2001. Why? A Study."]


def test_biblatex_keyed_names() -> None:
    """``given=Hans, family=Müller`` and ``prefix=``/``suffix=`` are read by their keys (biblatex)."""
    entries = _text(
        "@misc{a, author={given=Hans, family=Müller and family=Maaten, given=Laurens, prefix=van der},"
        " title={T}, year={2000}}\n"
        '@string{s = "x"}\n'
        "@misc{b, author={family={Rau}, given={Anna Maria}, prefix=von, suffix=Jr., useprefix=true},"
        " title={T} # s, year={2001}}\n"
    )
    assert entries == [
        "Müller, Hans, and Laurens van der Maaten. 2000. “T.”",
        "Rau, Anna Maria von, Jr. 2001. “Tx.”",
    ]


@pytest.mark.parametrize(
    ("kind", "printed"),
    [
        ("inreference", "In Der Neue Pauly, edited by Hubert Cancik, 7:708–9. Stuttgart: Metzler."),
        ("bookinbook", "In Der Neue Pauly, edited by Hubert Cancik, 7:708–9. Stuttgart: Metzler."),
    ],
)
def test_biblatex_parts_of_reference_works(kind: str, printed: str) -> None:
    """@inreference and @bookinbook are parts of a book: "In _Book_, edited by …, vol:pages" (CSL chapter)."""
    bib = parse_bib(
        f"@{kind}{{a, author={{Rau, Anna}}, title={{Mythos}}, booktitle={{Der Neue Pauly}},"
        " editor={Cancik, Hubert}, volume={7}, pages={708--9}, year={1999}, publisher={Metzler},"
        " location={Stuttgart}, langid={german}}\n",
        "f.bib",
    )
    assert not bib.problems
    assert render_list(bib, "text").strip() == f"Rau, Anna. 1999. “Mythos.” {printed}"


def test_biblatex_reference_works_and_legislation_are_known_types() -> None:
    """@reference and @mvcollection are books, @legislation a titled document: no unknown-type warning."""
    bib = parse_bib(
        "@reference{a, editor={Cancik, Hubert}, title={Der Neue Pauly}, volumes={16}, year={1996},"
        " langid={german}}\n"
        "@legislation{b, title={Civil Rights Act of 1964}, year={1964}, number={Pub. L. 88-352}}\n",
        "f.bib",
    )
    assert not bib.problems
    assert render_list(bib, "text").strip().split("\n\n") == [
        "Cancik, Hubert, ed. 1996. Der Neue Pauly. 16 vols.",
        "“Civil Rights Act of 1964.” 1964. Pub. L. 88-352.",
    ]


@pytest.mark.parametrize(
    ("title", "printed"),
    [
        # a clearly German or French title keeps its sentence case
        ("Über die Entwicklung der deutschen Sprache im Mittelalter", "Über die Entwicklung der deutschen"),
        ("Étude de la forme des raies des séries jaune et verte", "Étude de la forme des raies"),
        # English, with letters outside ASCII or with a braced foreign name: headline case
        ("Schrödinger bridges for the masses of data", "Schrödinger Bridges for the Masses of Data"),
        ("a study of the {Unione Internazionale degli Istituti di Archeologia}", "A Study of the Unione"),
        # too short to judge: English, as CSL assumes
        ("Penser par cas", "Penser Par Cas"),
    ],
)
def test_untagged_titles_in_other_languages_keep_sentence_case(title: str, printed: str) -> None:
    """Without langid/language, a long title clearly in another language is not set in headline case."""
    (entry,) = _text(f"@misc{{a, author={{A, B}}, title={{{title}}}, year={{2000}}}}")
    assert printed in entry


def test_language_detection_is_precise_on_tagged_titles() -> None:
    """On the tagged titles of tests/corpus, no English title loses its headline case and a quarter of the
    others are found (the figures by language: ``python tests/corpus/title_languages.py``)."""
    from corpus.title_languages import load

    from ext.reader.titlelang import title_language

    rows = load()
    judged = [(truth, title_language(title) or "en") for truth, title in rows]
    assert not [
        title
        for (truth, title), (_, guess) in zip(rows, judged, strict=True)
        if truth == "en" and guess != "en"
    ]
    foreign = [guess != "en" for truth, guess in judged if truth != "en"]
    assert sum(foreign) / len(foreign) > 0.25


def test_an_english_list_never_loads_the_language_model() -> None:
    """Rendering the seed (all English, untagged) never imports the language identifier: no cost."""
    code = (
        "import sys; from pathlib import Path; from ext.reader.bibfile import read_bib; from ext.cli.render import "
        "render_list; render_list(read_bib(Path('tests/data/seed.bib')), 'markdown'); "
        "print('py3langid' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_suffixes_of_two_author_lists_that_cite_alike_are_lettered_once() -> None:
    """Two Smiths whose 2006 works all cite as "J. Smith 2006": a … c once, never "2006aa"."""
    entries = _text(
        "@misc{a, author={Smith, J.}, title={A}, year={2006}}\n"
        "@misc{b, author={Smith, J.}, title={B}, year={2006}}\n"
        "@misc{c, author={Smith, Jo}, title={C}, year={2006}}\n"
        "@misc{d, author={Smith, Jo}, title={D}, year={2006}}\n"
    )
    assert [entry.split(". “")[0][-5:] for entry in entries] == ["2006a", "2006b", "2006c", "2006d"]


def test_collection_roles_from_editortype() -> None:
    """``editortype = {compiler}`` prints "comp."/"comps." and "compiled by" (CMOS 14.103), also after ———."""
    entries = _text(
        "@collection{a, editor={Smith, Anna}, editortype={compiler}, title={Folk Songs}, year={2001}}\n"
        "@collection{b, editor={Smith, Anna}, editortype={compiler}, title={More Songs}, year={2002}}\n"
        "@incollection{c, author={Doe, Jane}, title={A Song}, booktitle={Folk Songs}, editor={Smith, Anna},"
        " editortype={compiler}, year={2003}, pages={1--5}}\n"
    )
    assert entries == [
        "Doe, Jane. 2003. “A Song.” In Folk Songs, compiled by Anna Smith, 1–5.",
        "Smith, Anna, comp. 2001. Folk Songs.",
        "———, comp. 2002. More Songs.",
    ]
