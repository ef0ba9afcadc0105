r"""Plain Unicode text from Zotero → BibTeX field values, and back exactly.

Zotero fields are plain Unicode typed by anyone in the group, so every LaTeX
special is escaped, and escaped in a form that both BibTeX and our renderer
(:func:`ext.reader.latex.decode`) read back as the original character:

* ``\ { }`` become ``\textbackslash{}``, ``\textbraceleft{}``,
  ``\textbraceright{}`` (BibTeX counts braces even after a backslash, so
  ``\{`` would unbalance the entry);
* ``$ & % # _`` get a backslash; ``^ ~ ``` become ``\textasciicircum{}``,
  ``\textasciitilde{}``, ``\textasciigrave{}``; a hyphen followed by another
  gets ``{}`` (``--`` → ``-{}-``) so that LaTeX does not make it a dash;
* Unicode (accents, Greek, CJK, emoji, right-to-left text) stays UTF-8;
* whitespace runs (newlines included) become one blank.

Titles additionally get brace protection (:func:`protect_title`): each part of
a word (parts split at hyphens) that holds an inner capital ("QSGD",
"DropNet"), or starts with a capital and is neither the first word nor a stop
word ("Bayesian"), is wrapped in ``{}``, so BibTeX styles that lower-case
titles keep them, while title casing may still write "via" and capitalise
the "efficient" of "Energy-efficient".
Zotero's rich-text markup (see :mod:`sync.mapping.richtext`: ``<i> <b> <sup> <sub> <sc>``,
small-caps and nocase spans, nested) becomes ``\emph``, ``\textbf``,
``\textsuperscript``, ``\textsubscript``, ``\textsc`` and ``{...}``, in titles
(:func:`protect_title`) and container titles (:func:`rich`).
"""

from __future__ import annotations

import re

from ext.style.titlecase import STOP_WORDS
from sync.mapping import richtext

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "`": r"\textasciigrave{}",
}
_SPECIAL_RE = re.compile(r"-(?=-)|[\\{}$&%#_^~`]")
_BLANKS = re.compile(r"\s+")
_SUBTITLE_END = re.compile(r"[:?!]$")


def escape(text: str) -> str:
    """*text* as a BibTeX value that decodes back to exactly *text* (blanks collapsed)."""
    text = _BLANKS.sub(" ", text).strip()
    return _SPECIAL_RE.sub(lambda m: "-{}" if m.group() == "-" else _SPECIALS[m.group()], text)


def _needs_braces(part: str, first: bool) -> bool:
    """Capitals that a BibTeX style (or title casing) must not change."""
    letters = part.lstrip("\"'([“‘")
    if not letters or not any(ch.isupper() for ch in letters):
        return False
    if any(ch.isupper() for ch in letters[1:]):
        return True  # QSGD, DropNet, iPhone
    core = re.sub(r"\W+$", "", letters).lower()
    return not first and core not in STOP_WORDS  # Bayesian, Hessian; not "Via", "The"


def _protect_words(text: str, first: bool) -> tuple[str, bool]:
    """Escape *text*, bracing the parts of words whose capitals must survive."""
    out = []
    for token in re.split(r"(\s+)", text):
        if not token or token.isspace():
            out.append(" " if token else "")
            continue
        for index, part in enumerate(re.split(r"([-/\u2013\u2014]+)", token)):
            braces = index % 2 == 0 and _needs_braces(part, first and index == 0)
            out.append("{" + escape(part) + "}" if braces else escape(part))
        first = bool(_SUBTITLE_END.search(token))
    return "".join(out), first


def _escape_fragment(text: str) -> str:
    """Escape a run of already-collapsed text, keeping its edge blanks (it sits between markup)."""
    return _SPECIAL_RE.sub(lambda m: "-{}" if m.group() == "-" else _SPECIALS[m.group()], text)


def protect_title(title: str) -> str:
    """A title as a BibTeX value: escaped, rich text converted, capitals brace-protected."""
    title = _BLANKS.sub(" ", title).strip()
    return richtext.to_latex(title, _protect_words, _escape_fragment)


def rich(text: str) -> str:
    """A field Zotero allows rich text in (container titles): escaped, markup converted, no case protection."""
    text = _BLANKS.sub(" ", text).strip()
    return richtext.to_latex(text, lambda run, first: (_escape_fragment(run), first), _escape_fragment)


def rebraced(markup: str) -> bool:
    """True when :func:`protect_title` braces this text again by itself (one word of capitalised parts).

    Push uses it to tell which braces of a bib title need a nocase span in Zotero.
    """
    if not markup or "<" in markup or any(ch.isspace() for ch in markup):
        return False
    parts = re.split(r"[-/\u2013\u2014]+", markup)
    return all(_needs_braces(part, False) or not any(ch.isalpha() for ch in part) for part in parts)


def balanced(value: str) -> bool:
    """True when every brace in *value* is closed, counted the way BibTeX counts."""
    depth = 0
    for char in value:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0
