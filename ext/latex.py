r"""Decode BibTeX field values (LaTeX fragments) into pybtex rich text.

Readers expect ``{\"o}`` as "ö", ``\emph{x}`` as italics, ``\url{...}`` as a link
and ``$L_0$`` as math, never as leftover commands. pybtex's ``Text.from_latex``
runs latexcodec over the whole string and leaves formatting commands behind
(``\emph x``), so this module parses the structure itself (groups, commands,
math) and asks latexcodec only about symbol commands it does not know.

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
math themselves (the PDF; see :mod:`ext.backends`).

The escapes written by the Zotero sync (``\textbackslash{}``, ``\textbraceleft{}``,
``\$``, ``\%`` ...) all decode back to the literal character; the tests of
:mod:`sync` and of this module check that round trip together.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.richtext import BaseText, HRef, Protected, String, Tag, Text

from .latex_math import Math, math_text, scripts, tidy_math, upright_math
from .latex_tables import (
    AAS_JOURNALS,
    ACCENTS,
    ARG_COMMANDS,
    DROPPED_ARG_COMMANDS,
    LITERAL_COMMANDS,
    MATH_OPERATORS,
    MATH_RELATIONS,
    MATH_SYMBOLS,
    SWITCHES,
    SYMBOLS,
)
from .urls import safe_url

_TOKEN = re.compile(
    r"(?P<word>\\[A-Za-z]+\*?)\s*|(?P<cmd>\\(?:.|$))|(?P<open>\{)|(?P<close>\})|(?P<math>\$\$?)"
    r"|(?P<text>[^\\{}$]+)",
    re.DOTALL,
)

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


@dataclass
class _Group:
    """A ``{...}`` group (``braced``) or the whole field (not braced)."""

    children: list = field(default_factory=list)
    braced: bool = True
    source: str = ""


@dataclass
class _Cmd:
    name: str


@dataclass
class _Math:
    children: list = field(default_factory=list)
    source: str = ""
    opener: str = "$"  #: "$", "$$" or "\\(": a "$$" inside "$" math closes it and opens the next


def _parse(latex: str) -> _Group:
    """Split *latex* into a tree of text runs, commands, groups and math."""
    root = _Group(braced=False, source=latex)
    stack: list[tuple[_Group | _Math, int]] = [(root, 0)]
    for m in _TOKEN.finditer(latex):
        kind, value = m.lastgroup, m.group()
        top = stack[-1][0]
        if kind == "text":
            top.children.append(value)
        elif value in ("\\(", "\\)"):  # \(x\) is inline math too (DBLP writes {\(\mu\)}m)
            _math_shift(latex, m, stack, value == "\\(")
        elif kind in ("cmd", "word"):  # a control word eats the blanks after it
            top.children.append(_Cmd(m.group(kind)[1:]))
        elif kind == "open":
            group = _Group()
            top.children.append(group)
            stack.append((group, m.end()))
        elif kind == "close":
            if isinstance(top, _Group) and top.braced:
                top.source = latex[stack[-1][1] : m.start()]
                stack.pop()
            # a stray "}" is dropped: it carries no text
        elif value == "$$" and isinstance(top, _Math) and top.opener == "$":  # $\Sigma$$\Delta$: two
            _math_shift(latex, m, stack, False)
            _math_shift(latex, m, stack, True, "$")
        else:  # math shift
            _math_shift(latex, m, stack, not isinstance(top, _Math), value)
    while len(stack) > 1:  # unclosed groups end with the field
        node, start = stack.pop()
        node.source = latex[start:]
    return root


def _math_shift(
    latex: str, m: re.Match, stack: list[tuple[_Group | _Math, int]], opening: bool, opener: str = "$"
) -> None:
    """Open math at *m* (*opening*) or close the math open on *stack* (a stray close is dropped)."""
    top = stack[-1][0]
    if opening:
        math = _Math(opener=opener)
        top.children.append(math)
        stack.append((math, m.end()))
    elif isinstance(top, _Math):
        top.source = latex[stack[-1][1] : m.start()]
        stack.pop()


def _ligatures(text: str) -> str:
    return _LIGATURES.sub(lambda m: _LIGATURE_MAP[m.group()], text)


def _accent(mark: str, base: str) -> str:
    if not base:
        return unicodedata.normalize("NFC", " " + mark).strip() or mark
    base = {"\u0131": "i", "\u0237": "j"}.get(base[0], base[0]) + base[1:]
    return unicodedata.normalize("NFC", base[0] + mark + base[1:])


def _plain(node) -> str:
    """The plain text of a node (for accent arguments and URLs)."""
    if isinstance(node, str):
        return node
    if isinstance(node, _Cmd):
        if node.name in SYMBOLS:
            return SYMBOLS[node.name]
        return ""
    return "".join(_plain(child) for child in node.children)


def _latexcodec_symbol(name: str) -> str | None:
    """Ask latexcodec for a symbol command we have no entry for."""
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
            elif isinstance(node, _Group):
                out.append(self._group(node))
            elif isinstance(node, _Math):  # math is never re-cased
                math = tidy_math(_MathRenderer(True, self.unknown).render(node.children))
                out.append(Math(node.source, *math))
            else:
                name = node.name
                if name in SWITCHES and not self.math:
                    inner = self.render(_skip_space(nodes[i:]))
                    tag = SWITCHES[name]
                    return out + ([Tag(tag, *inner)] if tag else inner)
                parts, i = self._command(name, nodes, i)
                out.extend(parts)
        return out

    def _text(self, text: str) -> list[BaseText]:
        if not self.math:
            return [String(_ligatures(text))]
        return math_text(text)

    def _group(self, group: _Group) -> BaseText:
        inner = self.render(group.children)
        first = group.children[0] if group.children else None
        if isinstance(first, _Cmd) or self.math:
            return Text(*inner) if len(inner) != 1 or self.math else inner[0]
        return Protected(*inner)

    def _command(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        if name in ACCENTS and not (name in "'`^\"~=." and self.math):
            arg, i = _take_arg(nodes, i)
            return [String(_accent(ACCENTS[name], _plain(arg) if arg is not None else ""))], i
        if name in ("url", "path"):
            arg, i = _take_arg(nodes, i)
            url = _verbatim(arg)
            return [_link(url, String(url))], i
        if name == "href":
            target, i = _take_arg(nodes, i)
            label, i = _take_arg(nodes, i)
            text = self.render(label.children if isinstance(label, _Group) else [label or ""])
            url = _verbatim(target)
            if _LOOKS_LIKE_A_LINK.search(str(Text(*text))) and str(Text(*text)).strip() != url:
                text = [String(url)]  # a label that reads as another address would hide where the link goes
            return [_link(url, Text(*text))], i
        if name in ARG_COMMANDS:
            arg, i = _take_arg(nodes, i)
            children = arg.children if isinstance(arg, _Group) else [arg] if arg else []
            upright = self.math and name in _TEXT_IN_MATH
            if self.math and name in _UPRIGHT_MATH:  # \mathrm{\mu}: still math (symbols), not italic
                inner = [upright_math(part) for part in self.render(children)]
            else:
                inner = (_Renderer(False, self.unknown) if upright else self).render(children)
            tag = ARG_COMMANDS[name]
            if tag is None:
                if name == "NoCaseChange":
                    return [Protected(*inner)], i
                return ([Text(*inner)] if self.math else inner), i  # a script takes the whole argument
            return [Tag(tag, *inner)], i
        if name in ("mkbibquote", "enquote", "textquote", "mkbibquotes"):  # biblatex/csquotes quotes
            arg, i = _take_arg(nodes, i)
            return [String("\u201c"), *self._arg(arg), String("\u201d")], i
        if name in ("foreignlanguage", "hyphenrules", "otherlanguage"):  # {language}{text}
            _, i = _take_arg(nodes, i)
            arg, i = _take_arg(nodes, i)
            return self._arg(arg), i
        if name in _NUMERIC_ARG_COMMANDS:  # \penalty0, \kern-.25em, \char92: spacing, or a character code
            number, i = _number_arg(nodes, i)
            if name == "char" and number.isdigit() and 32 <= int(number) < 0x110000:
                return [String(chr(int(number)))], i
            return [], i
        if name in DROPPED_ARG_COMMANDS:  # \hspace{1em}, \noopsort{1973a}: nothing to read
            _, i = _take_arg(nodes, i)
            return [], i
        if self.math:
            if name == "frac":
                numerator, i = _take_arg(nodes, i)
                denominator, i = _take_arg(nodes, i)
                return [*self._arg(numerator), String("/"), *self._arg(denominator)], i
            if name in MATH_OPERATORS:  # \ln n: upright, with the space TeX puts after it
                follows = i < len(nodes) and (
                    (isinstance(nodes[i], str) and nodes[i][:1].isalnum()) or isinstance(nodes[i], _Cmd)
                )
                return [String(" " + MATH_OPERATORS[name] + (" " if follows else ""))], i
            if name in MATH_RELATIONS:
                return [String(f" {MATH_RELATIONS[name]} ")], i
            if name in MATH_SYMBOLS:
                return [String(MATH_SYMBOLS[name])], i
        if name in SYMBOLS:
            return [String(SYMBOLS[name])], _skip_empty_group(nodes, i)
        if name in AAS_JOURNALS:  # \apj in ADS exports
            return [String(AAS_JOURNALS[name])], _skip_empty_group(nodes, i)
        symbol = _latexcodec_symbol(name)
        if symbol is not None:
            return [String(symbol)], _skip_empty_group(nodes, i)
        if name not in self.unknown:
            self.unknown.append(name)
        if name in LITERAL_COMMANDS:
            return self._literal(name, nodes, i)
        return self._arguments(nodes, i)

    def _arg(self, arg) -> list[BaseText]:
        children = arg.children if isinstance(arg, _Group) else [arg] if arg else []
        return self.render(children)

    def _arguments(self, nodes: list, i: int) -> tuple[list[BaseText], int]:
        """An unknown macro (``\\rpackage{SPOT}``) prints its arguments, never its name."""
        out: list[BaseText] = []
        while i < len(nodes) and isinstance(nodes[i], _Group):
            inner = self.render(nodes[i].children)
            out.append(Text(*inner) if self.math else Protected(*inner))
            i += 1
        return out, i

    def _literal(self, name: str, nodes: list, i: int) -> tuple[list[BaseText], int]:
        """A primitive that could run code or read files (``\\input{x}``, ``\\def``) stays visible
        as inert text: the reader sees what was typed."""
        out: list[BaseText] = [String("\\" + name)]
        while i < len(nodes) and isinstance(nodes[i], _Cmd):  # \def\x, \let\a\b: the names defined
            out.append(String("\\" + nodes[i].name))
            i += 1
        if i < len(nodes) and isinstance(nodes[i], str) and nodes[i].isdigit():  # \write18{...}
            out.append(String(nodes[i]))
            i += 1
        while i < len(nodes) and isinstance(nodes[i], _Group):
            out.append(Protected(String("{"), *self.render(nodes[i].children), String("}")))
            i += 1
        return out, i


_NUMERIC_ARG_COMMANDS = frozenset("penalty spacefactor kern mkern hskip vskip mskip raise lower char".split())
_NUMBER = re.compile(
    r"\s*=?\s*([-+]?(?:\d+\.?\d*|\.\d+|'[0-7]+|\"[0-9A-F]+))\s*(?:pt|em|ex|mm|cm|in|bp|sp|mu|pc|dd)?\s?"
)


def _number_arg(nodes: list, i: int) -> tuple[str, int]:
    """The number (with its unit) after a TeX primitive, taken out of the text that follows."""
    if i < len(nodes) and isinstance(nodes[i], str):
        match = _NUMBER.match(nodes[i])
        if match:
            nodes[i] = nodes[i][match.end() :]
            number = match.group(1)
            if number.startswith("'"):
                number = str(int(number[1:], 8))
            elif number.startswith('"'):
                number = str(int(number[1:], 16))
            return number, i if nodes[i] else i + 1
    return "", i


def _skip_space(nodes: list) -> list:
    if nodes and isinstance(nodes[0], str):
        return [nodes[0].lstrip(), *nodes[1:]]
    return nodes


def _skip_empty_group(nodes: list, i: int) -> int:
    """``\\texttimes{}``: the empty group only ends the command name."""
    if i < len(nodes) and isinstance(nodes[i], _Group) and not nodes[i].children:
        return i + 1
    return i


def _take_arg(nodes: list, i: int):
    """The argument after a command: the next group, or the next character."""
    while i < len(nodes) and isinstance(nodes[i], str) and not nodes[i].strip():
        i += 1
    if i >= len(nodes):
        return None, i
    node = nodes[i]
    if isinstance(node, str):
        stripped = node.lstrip()
        head, rest = stripped[:1], stripped[1:]
        nodes[i] = rest  # the rest of the run is still to be rendered
        return head, i if rest else i + 1
    return node, i + 1


_URL_ESCAPE = re.compile(r"\\([%#&_~$])")


def _verbatim(arg) -> str:
    """The argument of ``\\url``: raw text, with ``\\%``-style escapes undone."""
    raw = arg.source if isinstance(arg, _Group) else _plain(arg or "")
    return _URL_ESCAPE.sub(r"\1", raw).strip()


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
        text = _Decoded(*renderer.render(_parse(latex).children))
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
_KNOWN_WORDS = (
    frozenset(ACCENTS)
    | frozenset(SYMBOLS)
    | frozenset(ARG_COMMANDS)
    | frozenset(SWITCHES)
    | frozenset(DROPPED_ARG_COMMANDS)
    | frozenset(MATH_SYMBOLS)
    | frozenset(MATH_OPERATORS)
    | frozenset(MATH_RELATIONS)
    | frozenset(AAS_JOURNALS)
    | _NUMERIC_ARG_COMMANDS
    | frozenset(
        "url path href frac mkbibquote enquote textquote mkbibquotes foreignlanguage hyphenrules "
        "otherlanguage".split()
    )
)


def decode_plain(latex: str) -> str:
    """Plain Unicode text of a field value (for sorting, keys and search)."""
    if not _MARKUP.search(latex):
        return _ligatures(latex)
    return str(decode(latex))
