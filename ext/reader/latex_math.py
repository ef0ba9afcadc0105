"""Math in field values (``$K_n$``) as rich text: italic variables, sub- and superscripts.

:class:`Math` keeps the LaTeX source next to the rendering, so that a backend
that typesets math itself (the PDF, :mod:`ext.style.backends`) can use the source and
every other backend prints the rendered text. :mod:`ext.reader.latex` parses math and
calls the helpers here on the pieces.
"""

from __future__ import annotations

import re

from pybtex.richtext import BaseMultipartText, BaseText, Protected, String, Tag, Text


class Math(Protected):
    """Math: rendered rich text (protected from re-casing) plus its LaTeX *source*.

    A backend with a ``format_math(source, rendered)`` method (the LaTeX one)
    decides from the source; every other backend prints the rendered text.
    """

    def __init__(self, source: str, *parts) -> None:
        super().__init__(*parts)
        self.source = source
        self.info = (source,)

    def __repr__(self) -> str:
        return f"Math({self.source!r}, {', '.join(repr(part) for part in self.parts)})"

    def render(self, backend) -> str:
        rendered = super().render(backend)
        format_math = getattr(backend, "format_math", None)
        return format_math(self.source, rendered) if format_math else rendered


_MATH_RUN = re.compile(r"[A-Za-z]+|[_^]|\s+|[=<>]|[^A-Za-z_^\s=<>]+")


def math_text(text: str) -> list[BaseText]:
    """Math text: letters are italic variables, relations get spaces (as TeX sets them), blanks
    vanish (TeX ignores them); ``_``/``^`` are marked for :func:`scripts`."""
    out: list[BaseText] = []
    for run in _MATH_RUN.findall(text):
        if run.isalpha():  # one italic run (as TeX shows "xy"); scripts splits off a script's letter
            out.append(Tag("em", run))
        elif run in "=<>":
            out.append(String(f" {run} "))
        elif not run.isspace():
            out.append(String(run))
    return out


def scripts(parts: list[BaseText]) -> list[BaseText]:
    """Attach ``_x`` and ``^x`` in math to the part after them as sub/superscript."""
    out: list[BaseText] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if isinstance(part, String) and str(part) in ("_", "^") and i + 1 < len(parts):
            script = parts[i + 1]
            kind = "sub" if str(part) == "_" else "sup"
            if isinstance(script, String) and len(str(script)) > 1:  # x_10: only "1" is the script
                head, tail = str(script)[0], str(script)[1:]
                out.append(Tag(kind, head))
                out.append(String(tail))
            elif isinstance(script, Tag) and script.name == "em" and len(str(script)) > 1:
                head, tail = str(script)[0], str(script)[1:]
                out.append(Tag(kind, Tag("em", head)))
                out.append(Tag("em", tail))
            else:
                out.append(Tag("sub" if str(part) == "_" else "sup", script))
            i += 2
            continue
        out.append(part)
        i += 1
    return out


_MATH_BLANKS = re.compile(r"(?<=[(\[{/]) | (?=[)\]}/,])")


def tidy_math(parts: list[BaseText]) -> list[BaseText]:
    """Relations spaced once: ``z\\sim 2`` and ``z \\sim 2`` both read "z ∼ 2"."""
    out: list[BaseText] = []
    for part in parts:
        if isinstance(part, String) and out and isinstance(out[-1], String):
            out[-1] = String(str(out[-1]) + str(part))
        else:
            out.append(part)
    out = [
        String(_MATH_BLANKS.sub("", re.sub(r" {2,}", " ", str(p)))) if isinstance(p, String) else p
        for p in out
    ]
    if out and isinstance(out[0], String):
        out[0] = String(str(out[0]).lstrip())
    if out and isinstance(out[-1], String):
        out[-1] = String(str(out[-1]).rstrip())
    return out


def upright_math(part: BaseText) -> BaseText:
    """*part* without the italics of math variables (the argument of ``\\mathrm``)."""
    if isinstance(part, Tag) and part.name == "em":
        return Text(*(upright_math(child) for child in part.parts))
    if isinstance(part, BaseMultipartText):
        return part._create_similar([upright_math(child) for child in part.parts])
    return part
