"""Text typed into Zotero survives BibTeX and comes back exactly (escaping + decoding together)."""

from __future__ import annotations

import pytest
from pybtex.database import parse_string

from ext.reader.latex import decode
from sync.mapping.texify import balanced, escape, protect_title

HOSTILE = [
    r"\input{/etc/passwd}",
    r"}{ unbalanced { braces }} {",
    "100% # & _ $ ^ ~ ` -- ---",
    r"\write18{rm -rf /} \catcode`\@=11 \def\x{y}",
    "emoji 😀🎉, RTL مرحبا بالعالم, Greek Ελληνικά, CJK 中文字符",
    '<script>alert(1)</script> " onmouseover=alert(1) </textarea>',
    "x" * 2000,
    "line\nbreaks\tand   blanks",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_round_trips_through_bibtex(text: str) -> None:
    """An escaped value parses as BibTeX and decodes to the original text (blanks collapsed)."""
    value = escape(text)
    assert balanced(value)
    entry = parse_string(f"@misc{{k, note = {{{value}}}}}", "bibtex").entries["k"]
    assert str(decode(entry.fields["note"])) == " ".join(text.split())


@pytest.mark.parametrize("text", HOSTILE)
def test_title_protection_round_trips(text: str) -> None:
    """Protected titles decode to the same text."""
    assert str(decode(protect_title(text))) == " ".join(text.split())


def test_capitals_are_protected() -> None:
    """Acronyms, inner capitals and capitalised words keep their case in BibTeX styles."""
    assert protect_title("QSGD: communication-efficient SGD for iPhone and Bayesian nets") == (
        "{QSGD:} communication-efficient {SGD} for {iPhone} and {Bayesian} nets"
    )
    assert protect_title("The lottery ticket") == "The lottery ticket"


def test_rich_text_tags() -> None:
    """Zotero's rich-text title markup becomes LaTeX markup."""
    assert protect_title('In <i>vivo</i> x<sub>2</sub> <span class="nocase">cuDNN</span>') == (
        r"In \emph{vivo} x\textsubscript{2} {cuDNN}"
    )
