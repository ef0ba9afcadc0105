"""Markdown output escapes what could become markup or HTML, and nothing more."""

from __future__ import annotations

import re

from ext.cli.render import render_list
from ext.reader.bibfile import parse_bib
from ext.style.markdown import escape_markdown, markdown_paragraph, markdown_url


def test_escape_markup_characters() -> None:
    """Brackets, underscores, stars, backticks, ``<`` and entity-like ``&`` are escaped."""
    assert escape_markdown("a_b [c] *d* `e` <script> &amp; Q&A") == (
        r"a\_b \[c\] \*d\* \`e\` \<script> \&amp; Q&A"
    )


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
    # balanced in number but closing first: the link would end early and a javascript: link follow
    assert markdown_url("https://x.com/a)[x](javascript:alert(1)") == (
        "https://x.com/a%29[x]%28javascript:alert%281%29"
    )
    assert markdown_url("https://arxiv.org/abs/1234.5678\\") == "https://arxiv.org/abs/1234.5678%5C"


def test_links_in_fields_never_end_early_or_become_images() -> None:
    """DOIs, URLs, arXiv ids and \\href targets stay inside their link; a "!" before a link stays text."""
    bib = parse_bib(r"""@misc{a, title={Look!\url{https://tracker.example/pixel.png}}, year={2020}}
      @misc{b, title={T}, doi={10.1/a)[x](javascript:alert(3)}, year={2020}}
      @misc{c, title={T}, eprint={javascript:alert(4)"'<b>}, archivePrefix={arXiv}, year={2020}}
      @misc{d, title={\href{https://ok.com/)[y](javascript:alert(8)}{click}}, year={2020}}""")
    out = render_list(bib)
    assert r"Look\![https://tracker.example/pixel.png]" in out
    # link destinations as CommonMark reads them: up to the first ")" outside balanced parentheses
    targets = re.findall(r"(?<!\\)\]\(((?:[^()\s]|\([^()\s]*\))*)\)", out)
    assert targets == [
        "https://ok.com/%29[y]%28javascript:alert%288%29",
        "https://tracker.example/pixel.png",
        "https://doi.org/10.1/a%29[x]%28javascript:alert%283%29",
    ]
    assert "arxiv.org" not in out  # an eprint that is no arXiv id gets no link


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


def test_monospace_is_a_clean_code_span() -> None:
    """\\texttt becomes a code span without visible backslashes and without title casing."""
    out = render_list(parse_bib(r"@misc{a, title={\texttt{a_b*c} for \texttt{x}}, year={2020}}"))
    assert "“`a_b*c` for `x`.”" in out
