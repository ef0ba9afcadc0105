extensions = ["ext"]
bibtex_bibfiles = ["feed.bib"]
bibtex_default_style = "sparsity"
html_theme = "furo"
html_baseurl = "https://example.org/papers/"
papers_list_page = "index"
show_warning_types = True  # Sphinx 7.x hides the [type.subtype] of warnings by default
