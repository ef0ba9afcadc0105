"""English title case as CSL processors apply it to titles and venues.

Rules (CSL 1.0 title case, as the published list shows them):

* a word written in lower case gets a capital first letter;
* a stop word ("a", "of", "via", ...) is written in lower case, unless it is
  the first word or follows a colon, question mark or exclamation mark;
* a word that holds any other capital (``QSGD``, ``DropNet``, ``ImageNet``) is
  left exactly as written, so acronyms are never lower-cased;
* each part of a hyphenated word is a word ("Ineffectual-Neuron-Free",
  "via over-Parameterization", "An in-Depth");
* protected (braced) text and math are never touched, and a word that starts
  inside braces (``{D}rop{N}et``) is left as written.
"""

from __future__ import annotations

import re

from pybtex.richtext import BaseMultipartText, BaseText, Protected, String, Text

STOP_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up "
    "via with yet".split()
)

_TOKENS = re.compile(r"[\s\-/\u2013\u2014]+|[^\s\-/\u2013\u2014]+")
_OPENERS = "\u201c\u2018\"'(["
_CLOSERS = ".,;:?!\u2019\u201d\"')]"
_SUBTITLE = re.compile(r"[:?!][\u2019\u201d\"')\]]*$")


class _State:
    """Where the walk is: at a word start, and at the start of a (sub)title."""

    def __init__(self) -> None:
        self.first = True
        self.at_word_start = True


def _case_word(word: str, first: bool) -> str:
    body = word.lstrip(_OPENERS)
    lead = word[: len(word) - len(body)]
    core = body.rstrip(_CLOSERS)
    if not core or not core[0].isalpha() or "." in core or "://" in body:
        return word
    lower = core.lower()
    if lower in STOP_WORDS and not first:
        return lead + lower + body[len(core):] if core[1:] == lower[1:] else word
    if core != lower:
        return word  # already holds a capital: an acronym or a name, keep it
    return lead + body[0].upper() + body[1:]


def _case_string(text: str, state: _State) -> str:
    out = []
    for token in _TOKENS.findall(text):
        if token[0].isspace() or token[0] in "-/\u2013\u2014":
            out.append(token)
            state.at_word_start = True
            continue
        out.append(_case_word(token, state.first) if state.at_word_start else token)
        state.at_word_start = False
        state.first = bool(_SUBTITLE.search(token))
    return "".join(out)


def _walk(node: BaseText, state: _State) -> BaseText:
    if isinstance(node, Protected):
        text = str(node)
        if text:
            state.first = bool(_SUBTITLE.search(text))
            state.at_word_start = text[-1].isspace()
        return node
    if isinstance(node, String):
        return String(_case_string(node.value, state))
    if isinstance(node, BaseMultipartText):
        return node._create_similar([_walk(part, state) for part in node.parts])
    return node


def title_case(text: Text) -> Text:
    """*text* in title case; capitals already present always survive."""
    return _walk(text, _State())  # type: ignore[return-value]
