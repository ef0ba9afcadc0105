"""Mirror a Zotero group library into sparsity.bib, incrementally, with stable citation keys.

``python -m sync pull`` brings the bib up to date (one request when nothing
changed); ``python -m sync push`` seeds the group from the bib. The modules:

* :mod:`sync.zotero` — the only module that talks to Zotero (pyzotero);
* :mod:`sync.convert` / :mod:`sync.tozotero` — item JSON ⇄ BibTeX fields;
* :mod:`sync.schema` (table :mod:`sync.zotero_fields`), :mod:`sync.fieldmap` —
  where every field of every Zotero item type goes;
* :mod:`sync.richtext`, :mod:`sync.languages` — title markup and languages;
* :mod:`sync.texify` — escaping Unicode text for BibTeX, designed with
  :func:`ext.latex.decode` so that text round-trips exactly;
* :mod:`sync.citekeys` — the citation-key rule (formula, precedence, clashes);
* :mod:`sync.mirror` — applying changes to the bib (pure);
* :mod:`sync.bibwrite`, :mod:`sync.state` — the files written, deterministically;
* :mod:`sync.pull`, :mod:`sync.push`, :mod:`sync.cli` — orchestration and CLI.
"""
