"""Hostile entries, built with the project's own LaTeX settings."""

import runpy
from pathlib import Path

_project = runpy.run_path(str(Path(__file__).resolve().parents[3] / "conf.py"))
extensions = ["ext"]
bibtex_bibfiles = ["hostile.bib"]
bibtex_default_style = "sparsity"
latex_engine = _project["latex_engine"]
latex_elements = _project["latex_elements"]
papers_pdf_main_fonts = _project["papers_pdf_main_fonts"]
papers_pdf_cjk_font = _project["papers_pdf_cjk_font"]
papers_pdf_fallback_fonts = _project["papers_pdf_fallback_fonts"]
papers_pdf_rtl_elements = _project["papers_pdf_rtl_elements"]
latex_documents = [("index", "hostile.tex", "Hostile", "Tests", "manual")]
# the hostile commands are shown as typed, and the control characters removed, on purpose
suppress_warnings = ["papers.unknown_macro", "papers.control_char"]
show_warning_types = True  # Sphinx 7.x hides the [type.subtype] of warnings by default
