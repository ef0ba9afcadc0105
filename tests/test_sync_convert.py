"""Zotero items become the BibTeX entries curators expect (pure conversion, plain dicts)."""

from __future__ import annotations

from ext.reader.bibfile import parse_bib
from ext.reader.latex import decode
from sync.local.bibwrite import render_entry, render_file
from sync.mapping.convert import convert_item, is_entry


def item(**data) -> dict:
    return {"key": "ABCD2345", "version": 7, "meta": data.pop("meta", {}), "data": data}


def test_preprint_keeps_arxiv_identity() -> None:
    """A preprint becomes @misc with eprint, archiveprefix and primaryclass; repository arXiv is dropped."""
    converted = convert_item(
        item(
            itemType="preprint",
            title="The lottery ticket hypothesis",
            creators=[
                {"creatorType": "author", "firstName": "Jonathan", "lastName": "Frankle"},
                {"creatorType": "author", "firstName": "Michael", "lastName": "Carbin"},
            ],
            repository="arXiv",
            archiveID="arXiv:1803.03635",
            date="2018-03-09",
            extra="arXiv:1803.03635 [cs.LG]",
            meta={"parsedDate": "2018-03-09"},
        )
    )
    assert converted.entry_type == "misc"
    assert converted.fields == {
        "author": "Frankle, Jonathan and Carbin, Michael",
        "title": "The lottery ticket hypothesis",
        "year": "2018",
        "month": "mar",
        "eprint": "1803.03635",
        "archiveprefix": "arXiv",
        "primaryclass": "cs.LG",
    }


def test_conference_paper_with_editors_and_corporate_author() -> None:
    """conferencePaper → @inproceedings; editors, single-field names, pages, DOI bare, place."""
    converted = convert_item(
        item(
            itemType="conferencePaper",
            title="Sparse nets",
            proceedingsTitle="Proc. of X & Y",
            creators=[
                {"creatorType": "author", "name": "NVIDIA Corporation"},
                {"creatorType": "editor", "firstName": "C.", "lastName": "Cortes"},
            ],
            pages="1135–1143",
            DOI="https://doi.org/10.1/abc",
            place="Red Hook, NY",
            publisher="Curran",
            volume="28",
            date="2015",
            tags=[{"tag": "pruning"}, {"tag": "Growth", "type": 1}],
        )
    )
    assert converted.entry_type == "inproceedings"
    assert converted.fields["author"] == "{NVIDIA Corporation}"
    assert converted.fields["editor"] == "Cortes, C."
    assert converted.fields["booktitle"] == r"Proc. of X \& Y"
    assert converted.fields["pages"] == "1135--1143"
    assert converted.fields["doi"] == "10.1/abc"
    assert converted.fields["keywords"] == "Growth, pruning"


def test_types_and_extra_fields() -> None:
    """Theses, reports and book sections map; tex.* Extra lines set fields; other lines become note."""
    thesis = convert_item(item(itemType="thesis", title="T", thesisType="Master's thesis", university="ETH"))
    assert thesis.entry_type == "mastersthesis" and thesis.fields["school"] == "ETH"
    phd = convert_item(item(itemType="thesis", title="T", thesisType="PhD thesis", university="ETH"))
    assert phd.entry_type == "phdthesis" and "type" not in phd.fields
    report = convert_item(item(itemType="report", title="R", reportNumber="TR-1", institution="MIT"))
    assert report.entry_type == "techreport" and report.fields["number"] == "TR-1"
    section = convert_item(
        item(
            itemType="bookSection",
            title="C",
            bookTitle="Big Book",
            extra="tex.organization: IEEE\nCitation Key: k1\nread later",
        )
    )
    assert section.entry_type == "incollection"
    assert section.fields["booktitle"] == "Big Book"
    assert section.fields["organization"] == "IEEE" and section.fields["note"] == "read later"


def test_unsafe_url_dropped_with_warning() -> None:
    """A javascript: URL never reaches the bib; the drop is reported."""
    converted = convert_item(item(itemType="webpage", title="W", url="javascript:alert(1)"))
    assert "url" not in converted.fields
    assert converted.warnings and "only http, https and ftp" in converted.warnings[0]


def test_only_regular_top_level_items_are_entries() -> None:
    """Notes, attachments, annotations, children and trashed items are not entries."""
    assert is_entry(item(itemType="journalArticle"))
    assert not is_entry(item(itemType="note"))
    assert not is_entry(item(itemType="attachment", parentItem="EFGH6789"))
    assert not is_entry(item(itemType="journalArticle", deleted=1))


def test_entry_text_is_deterministic() -> None:
    """Fields come in a fixed order, months as macros, one per line; the file ends in a newline."""
    text = render_entry(
        "article",
        "k",
        {
            "year": "2020",
            "month": "mar",
            "title": "T",
            "author": "A, B",
            "zoterokey": "ABCD2345",
            "custom": "x",
        },
    )
    assert text == (
        "@article{k,\n  author = {A, B},\n  title = {T},\n  year = {2020},\n  month = mar,\n"
        "  zoterokey = {ABCD2345},\n  custom = {x}\n}"
    )
    assert render_file("header", {"b": "@misc{b}", "A": "@misc{A}"}) == "% header\n\n@misc{A}\n\n@misc{b}\n"


def test_braces_in_doi_and_url_are_percent_encoded() -> None:
    """A brace typed into a DOI or URL becomes %7B/%7D: the same link, and a bib that still parses."""
    converted = convert_item(item(title="T", DOI="10.1000/abc}def", url="https://example.org/a}b{"))
    assert converted.fields["doi"] == "10.1000/abc%7Ddef"
    assert converted.fields["url"] == "https://example.org/a%7Db%7B"
    bib = parse_bib(render_entry(converted.entry_type, "x2020", converted.fields))
    assert not bib.problems and bib.data.entries["x2020"].fields["doi"] == "10.1000/abc%7Ddef"


def test_mixed_language_library_carries_language_and_langid() -> None:
    """Zotero's language is kept as typed, and its babel name written as langid where it is known;
    untagged items get neither (the renderer counts them as English)."""
    languages = {
        "en": "english",
        "en-US": "american",
        "English": "english",
        "en_GB": "british",
        "de": "german",
        "Deutsch": "german",
        "pt-BR": "brazilian",
        "por": "portuguese",
        "fr-CA": "canadien",
        "zh-Hans-CN": "chinese",
        "日本語": "japanese",
        "Klingon": None,
        "": None,
    }
    titles = {
        "en": "Deep compression of networks",
        "pt-BR": "Dos peixes à língua: implicações",
        "de": "Über die Sparsamkeit neuronaler Netze",
        "": "An untagged title",
    }
    for language, langid in languages.items():
        data = {"itemType": "journalArticle", "title": titles.get(language, "T"), "language": language}
        converted = convert_item({"data": data})
        fields = parse_bib(render_entry(converted.entry_type, "k", converted.fields)).data.entries["k"].fields
        assert fields.get("langid") == langid, language
        assert str(decode(fields.get("language", ""))) == language
    pt = convert_item({"data": {"itemType": "book", "title": titles["pt-BR"], "language": "pt-BR"}}).fields
    assert pt["title"] == "Dos peixes à língua: implicações"  # no capitals to protect, nothing changed
    assert (pt["language"], pt["langid"]) == ("pt-BR", "brazilian")


def test_publisher_of_misc_entries_goes_where_biblatex_reads_it() -> None:
    """biblatex ignores publisher on @misc, so a web page's or document's publisher is its organization."""
    for kind, name in (("webpage", "publisher"), ("document", "publisher"), ("preprint", "repository")):
        fields = convert_item({"data": {"itemType": kind, "title": "T", name: "ACME Labs"}}).fields
        assert fields["organization"] == "ACME Labs" and "publisher" not in fields, kind
    book = convert_item({"data": {"itemType": "book", "title": "T", "publisher": "MIT Press"}}).fields
    assert book["publisher"] == "MIT Press"


def test_dates_without_a_year() -> None:
    """ "forthcoming" and "in press" become biblatex's pubstate and "n.d." nothing, without a warning;
    any other date without a year warns and is carried in addendum."""
    for date, pubstate in (("Forthcoming", "forthcoming"), ("in press", "inpress"), ("n.d.", None)):
        converted = convert_item({"data": {"itemType": "book", "title": "T", "date": date}})
        assert converted.fields.get("pubstate") == pubstate and not converted.warnings, date
        assert "year" not in converted.fields and "addendum" not in converted.fields
    odd = convert_item({"data": {"itemType": "book", "title": "T", "date": "spring of the rabbit"}})
    [warning] = odd.warnings
    assert warning.startswith("date 'spring of the rabbit' has no year we can read")
    assert odd.fields["addendum"] == "Date: spring of the rabbit"
