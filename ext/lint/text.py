"""LaTeX in field values: a raw ``%`` (LaTeX's comment sign), commands nobody can typeset, stray blanks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ext.lint.model import Corpus, Hit, Rule
from ext.reader.latex import _latexcodec_symbol
from ext.reader.latex_tables import ACCENTS, ARG_COMMANDS, SWITCHES, SYMBOLS
from ext.reader.math_tables import MATH_SYMBOLS

RULES = (
    Rule("raw-percent", "warning", "a raw % in a field: LaTeX drops the rest of the line"),
    Rule("unknown-macro", "warning", "a LaTeX command the page, BibTeX and biber cannot typeset"),
    Rule("whitespace", "info", "a field value starts or ends with blanks", "zotero,bib"),
)
#: Fields that hold links or paths, where % and backslashes are literal.
LINK_FIELDS = frozenset({"url", "doi", "file", "pdf", "eprint", "howpublished", "zoterokey", "source"})
_RAW_PERCENT = re.compile(r"(?<!\\)%")
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_LINK_COMMANDS = frozenset({"url", "path", "href"})


@lru_cache(maxsize=4096)
def known_command(name: str) -> bool:
    """Whether the page's LaTeX decoder (and so, for these, LaTeX itself) knows ``\\name``."""
    tables = (SYMBOLS, ACCENTS, ARG_COMMANDS, SWITCHES, MATH_SYMBOLS)
    return name in _LINK_COMMANDS or any(name in table for table in tables) or bool(_latexcodec_symbol(name))


def check(corpus: Corpus) -> Iterator[Hit]:
    for view in corpus.entries:
        for field, value in view.values.items():
            if field in LINK_FIELDS:
                continue
            if _RAW_PERCENT.search(value):
                yield Hit(
                    "raw-percent",
                    view.key,
                    f"{field} has a raw % (LaTeX reads the rest of the line as a comment); write \\%",
                    field,
                )
            unknown = sorted({m.group(1) for m in _COMMAND.finditer(value) if not known_command(m.group(1))})
            if unknown:
                listed = ", ".join("\\" + command for command in unknown)
                yield Hit(
                    "unknown-macro",
                    view.key,
                    f"{field} uses {listed}, which the page shows as literal text and LaTeX may reject; "
                    "write the character itself",
                    field,
                )
        for span in view.spans.values():
            opener, inner, _ = span.delimited(view.source)
            if opener and inner and inner != inner.strip() and span.name.lower() != "abstract":
                yield Hit(
                    "whitespace",
                    view.key,
                    f"{span.name.lower()} starts or ends with blanks; trim them",
                    span.name.lower(),
                )
