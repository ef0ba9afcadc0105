""".bib text to entries: decoding, parsing, macros and crossrefs, TeX to Unicode, names, links."""
