"""Mirror a Zotero group library into sparsity.bib, incrementally, with stable citation keys.

``python -m sync pull`` brings the bib up to date (one request when nothing
changed); ``python -m sync push`` seeds the group from the bib. The modules:

* :mod:`sync.client.zotero` — the only module that talks to Zotero (pyzotero);
* :mod:`sync.mapping.convert` / :mod:`sync.mapping.tozotero` — item JSON ⇄ BibTeX fields;
* :mod:`sync.mapping.schema` (table :mod:`sync.mapping.zotero_fields`), :mod:`sync.mapping.fieldmap` —
  where every field of every Zotero item type goes;
* :mod:`sync.mapping.richtext`, :mod:`sync.mapping.languages` — title markup and languages;
* :mod:`sync.mapping.texify` — escaping Unicode text for BibTeX, designed with
  :func:`ext.reader.latex.decode` so that text round-trips exactly;
* :mod:`sync.mapping.citekeys` — the citation-key rule (formula, precedence, clashes);
* :mod:`sync.local.mirror` — applying changes to the bib (pure); :mod:`sync.local.changes` — the
  changes and the report it passes around (light: the client and a no-op pull need no converter);
* :mod:`sync.local.bibwrite`, :mod:`sync.local.state` — the files written, deterministically;
* :mod:`sync.commands.pull` (its BibTeX half :mod:`sync.commands.pullbib`, loaded only when there is
  something to compare or convert), :mod:`sync.commands.push`, :mod:`sync.cli` — orchestration and CLI.
"""
