"""Sphinx configuration of the sparsity bibliography site (no logic here)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.resolve()))

project = "Sparsity in Deep Learning: papers"
author = "The survey's curators"
copyright = "2021-2026, the survey's curators"

extensions = ["ext"]
include_patterns = ["index.rst", "papers.rst"]
exclude_patterns = ["_build", ".venv", "tests", "README.md"]

bibtex_bibfiles = ["sparsity.bib"]
bibtex_default_style = "sparsity"
bibtex_reference_style = "author_year"

html_theme = "furo"
html_title = "Sparsity in Deep Learning: papers"
html_static_path = []
