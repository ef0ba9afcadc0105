"""The frozen seed (tests/data/seed.bib) as a list page: its outputs are pinned in tests/golden/seed-list.*."""

extensions = ["ext"]
bibtex_bibfiles = ["../../data/seed.bib"]
bibtex_default_style = "sparsity"
latex_documents = [("index", "seed.tex", "Seed", "Tests", "manual")]
show_warning_types = True  # Sphinx 7.x hides the [type.subtype] of warnings by default
