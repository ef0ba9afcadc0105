r"""Decode BibTeX field values (LaTeX fragments) into pybtex rich text.

Readers expect ``{\"o}`` as "ö", ``\emph{x}`` as italics, ``\url{...}`` as a link
and ``$L_0$`` as math, never as leftover commands. pybtex's ``Text.from_latex``
runs latexcodec over the whole string and leaves formatting commands behind
(``\emph x``), so :mod:`ext.reader.latex_tree` parses the structure (groups, commands, math), this
module renders it, and latexcodec is asked only about symbol commands the
tables (:mod:`ext.reader.latex_tables`) do not list.

Braced groups become :class:`~pybtex.richtext.Protected` (exempt from title
casing), except groups that start with a command such as ``{\"o}``, which BibTeX
treats as a special character, not as protection.

A command this module does not know (``\\rpackage{SPOT}``) prints its argument
("SPOT"), never its bare name, and is reported by :func:`unknown_macros` so that
the caller can warn once per macro. A TeX primitive that could run code or read
files (``\\input{/etc/passwd}``, ``\\def``) is shown as the literal text it is,
never interpreted.

Math (``$K_n$``) becomes :class:`Math`: rich text with italic variables
(``em``), sub- and superscripts and Unicode symbols for HTML, Markdown and
plain text, which also keeps its LaTeX source for backends that can typeset
math themselves (the PDF; see :mod:`ext.style.backends`).

The escapes written by the Zotero sync (``\textbackslash{}``, ``\textbraceleft{}``,
``\$``, ``\%`` ...) all decode back to the literal character; the tests of
:mod:`sync` and of this module check that round trip together.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from pybtex.richtext import BaseText, HRef, Protected, String, Tag, Text

from ext.reader.chars import UNSAFE
from ext.reader.latex_math import Math, math_text, scripts, tidy_math, upright_math
from ext.reader.latex_tables import (
    AAS_JOURNALS,
    ACCENTS,
    ARG_COMMANDS,
    DROPPED_ARG_COMMANDS,
    LITERAL_COMMANDS,
    SWITCHES,
    SYMBOLS,
)
from ext.reader.latex_tree import (
    Cmd,
    Group,
    MathNode,
    children,
    number_arg,
    parse,
    plain,
    skip_empty_group,
    skip_space,
    take_arg,
    verbatim,
)
from ext.reader.math_tables import MATH_OPERATORS, MATH_RELATIONS, MATH_SYMBOLS
from ext.reader.urls import safe_url

_LIGATURES = re.compile(r"---|--|``|''|`|'|~")
_LIGATURE_MAP = {
    "---": "\u2014",
    "--": "\u2013",
    "``": "\u201c",
    "''": "\u201d",
    "`": "\u2018",
    "'": "\u2019",
    "~": "\u00a0",
}


def _ligatures(text: str) -> str:
    return _LIGATURES.sub(lambda m: _LIGATURE_MAP[m.group()], text)


def _accent(mark: str, base: str) -> str:
    if not base:
        return unicodedata.normalize("NFC", " " + mark).strip() or mark
    base = {"\u0131": "i", "\u0237": "j"}.get(base[0], base[0]) + base[1:]
    return unicodedata.normalize("NFC", base[0] + mark + base[1:])


def _latexcodec_symbol(name: str) -> str | None:
    """Ask latexcodec for a symbol command we have no entry for (imported on the first question: the
    tables answer for nearly every command, and every build would otherwise wait ~14 ms for it)."""
    import latexcodec  # noqa: F401  (registers the "ulatex" codec)

    try:
        # latexcodec's "ulatex" decodes str to str, which typeshed's codecs.decode overloads do not know
        decoded = codecs.decode("\\" + name, "ulatex")  # type: ignore[call-overload]
    except (UnicodeDecodeError, ValueError):
        return None
    decoded = decoded.strip()
    return None if "\\" in decoded or not decoded else decoded


class _Renderer:
    """Turn the parse tree into rich text; commands consume the nodes after them."""

    def __init__(self, math: bool = False, unknown: list[str] | None = None) -> None:
        self.math = math
        self.unknown: list[str] = unknown if unknown is not None else []  #: unknown macros met

    def render(self, nodes: list) -> list[BaseText]:
        out: list[BaseText] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            i += 1
            if isinstance(node, str):
                out.extend(self._text(node))
            elif isinstance(node, Group):
                out.append(self._group(node))
            elif isinstance(node, MathNode):  # math is never re-cased
                math = tidy_math(_MathRenderer(True, self.unknown).render(node.children))
                out.append(Math(node.source, *math))
            else:
                name = node.name
                if name in SWITCHES and not self.math:
                    inner = self.render(skip_space(nodes[i:]))
                    tag = SWITCHES[name]
                    return out + ([Tag(tag, *inner)] if tag else inner)
                handler = (_MATH_COMMANDS if self.math else _TEXT_COMMANDS).get(name, _Renderer._other)
                parts, i = handler(self, name, nodes, i)  # it takes its arguments from the nodes after it
                out.extend(parts)
        return out

    def _text(self, text: str) -> list[BaseText]:
        if not self.math:
            return [String(_ligatures(text))]
        return math_text(text)

    def _group(self, group: Group) -> BaseText:
        inner = self.render(group.children)
        first = group.children[0] if group.children else None
        if isinstance(first, Cmd) or self.math:
            return Text(*inner) if len(inner) != 1 or self.math else inner[0]
        return Protected(*inner)

    # One handler per family of commands; _TEXT_COMMANDS and _MATH_COMMANDS map names to them.

    def _accent_command(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        arg, i = take_arg(nodes, i)
        return [String(_accent(ACCENTS[name], plain(arg) if arg is not None else ""))], i

    def _url(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        arg, i = take_arg(nodes, i)
        url = verbatim(arg)
        return [_link(url, String(url))], i

    def _href(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        target, i = take_arg(nodes, i)
        label, i = take_arg(nodes, i)
        text = self.render(label.children if isinstance(label, Group) else [label or ""])
        url = verbatim(target)
        if _LOOKS_LIKE_A_LINK.search(str(Text(*text))) and str(Text(*text)).strip() != url:
            text = [String(url)]  # a label that reads as another address would hide where the link goes
        return [_link(url, Text(*text))], i

    def _arg_command(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        """``\\emph{x}``, ``\\textsubscript{2}``, ``\\mathrm{d}``: the argument, tagged as the table says."""
        arg, i = take_arg(nodes, i)
        if self.math and name in _UPRIGHT_MATH:  # \mathrm{\mu}: still math (symbols), not italic
            inner = [upright_math(part) for part in self.render(children(arg))]
        else:
            upright = self.math and name in _TEXT_IN_MATH
            inner = (_Renderer(False, self.unknown) if upright else self).render(children(arg))
        tag = ARG_COMMANDS[name]
        if tag is not None:
            return [Tag(tag, *inner)], i
        if name == "NoCaseChange":
            return [Protected(*inner)], i
        return ([Text(*inner)] if self.math else inner), i  # a script takes the whole argument

    def _quote(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        arg, i = take_arg(nodes, i)
        return [String("\u201c"), *self._arg(arg), String("\u201d")], i

    def _language(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        _, i = take_arg(nodes, i)  # {language}{text}: the text
        arg, i = take_arg(nodes, i)
        return self._arg(arg), i

    def _numeric(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        number, i = number_arg(nodes, i)
        if name == "char" and number.isdigit() and 32 <= int(number) < 0x110000:
            char = chr(int(number))
            if not UNSAFE.match(char):  # a control character, a lone surrogate: no output can hold it
                return [String(char)], i
        return [], i

    def _dropped(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        _, i = take_arg(nodes, i)
        return [], i

    def _frac(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        numerator, i = take_arg(nodes, i)
        denominator, i = take_arg(nodes, i)
        return [*self._arg(numerator), String("/"), *self._arg(denominator)], i

    def _math_operator(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        """``\\ln n``: upright, with the space TeX puts after it."""
        follows = i < len(nodes) and (
            (isinstance(nodes[i], str) and nodes[i][:1].isalnum()) or isinstance(nodes[i], Cmd)
        )
        return [String(" " + MATH_OPERATORS[name] + (" " if follows else ""))], i

    def _math_relation(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        return [String(f" {MATH_RELATIONS[name]} ")], i

    def _math_symbol(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        return [String(MATH_SYMBOLS[name])], i

    def _symbol(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        return [String(SYMBOLS[name])], skip_empty_group(nodes, i)

    def _journal(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        return [String(AAS_JOURNALS[name])], skip_empty_group(nodes, i)

    def _arg(self, arg) -> list[BaseText]:
        return self.render(children(arg))

    def _other(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        """A command no table lists: a symbol latexcodec knows, else an unknown macro (recorded)."""
        symbol = _latexcodec_symbol(name)
        if symbol is not None:
            return [String(symbol)], skip_empty_group(nodes, i)
        if name not in self.unknown:
            self.unknown.append(name)
        if name in LITERAL_COMMANDS:
            return self._literal(name, nodes, i)
        return self._arguments(nodes, i)

    def _arguments(self, nodes: list, i: int) -> tuple[list[BaseText], int]:
        """An unknown macro (``\\rpackage{SPOT}``) prints its arguments, never its name."""
        out: list[BaseText] = []
        while i < len(nodes) and isinstance(nodes[i], Group):
            inner = self.render(nodes[i].children)
            out.append(Text(*inner) if self.math else Protected(*inner))
            i += 1
        return out, i

    def _literal(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        """A primitive that could run code or read files (``\\input{x}``, ``\\def``) stays visible
        as inert text: the reader sees what was typed."""
        out: list[BaseText] = [String("\\" + name)]
        while i < len(nodes) and isinstance(nodes[i], Cmd):  # \def\x, \let\a\b: the names defined
            out.append(String("\\" + nodes[i].name))
            i += 1
        if i < len(nodes) and isinstance(nodes[i], str) and nodes[i].isdigit():  # \write18{...}
            out.append(String(nodes[i]))
            i += 1
        while i < len(nodes) and isinstance(nodes[i], Group):
            out.append(Protected(String("{"), *self.render(nodes[i].children), String("}")))
            i += 1
        return out, i


_Handler = Callable[[_Renderer, str, list, int], tuple[list[BaseText], int]]


def _table(*families: tuple[Iterable[str], _Handler]) -> dict[str, _Handler]:
    """Command name → handler; a name listed by two families goes to the first."""
    table: dict[str, _Handler] = {}
    for names, handler in families:
        for name in names:
            table.setdefault(name, handler)
    return table


_NUMERIC_ARG_COMMANDS = frozenset("penalty spacefactor kern mkern hskip vskip mskip raise lower char".split())
#: The one-character accents (``\\'``, ``\\^``, ``\\~`` ...) are text-mode commands, not accents in math.
_TEXT_ONLY_ACCENTS = frozenset(name for name in ACCENTS if name in "'`^\"~=.")

_COMMON_FAMILIES: tuple[tuple[Iterable[str], _Handler], ...] = (
    (("url", "path"), _Renderer._url),
    (("href",), _Renderer._href),
    (ARG_COMMANDS, _Renderer._arg_command),
    (("mkbibquote", "enquote", "textquote", "mkbibquotes"), _Renderer._quote),  # biblatex/csquotes quotes
    (("foreignlanguage", "hyphenrules", "otherlanguage"), _Renderer._language),
    (_NUMERIC_ARG_COMMANDS, _Renderer._numeric),  # \penalty0, \kern-.25em, \char92: spacing, or a character
    (DROPPED_ARG_COMMANDS, _Renderer._dropped),  # \hspace{1em}, \noopsort{1973a}: nothing to read
)
_SYMBOL_FAMILIES: tuple[tuple[Iterable[str], _Handler], ...] = (
    (SYMBOLS, _Renderer._symbol),
    (AAS_JOURNALS, _Renderer._journal),  # \apj in ADS exports
)
_TEXT_COMMANDS = _table((ACCENTS, _Renderer._accent_command), *_COMMON_FAMILIES, *_SYMBOL_FAMILIES)
_MATH_COMMANDS = _table(
    ((name for name in ACCENTS if name not in _TEXT_ONLY_ACCENTS), _Renderer._accent_command),
    *_COMMON_FAMILIES,
    (("frac",), _Renderer._frac),
    (MATH_OPERATORS, _Renderer._math_operator),
    (MATH_RELATIONS, _Renderer._math_relation),
    (MATH_SYMBOLS, _Renderer._math_symbol),
    *_SYMBOL_FAMILIES,
)

_LOOKS_LIKE_A_LINK = re.compile(r"://|^\s*www\.|\b10\.\d{4,9}/|doi\.org", re.IGNORECASE)


def _link(url: str, text: BaseText) -> BaseText:
    checked = safe_url(url)
    return HRef(checked, text) if checked else text


class _MathRenderer(_Renderer):
    """Math mode: italic variables, sub- and superscripts, math symbols."""

    def render(self, nodes: list) -> list[BaseText]:
        return scripts(super().render(nodes))


#: Commands whose argument is upright text even in math (``C_\\text{max}``).
_TEXT_IN_MATH = frozenset("text textrm textnormal textup mathrm mbox hbox operatorname".split())
#: Of those, the math fonts: their argument is math (``\mathrm{\mu}`` is μ), set upright.
_UPRIGHT_MATH = frozenset("mathrm operatorname".split())

_MARKUP = re.compile(r"[\\{}$]")  # without these, a value is text and ligatures only


_STRUCTURE = re.compile(r"[{}$]|\\(?:[A-Za-z]+|.)")


class _Decoded(Text):
    """Rich text of a field value, with the macros :func:`decode` did not know."""

    unknown: tuple[str, ...] = ()


@lru_cache(maxsize=65536)
def decode(latex: str) -> Text:
    """Rich text for one field value; cached because venues and names repeat."""
    if not _MARKUP.search(latex):
        return Text(_ligatures(latex))
    renderer = _Renderer()
    try:
        text = _Decoded(*renderer.render(parse(latex).children))
    except RecursionError:  # hundreds of nested groups: keep the words, drop the structure
        text = _Decoded(_ligatures(_STRUCTURE.sub("", latex)))
    text.unknown = tuple(renderer.unknown)
    return text


def unknown_macros(latex: str) -> tuple[str, ...]:
    """The macros of *latex* that :func:`decode` does not know (it prints their arguments).

    Values whose control words are all in the tables are answered without parsing them:
    the check runs over every field at load time.
    """
    if all(name in _KNOWN_WORDS for name in _CONTROL_WORD.findall(latex)):
        return ()
    return getattr(decode(latex), "unknown", ())


_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)")
_KNOWN_WORDS = frozenset(_TEXT_COMMANDS) | frozenset(_MATH_COMMANDS) | frozenset(SWITCHES)


def decode_plain(latex: str) -> str:
    """Plain Unicode text of a field value (for sorting, keys and search)."""
    if not _MARKUP.search(latex):
        return _ligatures(latex)
    return str(decode(latex))
