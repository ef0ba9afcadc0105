extensions = ["ext"]
bibtex_bibfiles = ["xss.bib"]
bibtex_default_style = "sparsity"
html_theme = "furo"
show_warning_types = True  # Sphinx 7.x hides the [type.subtype] of warnings by default
