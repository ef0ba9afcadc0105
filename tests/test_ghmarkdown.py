"""Markdown bound for GitHub keeps its look but loses every mention and issue reference."""

from __future__ import annotations

import html
import re

import pytest

from ext.ghmarkdown import quiet

ACTIVE = re.compile(r"@[A-Za-z0-9]|#\d|\bGH-\d", re.IGNORECASE)


@pytest.mark.parametrize(
    "text",
    ["@octocat", "@org/team", "#1", "GH-2", "gh-2", "owner/repo#3", "x (@a) [#4]", "\\#5", "a@b.org"],
)
def test_every_reference_form_is_neutralised(text: str) -> None:
    """Each form GitHub links or notifies is broken by an invisible character, shown otherwise unchanged."""
    shown = html.unescape(quiet(text))
    assert not ACTIVE.search(shown)
    assert shown.replace("\u200b", "") == html.unescape(text)


def test_code_link_targets_tags_and_entities_are_kept() -> None:
    """Code spans (keys), link targets, HTML tags and entities stay byte for byte; running twice changes nothing."""
    text = "`@misc` ``a`#1`` [x](https://x.org/p#12) <em>t</em> &#64; and @me"
    assert quiet(text) == "`@misc` ``a`#1`` [x](https://x.org/p#12) <em>t</em> &#64; and @&#8203;me"
    assert quiet(quiet(text)) == quiet(text)
