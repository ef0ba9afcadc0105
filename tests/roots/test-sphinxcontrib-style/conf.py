extensions = ["ext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "sparsity"
bibtex_reference_style = "author_year"
show_warning_types = True  # Sphinx 7.x hides the [type.subtype] of warnings by default
