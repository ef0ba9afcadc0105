"""The Zotero parity fixtures (tests/golden/parity.bib), built with the project's own LaTeX settings."""

import runpy
from pathlib import Path

_project = runpy.run_path(str(Path(__file__).resolve().parents[3] / "conf.py"))
extensions = ["ext"]
bibtex_bibfiles = ["../../golden/parity.bib"]
bibtex_default_style = "sparsity"
latex_engine = _project["latex_engine"]
latex_elements = _project["latex_elements"]
papers_pdf_cjk_font = _project["papers_pdf_cjk_font"]
papers_pdf_fallback_fonts = _project["papers_pdf_fallback_fonts"]
latex_documents = [("index", "parity.tex", "Parity", "Tests", "manual")]
