"""tests/golden/categories.bib (one entry per rendering category), built with the project's LaTeX settings."""

import runpy
from pathlib import Path

_project = runpy.run_path(str(Path(__file__).resolve().parents[3] / "conf.py"))
extensions = ["ext"]
bibtex_bibfiles = ["../../golden/categories.bib"]
bibtex_default_style = "sparsity"
latex_engine = _project["latex_engine"]
latex_elements = _project["latex_elements"]
papers_pdf_main_fonts = _project["papers_pdf_main_fonts"]
papers_pdf_cjk_font = _project["papers_pdf_cjk_font"]
papers_pdf_fallback_fonts = _project["papers_pdf_fallback_fonts"]
latex_documents = [("index", "categories.tex", "Categories", "Tests", "manual")]
# the fixture's unknown macro and its second url address are reported on purpose
suppress_warnings = ["papers.unknown_macro", "papers.link"]
