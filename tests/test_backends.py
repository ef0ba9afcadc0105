"""Pre-rendered HTML and LaTeX: every text and link escaped for where it goes."""

from __future__ import annotations

from pybtex.richtext import HRef, String, Tag, Text

from ext.site.latexbackend import LatexBackend
from ext.style.backends import HtmlBackend


def test_html_escapes_text_and_attributes() -> None:
    """Markup in text stays text; a quote cannot leave the href attribute."""
    rich = Text(String('<b onclick="x">'), HRef('https://a.org/?q="><script>', String("link")))
    assert rich.render(HtmlBackend()) == (
        '&lt;b onclick="x"&gt;<a class="reference external" href="https://a.org/?q=&quot;&gt;&lt;script&gt;">'
        "link</a>"
    )


def test_latex_escapes_specials_and_encodes_link_brackets() -> None:
    """TeX specials print literally; brackets in a link target are percent-encoded, not {[}."""
    backend = LatexBackend()
    assert Text(String("100% & #1 \\input{x}")).render(backend) == (
        r"100\% \& \#1 \textbackslash{}input\{x\}"
    )
    assert HRef("https://a.org/x[1]_y", String("x")).render(backend) == (
        r"\sphinxhref{https://a.org/x\%5B1\%5D\_y}{x}"
    )  # hyperref reads \% in a target as %
    assert Tag("em", String("T")).render(backend) == r"\emph{T}"


def test_backend_registration_never_replaces_another_answer() -> None:
    """The runtime registration of pybtex's backends (a lookup speed-up) keeps every lookup's
    answer: pybtex's own classes, or a class another extension registered first."""
    from pybtex.backends.plaintext import Backend as PlainTextBackend
    from pybtex.plugin import find_plugin, register_plugin

    from ext.site import citations

    class Theirs(PlainTextBackend):
        pass

    citations.register_builtin_backends()
    assert find_plugin("pybtex.backends", "plaintext") is PlainTextBackend
    register_plugin("pybtex.backends", "plaintext", Theirs, force=True)
    try:
        citations.register_builtin_backends()
        assert find_plugin("pybtex.backends", "plaintext") is Theirs
    finally:
        register_plugin("pybtex.backends", "plaintext", PlainTextBackend, force=True)
