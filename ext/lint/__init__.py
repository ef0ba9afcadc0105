"""Curation lint: what is wrong with the bibliography, in a curator's terms, and where to fix it.

``lint_entries(bib, keys=None, config=None, group=None)`` returns
:class:`Finding` objects; :mod:`ext.lint.formats` prints them (text, JSON,
GitHub annotations, Markdown); :mod:`ext.lint.fix` applies the mechanical
fixes to contributed entries of a .bib file. Rules are pure functions over the
parsed bibliography, one module per family; ids are listed in README.
"""

from __future__ import annotations

from ext.lint.config import LintConfig
from ext.lint.model import SEVERITIES, Finding, Rule
from ext.lint.registry import RULES, lint_entries

__all__ = ["RULES", "SEVERITIES", "Finding", "LintConfig", "Rule", "lint_entries"]
