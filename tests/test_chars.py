"""Control characters and bidi overrides never reach an output; right-to-left text itself does."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ext.cli import main
from ext.reader.bibfile import read_bib
from sync.mapping.convert import convert_item

HOSTILE = "Esc\x1b[31mred\x08 back\x7f del\x85 nel \u202eevil\u202c and \u2066iso\u2069 \u05e9\u05dc\u05d5\u05dd \u200f"


def test_the_reader_removes_and_reports_unsafe_characters(tmp_path: Path) -> None:
    """A bib with control characters and overrides: removed from the entry, one warning per line."""
    path = tmp_path / "x.bib"
    path.write_text(f"@misc{{a,\n  title = {{{HOSTILE}}},\n  year = {{2024}}\n}}\n", encoding="utf-8")
    bib = read_bib(path)
    title = bib.data.entries["a"].fields["title"]
    assert title == "Esc[31mred back del nel evil and iso \u05e9\u05dc\u05d5\u05dd \u200f"
    assert [(p.kind, p.line) for p in bib.problems] == [("control_char", 2)]
    assert "\x1b" not in bib.sources["a"]


def test_text_output_has_no_escape_sequences(tmp_path: Path) -> None:
    """``render --format text`` never prints a terminal escape sequence."""
    path = tmp_path / "x.bib"
    path.write_text(f"@misc{{a, title = {{{HOSTILE}}}, year = {{2024}}}}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["render", "--format", "text", str(path)])
    assert result.exit_code == 0 and "\x1b" not in result.output and "\u202e" not in result.output
    assert "\u05e9\u05dc\u05d5\u05dd" in result.output


def test_the_sync_writes_no_unsafe_character_and_says_so() -> None:
    """An item typed with control characters becomes a clean entry and one warning naming them."""
    item = {
        "key": "ABCD2345",
        "version": 1,
        "data": {
            "itemType": "journalArticle",
            "title": HOSTILE,
            "publicationTitle": "J\x01ournal",
            "creators": [{"creatorType": "author", "firstName": "A\u202e", "lastName": "B\x1b"}],
        },
    }
    converted = convert_item(item)
    text = "".join(converted.fields.values())
    assert not any(ch in text for ch in "\x1b\x08\x7f\x85\x01\u202e\u202c\u2066\u2069")
    assert "\u05e9\u05dc\u05d5\u05dd" in converted.fields["title"]
    assert any("U+001B" in warning and "U+202E" in warning for warning in converted.warnings)


def test_a_lone_surrogate_from_the_zotero_api_is_removed_and_named() -> None:
    """Half of a UTF-16 pair (JSON ``"\\ud800"``, which no UTF-8 file can hold) is removed from the
    entry with a warning naming it; a whole pair (an emoji) stays."""
    import json

    data = json.loads('{"itemType": "journalArticle", "title": "A\\ud800 B \\ud83d\\ude00", "date": "2020"}')
    converted = convert_item({"key": "ABCD2345", "version": 1, "data": data})
    assert converted.fields["title"].encode("utf-8") and "\ud800" not in converted.fields["title"]
    assert "\U0001f600" in converted.fields["title"]
    assert any("U+D800" in warning for warning in converted.warnings)


def test_noncharacters_are_removed_so_xml_outputs_stay_readable() -> None:
    """U+FFFF and U+FFFE (which no XML file may hold, the Atom feed included) never survive a read."""
    from ext.reader.bibfile import parse_bib

    bib = parse_bib("@misc{a, title = {Bad\uffff \ufffe\ufdd0end}, year = {2024}}\n")
    assert bib.data.entries["a"].fields["title"] == "Bad end"


def test_a_link_label_cannot_claim_another_address() -> None:
    """``\\href{evil}{https://doi.org/...}`` shows the real target; an ordinary label stays."""
    from ext.reader.latex import decode
    from ext.style.backends import HtmlBackend

    html = decode(r"\href{https://evil.example/x}{https://doi.org/10.1145/1}").render(HtmlBackend())
    assert ">https://evil.example/x</a>" in html and "10.1145" not in html
    assert ">the project page</a>" in decode(r"\href{https://example.org}{the project page}").render(
        HtmlBackend()
    )


def test_arxiv_links_stay_on_arxiv_ids() -> None:
    """An eprint such as ``../../login`` gives no arXiv link (it would open another arxiv.org page)."""
    from ext.reader.bibfile import parse_bib
    from ext.reader.fields import Fields, arxiv_id

    bib = parse_bib(
        "@misc{a, eprint = {../../login}, archiveprefix = {arXiv}}\n"
        "@misc{b, eprint = {hep-th/9901001}, archiveprefix = {arXiv}}\n"
    )
    assert arxiv_id(Fields(bib.data.entries["a"])) is None
    assert arxiv_id(Fields(bib.data.entries["b"])) == "hep-th/9901001"


def test_a_date_added_must_be_a_real_past_day() -> None:
    """``dateadded = {9999-99-99}`` or a future day is no date (the feed and "Recently added" ignore it)."""
    from ext.reader.bibfile import parse_bib
    from ext.reader.fields import Fields
    from ext.site.facets import facets_of

    bib = parse_bib(
        "@misc{a, dateadded = {9999-99-99}}\n@misc{b, dateadded = {2999-01-01}}\n"
        "@misc{c, dateadded = {2021-03-04T10:00:00Z}}\n"
    )
    assert [facets_of(Fields(entry)).added for entry in bib.entries] == ["", "", "2021-03-04"]


def test_topics_merge_case_the_way_the_page_script_does() -> None:
    """Topics merge by Unicode lowercase, as JavaScript's toLowerCase does ("Straße" and "STRASSE" stay two)."""
    from ext.reader.bibfile import parse_bib
    from ext.reader.fields import Fields
    from ext.site.facets import facets_of, shared_topics

    bib = parse_bib(
        "@misc{a, keywords = {Straße}}\n@misc{b, keywords = {STRASSE}}\n@misc{c, keywords = {STRASSE}}\n"
        "@misc{d, keywords = {Pruning}}\n@misc{e, keywords = {pruning}}\n"
    )
    topics = dict(shared_topics([facets_of(Fields(entry)) for entry in bib.entries]))
    assert topics == {"STRASSE": 2, "Pruning": 2}
