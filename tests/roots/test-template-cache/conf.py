extensions = ["ext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "sparsity"
templates_path = ["_templates"]  # the project's own layout, edited by the test between builds
show_warning_types = True  # Sphinx 7.x hides the [type.subtype] of warnings by default
