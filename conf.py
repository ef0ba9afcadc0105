"""Sphinx configuration of the sparsity bibliography site (no logic here)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.resolve()))

project = "Sparsity in Deep Learning: papers"
author = "The survey's curators"
copyright = "2021-2026, the survey's curators"

extensions = ["ext"]
include_patterns = ["index.rst", "survey.rst", "papers.rst", "stats.rst"]
exclude_patterns = ["_build", ".venv", "tests", "README.md"]

bibtex_bibfiles = ["sparsity.bib"]
bibtex_default_style = "sparsity"
bibtex_reference_style = "sparsity"
bibtex_cite_id = "cite-{key}"

html_theme = "furo"
html_title = "Sparsity in Deep Learning: papers"
html_static_path = []
# `make site` sets PAPERS_PDF (after `make pdf`): the page links the PDF and it is published with the site.
# site.yml sets PAPERS_BASEURL to the GitHub Pages URL: the Atom feed's links are absolute.
# Both are unset for `make html` (no PDF needed, relative links).
papers_pdf = os.environ.get("PAPERS_PDF") or None
html_baseurl = os.environ.get("PAPERS_BASEURL", "")

# PDF: LuaLaTeX (Unicode), fonts from Debian packages (fonts-freefont-otf, fonts-noto-cjk,
# fonts-symbola, fonts-dejavu-core) with glyph fallback for CJK, emoji and italic Arabic, and
# babel's bidi for right-to-left text. The fallback chain "papersfallback" is these fonts, the
# CJK one first and only when the text has CJK (it costs each pass ~3 s and 400 MB), the others
# only when the text has a character the main fonts (every face of each) lack (~0.5 s a pass);
# the right-to-left elements replace the matching latex_elements only when the text has Arabic,
# Hebrew or another right-to-left script (bidi works on every paragraph: ~0.2 s a pass here).
latex_engine = "lualatex"
papers_pdf_main_fonts = ["FreeSerif", "FreeSans", "FreeMono"]  # those of fontpkg below
papers_pdf_cjk_font = "NotoSerifCJKsc"
papers_pdf_fallback_fonts = ["Symbola", "DejaVuSans"]
latex_documents = [("index", "sparsity.tex", "Sparsity in Deep Learning: papers", author, "manual")]
latex_show_urls = "no"
latex_use_xindy = False  # no index in this document; makeindex needs no extra package
_fonts = r"""\setmainfont{FreeSerif}[RawFeature={fallback=papersfallback}]
\setsansfont{FreeSans}[RawFeature={fallback=papersfallback}]
\setmonofont{FreeMono}[RawFeature={fallback=papersfallback}]"""
latex_elements = {
    "polyglossia": "",
    "babel": r"""\usepackage{babel}
\babelprovide[main,import]{english}""",
    "fontpkg": _fonts,
    "printindex": "",
}
papers_pdf_rtl_elements = {
    "babel": r"""\usepackage[bidi=basic]{babel}
\babelprovide[main,import]{english}
\babelprovide[import]{arabic}""",
    "fontpkg": _fonts + "\n" + r"\babelfont[arabic]{rm}{FreeSerif}",
}

# Sphinx 7.x hides the [type.subtype] of warnings by default; show it, so each can be suppressed
show_warning_types = True
