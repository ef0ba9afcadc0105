"""English title case as CSL processors apply it to titles and venues.

Rules (CSL 1.0 title case, as the published list shows them):

* a word written in lower case gets a capital first letter;
* a stop word ("a", "of", "via", ...) is written in lower case, unless it is
  the first word, follows a colon, question mark or exclamation mark, or is
  the last word ("Physical Review A");
* a word that holds any other capital (``QSGD``, ``DropNet``, ``ImageNet``) is
  left exactly as written, so acronyms are never lower-cased;
* each part of a hyphenated word is a word ("Ineffectual-Neuron-Free"), and
  the first part is always capitalised, even a stop word (CMOS 8.161: "via
  Over-Parameterization", "An In-Depth"), while a later part that is a stop
  word stays in lower case ("Run-of-the-Mill");
* protected (braced) text, math and monospace (``\\texttt``) are never
  touched, and a word that starts inside braces (``{D}rop{N}et``) is left as
  written.
"""

from __future__ import annotations

import re

from pybtex.richtext import BaseMultipartText, BaseText, Protected, String, Tag, Text

STOP_WORDS = frozenset(
    "a about an and as at but by down for from in into nor of on onto or over so the till to up "
    "via with yet".split()
)
#: Words ending in a period that do not end a sentence ("vs. the", "et al. on").
_ABBREVIATIONS = frozenset("vs v al etc e.g i.e cf no vol pp ed eds dr mr mrs ms st jr sr fig eq".split())

_TOKENS = re.compile(r"[\s\-/\u2013\u2014]+|[^\s\-/\u2013\u2014]+")
_OPENERS = "\u201c\u2018\"'(["
_CLOSERS = ".,;:?!\u2019\u201d\"')]"
_SUBTITLE = re.compile(r"[:?!][\u2019\u201d\"')\]]*$")
_SUBTITLE_TAIL = frozenset(":?!\u2019\u201d\"')]")  #: a subtitle mark ends in one of these


class _State:
    """Where the walk is: at a word start, at the start of a (sub)title, and how far into the text."""

    def __init__(self, full: str) -> None:
        self.first = True
        self.at_word_start = True
        self.offset = 0  #: where the current part starts in *full*
        self.last_word_end = _last_word_end(full)
        self.next_protected = False  #: the part after the current one is braced text
        self.after_hyphen = False  #: the word is a later part of a hyphenated compound


def _last_word_end(full: str) -> int:
    """Where the last word ends: a stop word there keeps its case.

    The tokens cover the whole text, so the search runs back from its end (the last token is
    nearly always the word)."""
    end = len(full)
    for token in reversed(_TOKENS.findall(full)):
        if any(ch.isalnum() for ch in token):
            return end
        end -= len(token)
    return -1


def _case_word(word: str, first: bool, last: bool = False) -> str:
    body = word.lstrip(_OPENERS)
    lead = word[: len(word) - len(body)]
    core = body.rstrip(_CLOSERS)
    if not core or not core[0].isalpha() or "." in core or "://" in body:
        return word
    lower = core.lower()
    if lower in STOP_WORDS and (last or body[len(core) : len(core) + 1] in (":", "?", "!")):
        last = True  # the last word of a title or of the title before its subtitle ("Physica A:")
    if lower in STOP_WORDS and last:
        return lead + body[0].upper() + body[1:] if core == lower and len(core) == 1 else word
    if lower in STOP_WORDS and not first:
        return lead + lower + body[len(core) :] if core[1:] == lower[1:] else word
    if core != lower:
        return word  # already holds a capital: an acronym or a name, keep it
    if not body[0].isascii() and len(body[0].upper()) > 1:  # "ß" has no capital letter of its own
        return word
    return lead + body[0].upper() + body[1:]


_SENTENCE_END = frozenset(".\u2019\u201d\"')]")


def _ends_sentence(token: str) -> bool:
    """ "alchemy." ends a sentence (the next word starts one); "vs." and "e.g." do not."""
    core = token.rstrip("\u2019\u201d\"')]")
    if not core.endswith("."):
        return False
    word = core[:-1].lstrip(_OPENERS).lower()
    return len(word) > 1 and word not in _ABBREVIATIONS and word.isalpha()


def _case_string(text: str, state: _State) -> str:
    out = []
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token[0].isspace() or token[0] in "-/\u2013\u2014":
            out.append(token)
            state.at_word_start = True
            state.after_hyphen = token == "-"
            continue
        end = match.end()
        last = state.offset + end == state.last_word_end
        glued = end == len(text) and state.next_protected  # f{MRI}: the word goes on in braces
        compound_start = text[end : end + 1] == "-" and not state.after_hyphen
        first = state.first or compound_start  # CMOS 8.161: a compound's first part is always capitalised
        out.append(_case_word(token, first, last) if state.at_word_start and not glued else token)
        state.after_hyphen = False
        state.at_word_start = False
        tail = token[-1]
        state.first = (tail in _SUBTITLE_TAIL and bool(_SUBTITLE.search(token))) or (
            tail in _SENTENCE_END and _ends_sentence(token)
        )
    return "".join(out)


def _walk(node: BaseText, state: _State) -> BaseText:
    if isinstance(node, Protected) or (isinstance(node, Tag) and node.name == "tt"):  # braced text, code
        text = str(node)
        if text:
            state.first = bool(_SUBTITLE.search(text))
            state.at_word_start = text[-1].isspace()
        state.offset += len(text)
        return node
    if isinstance(node, String):
        cased = String(_case_string(node.value, state))
        state.offset += len(node.value)
        return cased
    if isinstance(node, BaseMultipartText):
        parts = []
        for index, part in enumerate(node.parts):
            following = node.parts[index + 1] if index + 1 < len(node.parts) else None
            state.next_protected = isinstance(following, Protected) and str(following)[:1].isalnum()
            parts.append(_walk(part, state))
        return node._create_similar(parts)
    state.offset += len(str(node))
    return node


def title_case(text: Text) -> Text:
    """*text* in title case; capitals already present always survive."""
    return _walk(text, _State(str(text)))


def title_case_plain(text: str) -> str:
    """A title without markup in title case: :func:`title_case` of the plain text, without rich text."""
    return _case_string(text, _State(text))
