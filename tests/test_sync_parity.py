"""Zotero parity: items shaped like the cases of Zotero's own translators mirror into the fields
Zotero's export writes (creator roles, rich text, Extra's identifiers, dates, patents, reference
entries), render as pinned in HTML, Markdown, text and the PDF, and round-trip through ``push``.

tests/data/parity-items.json holds one small self-made item per behaviour; the pull of them is pinned
in tests/golden/parity.bib and its renderings in parity.{html,md,txt,pdf.txt}. ``UPDATE_GOLDEN=1``
rewrites them when a change of output is intended (review the diff).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_pdf import body_text, build_pdf, need_tex

from ext import style
from ext.reader.bibfile import read_bib
from ext.style.backends import HtmlBackend, TextBackend
from ext.style.markdown import MarkdownBackend, markdown_paragraph
from sync.cli import main

from conftest import GOLDEN, REPO
from fakezotero import FakeZotero
from zotero_fixture import GROUP, KEYS, READ_KEY, WRITE_KEY

ITEMS = REPO / "tests" / "data" / "parity-items.json"
BIB = GOLDEN / "parity.bib"
_ALPHABET = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"


def pinned(name: str, actual: str) -> str:
    if os.environ.get("UPDATE_GOLDEN") == "1":
        (GOLDEN / name).write_text(actual, encoding="utf-8")
    return (GOLDEN / name).read_text(encoding="utf-8")


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--quiet"])


@pytest.fixture
def server(monkeypatch):
    """A fake Zotero server with one group; the environment points the sync at it."""
    with FakeZotero(keys=KEYS) as fake:
        monkeypatch.setenv("ZOTERO_GROUP_ID", str(GROUP))
        monkeypatch.setenv("ZOTERO_API_URL", fake.url)
        yield fake


def test_pull_of_the_parity_items_is_pinned(server, monkeypatch, tmp_path: Path) -> None:
    """Each behaviour's item becomes the pinned entry: every name in a field, markup as LaTeX,
    identifiers in their fields, dates as Zotero reads them, @patent and @inreference."""
    lib = server.add_group(GROUP, name="Parity")
    for n, data in enumerate(json.loads(ITEMS.read_text(encoding="utf-8"))):
        lib.add_item(data, key=f"PARITY{_ALPHABET[n]}Q")
    monkeypatch.setenv("ZOTERO_API_KEY", READ_KEY)
    out = tmp_path / "parity.bib"
    result = run("pull", "--bib", str(out), "--strict")
    assert result.exit_code == 0, result.output
    actual = out.read_text(encoding="utf-8")
    assert actual == pinned("parity.bib", actual)


def _rendered(fmt: str, path: Path = BIB) -> str:
    style.register()
    backend = {"html": HtmlBackend(), "md": MarkdownBackend(), "txt": TextBackend()}[fmt]
    entries = style.SparsityStyle().format_entries(read_bib(path).entries)
    paragraphs = [entry.text.render(backend) for entry in entries]
    if fmt == "md":
        paragraphs = [markdown_paragraph(paragraph) for paragraph in paragraphs]
    return "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_parity_entries_render_as_pinned(fmt: str) -> None:
    """The mirrored entries render as pinned ("eds.", "2001–2003", "Forthcoming", "U.S. patent", "In …",
    the PubMed link of an entry with only a PMID)."""
    actual = _rendered(fmt)
    assert actual == pinned(f"parity.{fmt}", actual)
    assert not re.search(r"</?(?:span|sub|sup|i|b|sc)\b", _rendered("txt")), "markup shown as text"


@pytest.mark.tex
def test_parity_entries_in_the_pdf_are_pinned(tmp_path: Path) -> None:
    """The PDF typesets the same entries (small caps, subscripts, ranges, pubstates) as pinned."""
    need_tex()
    text, _ = build_pdf(REPO / "tests" / "roots" / "test-parity", tmp_path)
    actual = body_text(text).split("\nParity\n")[-1].strip() + "\n"  # the list, not the dated title page
    assert actual == pinned("parity.pdf.txt", actual)


def test_push_round_trips_each_parity_entry(server, monkeypatch, tmp_path: Path) -> None:
    """Pushed into an empty group and pulled back, each entry has the same fields and renders the same."""
    server.add_group(GROUP, name="Empty")
    monkeypatch.setenv("ZOTERO_API_KEY", WRITE_KEY)
    seed = tmp_path / "seed.bib"
    seed.write_text(re.sub(r"\n  (?:zoterokey|dateadded) = \{[^}]*\},?", "", BIB.read_text(encoding="utf-8")))
    pushed = run("push", "--bib", str(seed))
    assert pushed.exit_code == 0, pushed.output
    out = tmp_path / "pulled.bib"
    pulled = run("pull", "--bib", str(out), "--strict")
    assert pulled.exit_code == 0, pulled.output
    before, after = read_bib(seed).data.entries, read_bib(out).data.entries
    assert sorted(before) == sorted(after)
    for key, entry in before.items():
        again = after[key]
        fields = {k: v for k, v in again.fields.items() if k not in ("zoterokey", "dateadded")}
        assert (again.type, fields, again.persons) == (entry.type, dict(entry.fields), entry.persons), key
    for fmt in ("html", "md"):
        assert _rendered(fmt, out) == _rendered(fmt, seed)


def test_dates_without_parsed_date_are_read_as_zotero_reads_them() -> None:
    """Without ``meta.parsedDate`` the free-text date gives its month (02/2017, 13.02.2017, Feb. 3, 2017)
    and a range of years is kept whole."""
    from sync.mapping.convert import convert_item

    for date, year, month in (
        ("02/2017", "2017", "feb"),
        ("2/3/2017", "2017", "feb"),
        ("13.02.2017", "2017", "feb"),
        ("Feb. 3, 2017", "2017", "feb"),
        ("2017-02-03", "2017", "feb"),
        ("Spring 2017", "2017", None),
        ("2001-2003", "2001--2003", None),
        ("1999/2000", "1999--2000", None),
        ("2001–03", "2001--2003", None),
    ):
        fields = convert_item({"data": {"itemType": "book", "title": "T", "date": date}}).fields
        assert (fields.get("year"), fields.get("month")) == (year, month), date


def test_year_and_month_is_no_range() -> None:
    """ "2006-10" and "2006/10" are October 2006 (as Zotero reads them), not the years 2006–2010."""
    from sync.mapping.convert import convert_item

    for date in ("2006-10", "2006/10"):
        fields = convert_item({"data": {"itemType": "book", "title": "T", "date": date}}).fields
        assert (fields.get("year"), fields.get("month")) == ("2006", "oct"), date


def test_pull_says_how_many_children_it_left_out(zotero, sync_env, tmp_path: Path) -> None:
    """By default child notes and attachments are left out, and the pull says how many and how to
    include them."""
    result = run("pull", "--bib", str(tmp_path / "x.bib"))
    assert result.exit_code == 0, result.output
    assert "left out: 6 child notes and attachments of the items pulled" in result.output
    assert "--notes writes the notes as annote" in result.output
    assert "annote" not in (tmp_path / "x.bib").read_text(encoding="utf-8")


def test_notes_option_writes_annote_and_reader_link_never_file_paths(server, monkeypatch, tmp_path) -> None:
    """``--notes`` writes child notes as annote (rich text like titles) and an attachment's web link as
    url; a stored file's name or path never reaches the bib."""
    lib = server.add_group(GROUP, name="Notes")
    parent = lib.add_item({"itemType": "journalArticle", "title": "Annotated", "date": "2020"})
    lib.add_item(
        {
            "itemType": "note",
            "note": "<p><strong>Key</strong> idea &amp; <em>H</em><sub>2</sub></p>",
            "parentItem": parent,
        }
    )
    lib.add_item({"itemType": "note", "note": "<p>Second</p>", "parentItem": parent})
    stored = {
        "itemType": "attachment",
        "linkMode": "imported_file",
        "title": "Secret copy",
        "filename": "secret-copy.pdf",
    }
    lib.add_item({**stored, "contentType": "application/pdf", "parentItem": parent})
    link = {"itemType": "attachment", "linkMode": "linked_url", "title": "Open access PDF"}
    lib.add_item(
        {
            **link,
            "url": "https://example.org/open.pdf",
            "contentType": "application/pdf",
            "parentItem": parent,
        }
    )
    monkeypatch.setenv("ZOTERO_API_KEY", READ_KEY)
    bib = tmp_path / "notes.bib"
    result = run("pull", "--bib", str(bib), "--notes")
    assert result.exit_code == 0, result.output
    assert "left out" not in result.output
    entry = read_bib(bib).data.entries["anon2020annotated"]
    assert entry.fields["annote"] == r"\textbf{Key} idea \& \emph{H}\textsubscript{2}; Second"
    assert entry.fields["url"] == "https://example.org/open.pdf"
    assert "secret" not in bib.read_text(encoding="utf-8").lower()


def test_year_range_is_filed_and_exported_as_a_range() -> None:
    """A range of years files under its first year on the page and is CSL's pair of dates in CSL-JSON."""
    from ext.reader.fields import Fields
    from ext.site.exports import csl_json
    from ext.site.facets import facets_of

    entry = read_bib(BIB).data.entries["parity-year-range"]
    assert facets_of(Fields(entry)).year == 2001
    assert csl_json(Fields(entry))["issued"] == {"date-parts": [[2001], [2003]]}
