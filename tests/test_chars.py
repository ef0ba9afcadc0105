"""Control characters and bidi overrides never reach an output; right-to-left text itself does."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ext.bibfile import read_bib
from ext.cli import main
from sync.convert import convert_item

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
