"""pybtex backends that write an entry straight to HTML or LaTeX text.

The papers list is pre-rendered to strings, once per entry and cached by
content, instead of being built from thousands of docutils nodes that Sphinx
would then transform and write again on every build. HTML escapes every text
and attribute value; LaTeX escapes the way Sphinx's own writer does (and
writes links as ``\\sphinxhref``), so the PDF looks like the rest of the book.
"""

from __future__ import annotations

import re
from html import escape
from typing import ClassVar

from pybtex.backends import BaseBackend
from pybtex.backends.plaintext import Backend as PlainTextBackend

from ext.reader.math_tables import MATH_OPERATORS, MATH_RELATIONS, MATH_SYMBOLS

_HTML_TAGS = {
    "em": "em",
    "i": "em",
    "strong": "strong",
    "b": "strong",
    "sup": "sup",
    "sub": "sub",
    "tt": "code",
    "sc": 'span class="smallcaps"',
}
LATEX_TAGS = {
    "em": "\\emph",
    "i": "\\emph",
    "strong": "\\textbf",
    "b": "\\textbf",
    "sup": "\\textsuperscript",
    "sub": "\\textsubscript",
    "tt": "\\texttt",
    "sc": "\\textsc",
}


class HtmlBackend(BaseBackend):
    symbols: ClassVar[dict[str, str]] = {"ndash": "\u2013", "newblock": " ", "nbsp": "&nbsp;"}

    def format_str(self, text: str) -> str:
        return escape(text, quote=False)

    def format_protected(self, text: str) -> str:
        return text

    def format_tag(self, tag_name: str, text: str) -> str:
        tag = _HTML_TAGS.get(tag_name)
        return f"<{tag}>{text}</{tag.split()[0]}>" if tag and text else text

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        return f'<a class="reference external" href="{escape(url)}">{text}</a>' if text else ""


#: Commands math may pass to LaTeX: symbols, operators, fonts, fractions and roots. Nothing
#: that reads files, defines macros, changes category codes or runs Lua.
SAFE_MATH_COMMANDS = (
    frozenset(MATH_SYMBOLS)
    | frozenset(MATH_OPERATORS)
    | frozenset(MATH_RELATIONS)
    | frozenset(
        "text textrm textit textbf mathrm mathit mathbf mathsf mathtt mathcal mathbb mathfrak boldsymbol "
        "operatorname frac dfrac tfrac sqrt hat bar tilde vec dot ddot overline underline widehat "
        "widetilde mathring ell epsilon varepsilon , ; ! { } _ % # &".split()
    )
) - {"argmin", "argmax"}  # shown as text, but LaTeX has no such commands
_MATH_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)
#: ASCII only: a Unicode letter typed into math (``$α$``) is missing from the math font, so such
#: math is printed as text, where the fonts fall back.
_MATH_CHARS = re.compile(r"[A-Za-z0-9\s\\{}^_+\-*/=<>()\[\]|.,;:!'`~@]*")


def safe_math(source: str) -> bool:
    """Whether *source* can go into the PDF as math: known commands, balanced braces, no ``^^``."""
    if not source.strip() or "^^" in source or not _MATH_CHARS.fullmatch(source):
        return False
    depth = 0
    for char in source.replace("\\{", "").replace("\\}", ""):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    if depth:
        return False
    return all(name in SAFE_MATH_COMMANDS for name in _MATH_COMMAND.findall(source))


_SUBSCRIPTS = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUPERSCRIPTS = str.maketrans(
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW*′",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ*′",
)


def unicode_script(tag_name: str, text: str) -> str:
    """``n`` as subscript "ₙ", ``2`` as superscript "²"; text with no such characters stays as it is."""
    table = _SUBSCRIPTS if tag_name == "sub" else _SUPERSCRIPTS
    scripted = text.translate(table)
    return scripted if all(a != b or not a.isalnum() for a, b in zip(text, scripted, strict=True)) else text


class TextBackend(PlainTextBackend):
    """Plain Unicode text: pybtex's, with sub- and superscripts as Unicode where they exist."""

    def format_tag(self, tag_name: str, text: str) -> str:
        if tag_name in ("sub", "sup"):
            return unicode_script(tag_name, text)
        return text
