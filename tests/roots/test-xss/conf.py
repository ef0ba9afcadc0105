extensions = ["ext"]
bibtex_bibfiles = ["xss.bib"]
bibtex_default_style = "sparsity"
html_theme = "furo"
