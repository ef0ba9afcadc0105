"""The PDF's fallback chain loads the large CJK font only for a list that has CJK text."""

from __future__ import annotations

from ext.site.pdffonts import fallback_definition, fallback_fonts


def test_cjk_font_only_for_cjk_text() -> None:
    """Latin, Greek, Arabic and emoji need no CJK font; Han, kana and Hangul do, and it comes first."""
    others = ["Symbola", "DejaVuSans"]
    for text in ("Pruning neural networks", "Ελληνικά", "مرحبا", "emoji 😀", "≈ – —"):
        assert fallback_fonts([text], "NotoSerifCJKsc", others) == others
    for text in ("中文字符", "かな", "한국어", "ｆｕｌｌ"):
        assert fallback_fonts(["x", text], "NotoSerifCJKsc", others) == ["NotoSerifCJKsc", *others]
    assert fallback_fonts(["中文"], "", others) == others  # no CJK font configured


def test_fallback_definition_is_one_luaotfload_call() -> None:
    """The chain is defined once, in HarfBuzz mode, under the name conf.py's fonts use."""
    assert fallback_definition(["A", "B"]) == (
        '\\directlua{luaotfload.add_fallback("papersfallback", {"A:mode=harf;", "B:mode=harf;"})}\n'
    )
