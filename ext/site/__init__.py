"""The Sphinx side: the library on the app, the paper-list page and its data, citations, publishing."""
