"""Zotero's rich-text markup reaches the bib as LaTeX and the page with its formatting (parser, converter, renderer)."""

from __future__ import annotations

import pytest

from ext import style
from ext.reader.bibfile import parse_bib
from ext.style.backends import HtmlBackend
from ext.style.markdown import to_markdown
from sync.local.bibwrite import render_entry
from sync.mapping.convert import convert_item
from sync.mapping.richtext import parse, plain
from sync.mapping.texify import protect_title, rich

AUTHOR = [{"creatorType": "author", "firstName": "Ann", "lastName": "Hannam"}]


def mirrored(data: dict) -> tuple[str, str, str]:
    """The entry the pull writes for an item, and its HTML and Markdown renderings."""
    converted = convert_item({"key": "AAAAAAAA", "data": {"creators": AUTHOR, "date": "1998", **data}})
    text = render_entry(converted.entry_type, "k", converted.fields)
    style.register()
    [entry] = style.SparsityStyle().format_entries(parse_bib(text).data.entries.values())
    return text, entry.text.render(HtmlBackend()), to_markdown(entry.text)


def test_nested_markup_in_title_and_journal() -> None:
    """Italic nocase species names stay italic and as typed; markup in the journal is formatted too."""
    bib, html, markdown = mirrored(
        {
            "itemType": "journalArticle",
            "title": 'Genomes of <i><span class="nocase">Homo sapiens</span></i> and <i>E. coli</i> in the wild',
            "publicationTitle": "<i>Nature</i> Reviews <b>Genetics</b>",
        }
    )
    assert "  title = {Genomes of \\emph{{Homo sapiens}} and \\emph{{E.} coli} in the wild},\n" in bib
    assert "  journal = {\\emph{Nature} Reviews \\textbf{Genetics}},\n" in bib
    assert html == (
        "Hannam, Ann. 1998. “Genomes of <em>Homo sapiens</em> and <em>E. Coli</em> in the Wild.” "
        "<em><em>Nature</em> Reviews <strong>Genetics</strong></em>."
    )
    assert markdown == (
        "Hannam, Ann. 1998. “Genomes of _Homo sapiens_ and _E. Coli_ in the Wild.” _Nature Reviews **Genetics**_."
    )


def test_small_caps_sub_and_superscripts_in_title_and_booktitle() -> None:
    """<sc>, small-caps spans, <sub> and <sup> become \\textsc, \\textsubscript, \\textsuperscript and show so."""
    bib, html, markdown = mirrored(
        {
            "itemType": "conferencePaper",
            "title": '<span class="nocase">O<sub>x</sub></span> reduction at 10<sup>6</sup> K with <sc>Nasa</sc> '
            'and <span style="font-variant:small-caps;">esa</span> data',
            "proceedingsTitle": "Proc. of <sc>Acm</sc> H<sub>2</sub>O workshop",
        }
    )
    assert (
        "  title = {{O\\textsubscript{x}} reduction at 10\\textsuperscript{6} {K} with \\textsc{{Nasa}} "
        "and \\textsc{esa} data},\n"
    ) in bib
    assert "  booktitle = {Proc. of \\textsc{Acm} H\\textsubscript{2}O workshop},\n" in bib
    assert html == (
        "Hannam, Ann. 1998. “O<sub>x</sub> Reduction at 10<sup>6</sup> K with "
        '<span class="smallcaps">Nasa</span> and <span class="smallcaps">Esa</span> Data.” '
        'In <em>Proc. Of <span class="smallcaps">Acm</span> H<sub>2</sub>O Workshop</em>.'
    )
    assert markdown == (
        "Hannam, Ann. 1998. “O<sub>x</sub> Reduction at 10<sup>6</sup> K with Nasa and Esa Data.” "
        "In _Proc. Of Acm H<sub>2</sub>O Workshop_."
    )


def test_unknown_tags_and_stray_brackets_stay_text_as_typed() -> None:
    """Tags Zotero does not know, unclosed tags and a stray < are shown as typed, never title-cased."""
    bib, html, _ = mirrored(
        {
            "itemType": "journalArticle",
            "title": "Stray < signs, <em>unknown</em> tags and <i>unclosed italics",
        }
    )
    assert "  title = {Stray < signs, {<em>}unknown{</em>} tags and {<i>}unclosed italics},\n" in bib
    assert "“Stray &lt; Signs, &lt;em&gt;unknown&lt;/em&gt; Tags and &lt;i&gt;unclosed Italics.”" in html


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ('<i><span class="nocase">Homo sapiens</span></i> genomes', "Homo sapiens genomes"),
        ("<i><b>bold italic</b></i>", "bold italic"),
        ("x</i> y", "x</i> y"),
        ("<i><b>x</i>", "<b>x"),
        ("a < b <i>c", "a < b <i>c"),
        ('<span class="other">s</span>', '<span class="other">s</span>'),
        ("<SUP>2</SUP>", "2"),
    ],
)
def test_plain_text_is_what_a_reader_sees(markup: str, text: str) -> None:
    """Markup is removed from the plain text (citation keys); anything not well-formed stays."""
    assert plain(markup) == text


def test_parser_nests_and_recovers() -> None:
    """Nested tags become a tree; a tag closed out of order closes the inner one as text."""
    tree = parse("<i>a <b>b</b> <sup>c</sup></i>")
    [italic] = tree.children
    assert italic.kind == "i" and [getattr(c, "kind", c) for c in italic.children] == ["a ", "b", " ", "sup"]
    assert protect_title("<i><b>x</i> y") == "\\emph{{<b>}x} y"
    assert rich("<i>Journal</i> of <sub>x") == "\\emph{Journal} of {<sub>}x"
    deep = protect_title("<i>" * 5000 + "x" + "</i>" * 5000)  # hostile nesting: bounded, no RecursionError
    assert deep.count("\\emph") == 32 and deep.count("{<i>}") == 5000 - 32
