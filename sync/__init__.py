"""Zotero group library → sparsity.bib mirror (filled in by the sync issue)."""
