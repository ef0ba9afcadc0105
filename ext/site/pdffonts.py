"""The PDF's fallback fonts: glyphs the main fonts lack, with the CJK font only when the list needs it.

LuaLaTeX (luaotfload) takes a missing glyph from the fonts of a fallback chain,
which ``conf.py`` names (``papers_pdf_fallback_fonts``, ``papers_pdf_cjk_font``)
and uses as ``RawFeature={fallback=papersfallback}``. A CJK font holds some
65 000 glyphs: loading it costs each LuaLaTeX pass about three seconds and
400 MB, for a list that may have no CJK text at all. So the chain is written
per build: the CJK font first when an entry has a CJK character, then the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sphinx.application import Sphinx

from ext.site.library import get_library

CHAIN = "papersfallback"
#: Hangul Jamo, CJK radicals to unified ideographs (kana, bopomofo, CJK punctuation), Yi, Hangul
#: syllables, compatibility ideographs and forms, half- and full-width forms, and the supplementary planes
CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)


def fallback_fonts(texts: Iterable[str], cjk_font: str, others: list[str]) -> list[str]:
    """The chain for *texts*: *cjk_font* first when one of them has a CJK character, then *others*."""
    needs_cjk = bool(cjk_font) and any(CJK.search(text) for text in texts)
    return ([cjk_font] if needs_cjk else []) + list(others)


def fallback_definition(fonts: list[str]) -> str:
    """The luaotfload call that defines the chain (HarfBuzz shaping, as the main fonts)."""
    listed = ", ".join(f'"{font}:mode=harf;"' for font in fonts)
    return f'\\directlua{{luaotfload.add_fallback("{CHAIN}", {{{listed}}})}}\n'


def define_fallback(app: Sphinx) -> None:
    """Before the LaTeX is written: put the chain in front of ``fontpkg`` (LuaLaTeX only)."""
    if app.builder.format != "latex" or app.config.latex_engine != "lualatex":
        return
    others = list(app.config.papers_pdf_fallback_fonts or [])
    cjk_font = app.config.papers_pdf_cjk_font or ""
    if not others and not cjk_font:
        return
    texts = (rendered.latex for rendered in get_library(app.env).catalog.entries)
    fonts = fallback_fonts(texts, cjk_font, others)
    if fonts:
        context = app.builder.context  # type: ignore[attr-defined]
        context["fontpkg"] = fallback_definition(fonts) + context.get("fontpkg", "")


def setup_fonts(app: Sphinx) -> None:
    app.add_config_value("papers_pdf_fallback_fonts", [], "env", list)
    app.add_config_value("papers_pdf_cjk_font", "", "env", str)
    app.connect("builder-inited", define_fallback, priority=600)  # after the library is read
