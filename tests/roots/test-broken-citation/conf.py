"""A survey page citing a misspelled key and a renamed one (the bib header lists it as retired)."""

extensions = ["ext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "sparsity"
bibtex_reference_style = "sparsity"
latex_documents = [("index", "broken.tex", "Broken citations", "Tests", "manual")]
show_warning_types = True  # Sphinx 7.x hides the [type.subtype] of warnings by default
