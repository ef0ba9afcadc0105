"""Markdown output escapes what could become markup or HTML, and nothing more."""

from __future__ import annotations

import re

from ext.bibfile import parse_bib
from ext.markdown import escape_markdown, markdown_paragraph, markdown_url
from ext.render import render_list


def test_escape_markup_characters() -> None:
    """Brackets, underscores, stars, backticks, ``<`` and entity-like ``&`` are escaped."""
    assert escape_markdown("a_b [c] *d* `e` <script> &amp; Q&A") == (
        r"a\_b \[c\] \*d\* \`e\` \<script> \&amp; Q&A")


def test_paragraph_never_starts_a_block() -> None:
    """An entry starting with ``#``, ``-``, ``>`` or ``1.`` stays a paragraph."""
    assert markdown_paragraph("# x") == r"\# x"
    assert markdown_paragraph("1. x") == r"1\. x"
    assert markdown_paragraph("> x") == r"\> x"


def test_link_targets_cannot_break_out() -> None:
    """Blanks and unbalanced parentheses in URLs are percent-encoded."""
    assert markdown_url("https://a.org/x y") == "https://a.org/x%20y"
    assert markdown_url("https://a.org/x)") == "https://a.org/x%29"
    assert markdown_url("https://doi.org/10.1016/0925-2312(94)90055-8").endswith("(94)90055-8")


def test_hostile_entry_is_inert() -> None:
    """HTML, Markdown links and javascript: URLs typed into fields stay literal text."""
    bib = parse_bib(r"""@misc{x, author={{<img src=x onerror=alert(1)>}},
      title={[click](javascript:alert(1)) \_ \textbackslash{} \# 100\%}, year={2020},
      url={javascript:alert(1)}}""")
    out = render_list(bib)
    assert not re.search(r"(?<!\\)\]\(javascript:", out)  # brackets escaped: no link
    assert not re.search(r"(?<!\\)<img", out)
    assert r"\<img src=x onerror=alert(1)>" in out
    assert r"\[Click\](javascript:alert(1)) \_ \\ # 100%" in out
