"""Light rich text: an entry as a flat sequence of runs, rendered to every output in one walk.

pybtex's rich text builds and merges a tree of objects at every ``+``; an entry
made of a few dozen pieces costs hundreds of them. Here a text is a tuple of
runs ``(frames, text)``, where *frames* are the markup around the text from
the outside in: ``("tag", "em")``, ``("href", url)``, ``("prot",)`` (braced
text) or ``("math", source)``. Joining two texts is joining two tuples.

Rendering groups neighbouring runs that share a frame into one node, which is
exactly what pybtex's constructors do when they merge similar neighbours
(``<em>a</em><em>b</em>`` is ``<em>ab</em>``, two strings are one), and then
calls the same backend methods (``format_str``, ``format_tag``,
``format_href``, ``format_protected``, ``format_math``) on the same pieces, so
every output is byte for byte the one pybtex renders from the same text.
Field values are read through :func:`ext.reader.latex.decode` once and kept
as runs (:func:`field_runs`, cached per value).
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter
from typing import Any

from pybtex.richtext import BaseMultipartText, BaseText, HRef, Protected, String, Tag, Text

from ext.reader.latex import decode, decode_plain
from ext.reader.latex_math import Math
from ext.style.titlecase import title_case, title_case_plain

Frame = tuple[str, ...]
Run = tuple[tuple[Frame, ...], str]
Runs = tuple[Run, ...]
Piece = Runs | str | None

EM: Frame = ("tag", "em")
_TEXT = itemgetter(1)
_MARKUP = re.compile(r"[\\{}$]")  # as ext.reader.latex: without these a value is plain text


def _frame(node: BaseText) -> Frame:
    if isinstance(node, Tag):
        return ("tag", node.name)
    if isinstance(node, HRef):
        return ("href", node.url)
    if isinstance(node, Math):
        return ("math", node.source)
    if isinstance(node, Protected):
        return ("prot",)
    raise TypeError(f"no runs for {node!r}")


def from_rich(node: BaseText, frames: tuple[Frame, ...] = ()) -> Runs:
    """The runs of a pybtex rich text (a decoded field value)."""
    if isinstance(node, String):
        return ((frames, node.value),) if node.value else ()
    if not isinstance(node, BaseMultipartText):
        raise TypeError(f"no runs for {node!r}")
    inner = frames if isinstance(node, Text) else (*frames, _frame(node))
    return tuple(run for part in node.parts for run in from_rich(part, inner))


@lru_cache(maxsize=32768)
def field_runs(latex: str) -> Runs:
    """One field value as runs; cached, since venues and names repeat (a bounded cache: a title is
    read once or twice, one after the other, and twenty thousand of them need not stay)."""
    if not _MARKUP.search(latex):
        text = decode_plain(latex)
        return (((), text),) if text else ()
    return from_rich(decode(latex))


@lru_cache(maxsize=4096)
def cased_runs(latex: str) -> Runs:
    """One field value in headline case (:func:`ext.style.titlecase.title_case`), as runs."""
    if not _MARKUP.search(latex):
        text = decode_plain(latex)
        return (((), title_case_plain(text)),) if text else ()
    return from_rich(title_case(decode(latex)))


def cat(*pieces: Piece) -> Runs:
    """The pieces one after the other (plain strings are unmarked text; ``None`` and ``""`` add nothing)."""
    out: list[Run] = []
    for piece in pieces:
        if piece:
            if isinstance(piece, str):
                out.append(((), piece))
            else:
                out += piece
    return tuple(out)


def join(sep: str, parts: list[Piece]) -> Runs:
    """*parts* with *sep* between them (an empty part keeps its separators, as in pybtex)."""
    pieces: list[Piece] = []
    for part in parts:
        if pieces:
            pieces.append(sep)
        pieces.append(part)
    return cat(*pieces)


def wrap(frame: Frame, runs: Runs) -> Runs:
    """*runs* inside one more frame (``Tag("em", runs)``)."""
    return tuple(((frame, *frames), text) for frames, text in runs)


def link(url: str) -> Runs:
    """The link *url*, showing itself."""
    return (((("href", url),), url),) if url else ()


def plain(runs: Runs) -> str:
    """The text without its markup (``str()`` of the rich text)."""
    return "".join(map(_TEXT, runs))


def endswith(runs: Runs, suffixes: tuple[str, ...]) -> bool:
    """Whether the last character is one of *suffixes* (each one character long)."""
    return bool(runs) and runs[-1][1].endswith(suffixes)


def drop_last(runs: Runs) -> Runs:
    """*runs* without its last character (``text[:-1]``)."""
    frames, text = runs[-1]
    return runs[:-1] + (((frames, text[:-1]),) if len(text) > 1 else ())


def swap_quotes(runs: Runs) -> Runs:
    """Double quotes made single everywhere, markup kept."""
    return tuple(
        (frames, text.replace("\u201c", "\u2018").replace("\u201d", "\u2019")) for frames, text in runs
    )


def render(runs: Runs, backend: Any) -> str:
    """*runs* as *backend* writes them, as pybtex would render the same rich text."""
    return _emit(_nodes(runs, 0), backend)


def render_all(runs: Runs, backends: tuple[Any, ...]) -> list[str]:
    """*runs* as each of *backends* writes them: the nodes are worked out once for all."""
    nodes = _nodes(runs, 0)
    return [_emit(nodes, backend) for backend in backends]


Node = str | tuple[Frame, list]


def to_rich(runs: Runs) -> Text:
    """*runs* as pybtex rich text, for pybtex's own styles API (sphinxcontrib-bibtex): the same
    nodes :func:`render` writes, so every backend prints what :func:`render` prints."""
    return Text(*_rich_parts(_nodes(runs, 0)))


def _rich_parts(nodes: list[Node]) -> list[BaseText | str]:
    parts: list[BaseText | str] = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
            continue
        frame, children = node
        inner = _rich_parts(children)
        kind = frame[0]
        if kind == "tag":
            parts.append(Tag(frame[1], *inner))
        elif kind == "href":
            parts.append(HRef(frame[1], *inner))
        elif kind == "math":
            parts.append(Math(frame[1], *inner))
        else:
            parts.append(Protected(*inner))
    return parts


def _nodes(runs: Runs, depth: int) -> list[Node]:
    """The nodes pybtex would hold: neighbouring strings are one string, neighbours in one frame one node."""
    nodes: list[Node] = []
    i, count = 0, len(runs)
    while i < count:
        frames, text = runs[i]
        j = i + 1
        if len(frames) == depth:
            while j < count and len(runs[j][0]) == depth:
                j += 1
            nodes.append(text if j == i + 1 else plain(runs[i:j]))
        else:
            frame = frames[depth]
            while j < count and len(runs[j][0]) > depth and runs[j][0][depth] == frame:
                j += 1
            nodes.append((frame, _nodes(runs[i:j], depth + 1)))
        i = j
    return nodes


def _emit(nodes: list[Node], backend: Any) -> str:
    format_str = backend.format_str
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(format_str(node))
        else:
            out.append(_node(node[0], _emit(node[1], backend), backend))
    return "".join(out)


def _node(frame: Frame, inner: str, backend: Any) -> str:
    kind = frame[0]
    if kind == "tag":
        return backend.format_tag(frame[1], inner)
    if kind == "href":
        return backend.format_href(frame[1], inner, False)
    protected = backend.format_protected(inner)
    format_math = getattr(backend, "format_math", None) if kind == "math" else None
    return format_math(frame[1], protected) if format_math else protected
