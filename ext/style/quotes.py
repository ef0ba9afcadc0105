"""Quoted titles as Chicago sets them: single quotes inside double, the period inside both."""

from __future__ import annotations

from pybtex.richtext import BaseText, String, Text

END_PUNCT = (".", "?", "!")


_CLOSING_QUOTES = ("\u2019", "\u201d")


def inner_quotes(title: Text) -> Text:
    """Quotes inside a quoted title become single quotes, as Chicago nests them."""
    if "\u201c" not in str(title) and "\u201d" not in str(title):
        return title
    return _swap_quotes(title)


def _swap_quotes(node: BaseText) -> BaseText:
    if isinstance(node, String):
        return String(node.value.replace("\u201c", "\u2018").replace("\u201d", "\u2019"))
    parts = getattr(node, "parts", None)
    if parts is None:
        return node
    return node._create_similar([_swap_quotes(part) for part in parts])


def quoted(title: Text, punct: str) -> Text:
    """“Title.”, with the period (or comma) inside every closing quote: “… ‘No Free Lunch.’”"""
    if title.endswith(END_PUNCT):
        return Text("\u201c", title, "\u201d")
    closing = ""
    while title.endswith(_CLOSING_QUOTES) and len(closing) < len(str(title)):
        closing = str(title)[-1] + closing
        title = title[:-1]
    if title.endswith(END_PUNCT):
        return Text("\u201c", title, closing, "\u201d")
    return Text("\u201c", title, punct, closing, "\u201d")
