extensions = ["ext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "sparsity"
bibtex_reference_style = "sparsity"
bibtex_cite_id = "cite-{key}"
show_warning_types = True  # Sphinx 7.x hides the [type.subtype] of warnings by default
