"""Zotero items to BibTeX entries and back, and the citation keys they carry (pure functions)."""
