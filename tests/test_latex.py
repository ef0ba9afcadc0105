"""LaTeX field values decode to the text and markup a reader expects."""

from __future__ import annotations

import pytest

from ext.reader.latex import decode


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"Kone{\v{c}}n{\'y}", "Konečný"),
        (r"{\"O}zt{\"u}rk", "Öztürk"),
        (r"Na\"{\i}ve", "Naïve"),
        (r"\c{c}a va", "ça va"),
        (r"{\L}ukasz \ss{} {\o}", "Łukasz ß ø"),
        (r"46\texttimes{} smaller", "46× smaller"),
        (r"F. d\textquotesingle Alch\'{e}-Buc", "F. d'Alché-Buc"),
        (r"pages 1--10, a---b", "pages 1–10, a—b"),
        (r"``quoted'' and d'Ascoli", "“quoted” and d’Ascoli"),
        (r"50\% \& \$5 \#1 a\_b", "50% & $5 #1 a_b"),
        (
            r"\textbackslash{}input\textbraceleft{}x\textbraceright{} \textasciitilde\textasciicircum",
            "\\input{x} ~^",
        ),
        (r"{\rm ResNet} and {\em wide} nets", "ResNet and wide nets"),
        (r"\unknowncommand{kept text}", "kept text"),
        (
            r"Berlin\slash Heidelberg, O{\rsquo}Brien, Long\hspace{0pt}Words",
            "Berlin/Heidelberg, O’Brien, LongWords",
        ),
        (r"{\noopsort{1973c}}1981 \apj, \mnras, \aap", "1981 ApJ, MNRAS, A&A"),
        (r"\input{/etc/passwd} \def\x{y}", r"\input{/etc/passwd} \def\x{y}"),
        (r"unbalanced {group", "unbalanced group"),
        (r"stray } brace", "stray  brace"),
    ],
)
def test_plain_text(latex: str, text: str) -> None:
    """Accents, symbols, escapes and unknown commands become plain Unicode text."""
    assert str(decode(latex)) == text


def test_a_character_by_number_is_kept_only_if_every_output_can_hold_it() -> None:
    """``\\char233`` is é; a surrogate or a control character by number is dropped (UTF-8 cannot
    encode a lone surrogate: one such title stopped the whole list), the text around it kept."""
    assert str(decode(r"Caf\char233{} au lait")) == "Café au lait"
    for number in ("55296", '"D800', '"DFFF', "127", '"9B', "31"):
        assert str(decode(rf"A \char{number} B")) == "A B"


def test_markup() -> None:
    """``\\emph`` and ``{\\em}`` become italics, math becomes italic variables with subscripts."""
    assert decode(r"\emph{Deep} and {\em wide}").render_as("html") == "<em>Deep</em> and <em>wide</em>"
    math = '<span class="bibtex-protected">{}</span>'  # math is protected from title casing
    assert decode(r"through $L_0$ regularization").render_as("html") == (
        "through " + math.format("<em>L</em><sub>0</sub>") + " regularization"
    )
    assert decode(r"$O(n^2)$").render_as("html") == math.format("<em>O</em>(<em>n</em><sup>2</sup>)")
    assert str(decode(r"$\ell_1$ and $\alpha$")) == "ℓ1 and α"


def test_braces_protect_case_but_accents_do_not() -> None:
    """``{BERT}`` is protected from title casing; ``{\\"o}`` is just a letter."""
    assert repr(decode("{BERT} x")) == "Text(Protected('BERT'), ' x')"
    assert repr(decode(r"{\"o}x")) == "Text('öx')"


def test_links_only_for_safe_schemes() -> None:
    """``\\url`` and ``\\href`` become links for http(s)/ftp only; others stay text."""
    assert decode(r"see \url{https://x.org/a_b}").render_as("html") == (
        'see <a href="https://x.org/a_b">https://x.org/a_b</a>'
    )
    assert decode(r"\href{javascript:alert(1)}{click}").render_as("html") == "click"
    assert decode(r"\url{javascript:alert(1)}").render_as("html") == "javascript:alert(1)"
