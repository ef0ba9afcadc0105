"""The PDF loads the large CJK font, the other fallback fonts and babel's right-to-left support only for text that needs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ext.site.fontcoverage import family_coverage
from ext.site.pdffonts import elements_for, fallback_definition, fallback_fonts

from conftest import require


def test_cjk_font_only_for_cjk_text() -> None:
    """Latin, Greek, Arabic and emoji need no CJK font; Han, kana and Hangul do, and it comes first."""
    others = ["Symbola", "DejaVuSans"]
    for text in ("Pruning neural networks", "Ελληνικά", "مرحبا", "emoji 😀", "≈ – —"):
        assert fallback_fonts([text], "NotoSerifCJKsc", others) == others
    for text in ("中文字符", "かな", "한국어", "ｆｕｌｌ"):
        assert fallback_fonts(["x", text], "NotoSerifCJKsc", others) == ["NotoSerifCJKsc", *others]
    assert fallback_fonts(["中文"], "", others) == others  # no CJK font configured


def test_other_fallback_fonts_only_for_characters_the_main_fonts_lack() -> None:
    """With the main fonts' coverage known, Symbola and DejaVu come only for a character outside
    it; unknown coverage keeps them; the CJK font still follows CJK text alone."""
    others = ["Symbola", "DejaVuSans"]
    latin = frozenset(range(0x20, 0x17F))
    assert fallback_fonts(["Pruning", "Lepsøy\n"], "NotoSerifCJKsc", others, latin) == []
    assert fallback_fonts(["Pruning", "≈"], "NotoSerifCJKsc", others, latin) == others
    assert fallback_fonts(["Pruning"], "NotoSerifCJKsc", others, None) == others
    assert fallback_fonts(["中文"], "NotoSerifCJKsc", others, latin) == ["NotoSerifCJKsc", *others]


def test_fallback_definition_is_one_luaotfload_call() -> None:
    """The chain is defined once, in HarfBuzz mode, under the name conf.py's fonts use."""
    assert fallback_definition(["A", "B"]) == (
        '\\directlua{luaotfload.add_fallback("papersfallback", {"A:mode=harf;", "B:mode=harf;"})}\n'
    )
    assert fallback_definition([]) == '\\directlua{luaotfload.add_fallback("papersfallback", {})}\n'


def test_rtl_elements_only_for_rtl_text() -> None:
    """Arabic, Hebrew, Syriac, Thaana and Adlam bring the right-to-left elements; Latin, Greek, CJK,
    emoji and a lone right-to-left mark do not, nor does an empty setting."""
    rtl = {"babel": "bidi", "fontpkg": "arabic font"}
    for text in ("Pruning", "Ελληνικά", "中文", "emoji 😀", "mark \u200f only", "\ufeff"):
        assert elements_for(["x", text], rtl) == {}
    for text in ("مرحبا", "שלום", "ܫܠܡܐ", "ދިވެހި", "\U0001e900", "ﷺ"):
        assert elements_for(["x", text], rtl) == rtl
    assert elements_for(["مرحبا"], {}) == {}


def _latex_preamble(
    make_app, tmp_path: Path, entry_title: str, page_text: str, included: str, more_conf: str = ""
) -> str:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["ext"]\nbibtex_bibfiles = ["refs.bib"]\nlatex_engine = "lualatex"\n'
        'latex_elements = {"babel": r"\\usepackage{babel}"}\n'
        'papers_pdf_rtl_elements = {"babel": r"\\usepackage[bidi=basic]{babel}"}\n'
        'papers_pdf_cjk_font = "NotoSerifCJKsc"\npapers_pdf_fallback_fonts = ["Symbola"]\n'
        'latex_documents = [("index", "doc.tex", "Doc", "Tests", "manual")]\n' + more_conf,
        encoding="utf-8",
    )
    (src / "refs.bib").write_text(f"@misc{{a, title = {{{entry_title}}}, year = 2020}}\n", encoding="utf-8")
    (src / "part.txt").write_text(included + "\n", encoding="utf-8")
    (src / "index.rst").write_text(
        f"Papers\n======\n\n{page_text}\n\n.. include:: part.txt\n\n.. paper-list::\n", encoding="utf-8"
    )
    app = make_app("latex", srcdir=src, builddir=tmp_path / "out")
    app.build()
    tex = (tmp_path / "out" / "latex" / "doc.tex").read_text(encoding="utf-8")
    return tex[: tex.index("\\begin{document}")]


@pytest.mark.parametrize(
    ("entry_title", "page_text", "included", "rtl", "cjk"),
    [
        ("Pruning", "Text.", "More text.", False, False),
        ("Pruning مرحبا", "Text.", "More text.", True, False),
        ("Pruning", "Text שלום.", "More text.", True, False),
        ("Pruning", "Text.", "Included 中文 and مرحبا.", True, True),
        ("Pruning 中文", "Text.", "More text.", False, True),
    ],
)
def test_the_latex_preamble_follows_the_scripts_of_entries_and_pages(
    make_app, tmp_path: Path, entry_title: str, page_text: str, included: str, rtl: bool, cjk: bool
) -> None:
    """The right-to-left babel and the CJK font are in the LaTeX when an entry, a page or a file a
    page includes has such text, and only then."""
    preamble = _latex_preamble(make_app, tmp_path, entry_title, page_text, included)
    assert ("\\usepackage[bidi=basic]{babel}" in preamble) == rtl
    assert ("\\usepackage{babel}" in preamble) == (not rtl)
    assert ("NotoSerifCJKsc:mode=harf" in preamble) == cjk
    assert '"Symbola:mode=harf;"' in preamble


@pytest.mark.parametrize(
    ("entry_title", "page_text", "more_conf", "symbola"),
    [
        ("Pruning Lepsøy – “quoted”", "Text.", "", False),
        ("Pruning 😀", "Text.", "", True),
        ("Pruning", "Text ≋ here.", "", True),
        ("Pruning", "Text.", 'project = "Doc 🌱"\n', True),
        ("Pruning", "Text.", 'latex_elements["preamble"] = "% ≋"\n', True),
        ("Pruning", "Text.", 'language = "de"\n', True),
        ("Pruning 中文", "Text.", "", True),
    ],
)
def test_the_other_fallback_fonts_come_only_for_characters_the_main_fonts_lack(
    make_app, tmp_path: Path, entry_title: str, page_text: str, more_conf: str, symbola: bool
) -> None:
    """With ``papers_pdf_main_fonts`` set, the chain holds Symbola only when an entry, a page or
    conf.py's own text has a character outside every face of the main fonts, or when the document
    is not in English (Sphinx's own words); otherwise the chain is defined empty."""
    require(family_coverage("FreeSerif") is not None, "fontconfig and fonts-freefont-otf")
    conf = 'papers_pdf_main_fonts = ["FreeSerif", "FreeSans"]\n' + more_conf
    preamble = _latex_preamble(make_app, tmp_path, entry_title, page_text, "More text.", conf)
    assert ('"Symbola:mode=harf;"' in preamble) == symbola
    assert ('luaotfload.add_fallback("papersfallback", {})' in preamble) == (not symbola)


def test_the_choices_are_the_same_from_the_characters_a_text_uses() -> None:
    """The build decides from the set of characters its texts use, once: every choice is the one
    the texts themselves give."""
    rtl = {"babel": "bidi"}
    latin = frozenset(range(0x20, 0x17F))
    for texts in (["Pruning", "Lepsøy"], ["Pruning 中文"], ["Text مرحبا"], ["≈ emoji 😀"], ["a\u200fb"]):
        used = set("".join(texts))
        assert elements_for(used, rtl) == elements_for(texts, rtl)
        for covered in (latin, None):
            assert fallback_fonts(used, "CJK", ["Symbola"], covered) == fallback_fonts(
                texts, "CJK", ["Symbola"], covered
            )


def test_right_to_left_text_in_conf_py_brings_the_right_to_left_elements(make_app, tmp_path: Path) -> None:
    """The title page's text counts as the pages' does: an Arabic project name needs bidi too."""
    preamble = _latex_preamble(
        make_app, tmp_path, "Pruning", "Text.", "More text.", 'project = "Doc مرحبا"\n'
    )
    assert "\\usepackage[bidi=basic]{babel}" in preamble
