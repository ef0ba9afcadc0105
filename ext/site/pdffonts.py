"""The PDF's script support, chosen by the characters its text uses: the fallback fonts (the CJK
font only when some text is CJK, the others only when the main fonts lack a character of the text)
and the right-to-left elements (only when some text is RTL).

LuaLaTeX (luaotfload) takes a missing glyph from the fonts of a fallback chain,
which ``conf.py`` names (``papers_pdf_fallback_fonts``, ``papers_pdf_cjk_font``)
and uses as ``RawFeature={fallback=papersfallback}``. Each font of the chain is
loaded for every size and shape of the main fonts: a CJK font (some 65 000
glyphs) costs each LuaLaTeX pass about three seconds and 400 MB, Symbola and
DejaVu Sans about half a second and 120 MB (the seed list's PDF, 3 pairs). So
the chain is empty when the main fonts (``papers_pdf_main_fonts``, every face of
each, as fontconfig reports them: :mod:`ext.site.fontcoverage`) cover every
character. Right-to-left text needs babel's bidi algorithm and a language for the
script (``papers_pdf_rtl_elements``, which replace the matching ``latex_elements``):
bidi works on every paragraph, even in a document with no right-to-left letter
(measured on the seed list's PDF: 0.2 s of each pass of about 4 s, median of 8
pairs). So all are decided per build, once the pages are read, from the text of
the list's entries, of the pages' sources and of what ``conf.py`` puts in the PDF.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ext.site.fontcoverage import all_covered, common_coverage
from ext.site.library import get_library

CHAIN = "papersfallback"
#: Hangul Jamo, CJK radicals to unified ideographs (kana, bopomofo, CJK punctuation), Yi, Hangul
#: syllables, compatibility ideographs and forms, half- and full-width forms, and the supplementary planes
CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7ff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)
#: Letters written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and the
#: Arabic supplements and extensions, their presentation forms, and the right-to-left blocks of the
#: supplementary planes (Phoenician to Old Uyghur; Mende Kikakui, Adlam, Arabic mathematical letters)
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")


def fallback_fonts(
    texts: Collection[str], cjk_font: str, others: list[str], covered: frozenset[int] | None = None
) -> list[str]:
    """The chain for *texts* (or the characters they use): *cjk_font* first when one of them has a
    CJK character, then *others* unless the main fonts cover every character of *texts* (*covered*;
    None: not known)."""
    needs_cjk = bool(cjk_font) and any(CJK.search(text) for text in texts)
    needs_others = covered is None or not all_covered(texts, covered)
    return ([cjk_font] if needs_cjk else []) + (list(others) if needs_others else [])


def fallback_definition(fonts: list[str]) -> str:
    """The luaotfload call that defines the chain (HarfBuzz shaping, as the main fonts); empty when
    no text needs it, as the main fonts name it all the same."""
    listed = ", ".join(f'"{font}:mode=harf;"' for font in fonts)
    return f'\\directlua{{luaotfload.add_fallback("{CHAIN}", {{{listed}}})}}\n'


def elements_for(texts: Iterable[str], rtl_elements: dict[str, str]) -> dict[str, str]:
    """The LaTeX elements *texts* (or the characters they use) need beyond ``latex_elements``:
    *rtl_elements* when one of them has a right-to-left letter, none otherwise."""
    return dict(rtl_elements) if rtl_elements and any(RTL.search(text) for text in texts) else {}


def _page_sources(app: Sphinx, env: BuildEnvironment) -> Iterator[str]:
    """The source of every page, and of every file a page includes, as written."""
    seen: set[Path] = set()
    for docname in sorted(env.found_docs):
        paths = [Path(env.doc2path(docname))]
        paths += [Path(app.srcdir) / dependency for dependency in sorted(env.dependencies.get(docname, ()))]
        for path in paths:
            if path not in seen and path.is_file():
                seen.add(path)
                yield path.read_text(encoding="utf-8", errors="replace")


def define_scripts(app: Sphinx, env: BuildEnvironment) -> None:
    """After the pages are read, before the LaTeX is written: the right-to-left elements, then the
    fallback chain in front of ``fontpkg`` (LuaLaTeX only)."""
    if app.builder.format != "latex":
        return
    # every character the PDF's text uses, once: each choice below looks at these, not at the texts
    entries = (rendered.latex for rendered in get_library(env).catalog.entries)
    used = set("".join([*entries, *_page_sources(app, env), *_config_texts(app)]))
    context = app.builder.context  # type: ignore[attr-defined]
    for key, value in elements_for(used, app.config.papers_pdf_rtl_elements or {}).items():
        context[key] = value
        if key == "babel":  # Sphinx copies "babel" into "multilingual" as the builder starts
            context["multilingual"] = value
    others = list(app.config.papers_pdf_fallback_fonts or [])
    cjk_font = app.config.papers_pdf_cjk_font or ""
    if app.config.latex_engine != "lualatex" or (not others and not cjk_font):
        return
    fonts = fallback_fonts(used, cjk_font, others, _main_coverage(app))
    context["fontpkg"] = fallback_definition(fonts) + context.get("fontpkg", "")


def _main_coverage(app: Sphinx) -> frozenset[int] | None:
    """What the main fonts (``papers_pdf_main_fonts``) all cover; None when not known, or when the
    document's language is not English (Sphinx then writes words of its own in that language)."""
    language = app.config.language or "en"
    if not app.config.papers_pdf_main_fonts or not language.lower().startswith("en"):
        return None
    return common_coverage(app.config.papers_pdf_main_fonts)


def _config_texts(app: Sphinx) -> Iterator[str]:
    """The text ``conf.py`` puts into the PDF: the title page, the LaTeX elements."""
    config = app.config
    yield from (
        str(getattr(config, name, "") or "")
        for name in ("project", "author", "copyright", "release", "version")
    )
    for document in config.latex_documents:
        yield from (part for part in document if isinstance(part, str))
    yield from (value for value in config.latex_elements.values() if isinstance(value, str))


def setup_fonts(app: Sphinx) -> None:
    app.add_config_value("papers_pdf_fallback_fonts", [], "env", list)
    app.add_config_value("papers_pdf_cjk_font", "", "env", str)
    app.add_config_value("papers_pdf_main_fonts", [], "env", list)
    app.add_config_value("papers_pdf_rtl_elements", {}, "env", dict)
    app.connect("env-updated", define_scripts)
