"""What the HTML build publishes besides the pages (bib, RIS, CSL-JSON, Atom feed, PDF) and the pure
pieces behind the page: venue short names, search text, exports, COinS, and the sync's date added."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from ext.reader.bibfile import read_bib
from ext.reader.fields import Fields
from ext.site.exports import coins, csl_json, ris
from ext.site.facets import facets_of, words
from ext.site.feed import FeedEntry, atom_feed
from ext.site.searchindex import build_index, entry_words, fold, stem
from ext.site.venues import venue_aliases
from sync.mapping.convert import convert_item

from conftest import REPO, SEED_BIB, build_alone

FEED_ROOT = REPO / "tests" / "roots" / "test-feed"


def feedparser():
    import feedparser

    return feedparser


@pytest.mark.sphinx("html", testroot="feed", freshenv=True)
def test_feed_lists_dated_additions_newest_first(app, warning) -> None:
    """The Atom feed is valid for feedparser and holds the entries with a date added, newest first, absolute links."""
    app.build()
    assert warning.getvalue() == ""
    feed = feedparser().parse((Path(app.outdir) / "feed.atom").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [entry.link for entry in feed.entries] == [
        "https://example.org/papers/index.html#ref-2020-new",
        "https://example.org/papers/index.html#ref-2019-frankle",
    ]
    assert feed.entries[0].title == 'A <Newer> Paper & Its "Quotes"'
    assert feed.entries[0].published == "2022-11-30T00:00:00Z" and feed.feed.updated == "2022-11-30T00:00:00Z"
    assert "New, Nora. 2020." in feed.entries[0].summary
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="New papers" href="feed.atom">' in html
    assert '<option value="added">Recently added</option>' in html


@pytest.mark.sphinx("html", testroot="feed", freshenv=True)
def test_full_list_files_are_published(app) -> None:
    """The bib is published as it is, with the whole list as RIS and CSL-JSON; no PDF without papers_pdf."""
    app.build()
    out = Path(app.outdir)
    assert (out / "feed.bib").read_bytes() == (FEED_ROOT / "feed.bib").read_bytes()
    assert (out / "feed.ris").read_text(encoding="utf-8").count("ER  - ") == 3
    published = (out / "feed.json").read_bytes()
    assert [item["id"] for item in json.loads(published)] == ["2019-frankle", "byhand", "2020-new"]
    entries = {entry.key: entry for entry in read_bib(FEED_ROOT / "feed.bib").entries}
    items = [csl_json(Fields(entries[key])) for key in ("2019-frankle", "byhand", "2020-new")]
    assert published == json.dumps(items, ensure_ascii=False, indent=1).encode() + b"\n"
    html = (out / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'class="pf-file" href="([^"]+)"', html) == [
        "feed.bib",
        "feed.ris",
        "feed.json",
        "feed.atom",
    ]


def test_the_page_data_is_made_without_collections(tmp_path: Path) -> None:
    """The list page's data (the search index: many small objects, none kept) is made with the cycle
    collector paused: a collection then would walk the whole heap, library included, for nothing."""
    found = build_alone(
        "feed",
        tmp_path,
        before="""
            from ext.site import publish

            inside, found["collected"] = [], []
            original = publish.build_index

            def watched(*args, **kwargs):
                inside.append(True)
                try:
                    return original(*args, **kwargs)
                finally:
                    inside.pop()

            def collection(phase, info):
                if phase == "start" and inside:
                    found["collected"].append(info["generation"])

            publish.build_index = watched
            gc.callbacks.append(collection)
            gc.set_threshold(1, 1, 1)  # a collection at (almost) every allocation, unless paused
        """,
        after='found["data"] = (out / "html" / "_static" / "papers-data.js").is_file()',
    )
    assert found["data"]
    assert found["collected"] == []


def test_pdf_is_linked_only_when_papers_pdf_names_a_file(make_app, tmp_path: Path) -> None:
    """papers_pdf naming a built PDF publishes and links it; naming a missing file is one warning and no link."""
    source = tmp_path / "src"
    shutil.copytree(FEED_ROOT, source)
    (source / "out.pdf").write_bytes(b"%PDF-1.5\n%%EOF\n")
    app = make_app("html", srcdir=source, builddir=tmp_path / "ok", confoverrides={"papers_pdf": "out.pdf"})
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert '<a class="pf-file" href="out.pdf">PDF</a>' in html
    assert (Path(app.outdir) / "out.pdf").read_bytes() == b"%PDF-1.5\n%%EOF\n"
    app = make_app(
        "html", srcdir=source, builddir=tmp_path / "missing", confoverrides={"papers_pdf": "gone.pdf"}
    )
    app.build()
    warnings = [line for line in app.warning.getvalue().splitlines() if "gone.pdf" in line]
    assert len(warnings) == 1 and "papers.missing_pdf" in warnings[0] and "make pdf" in warnings[0]
    assert 'href="gone.pdf"' not in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


def test_feed_escapes_everything() -> None:
    """Titles, summaries and links with markup stay text in the feed."""
    entry = FeedEntry("2024-01-02", "k<1>", "</title><script>x</script>", 'a & "b"', 'p.html#"><x')
    feed = feedparser().parse(atom_feed([entry], title="T & <U>", page="p.html", feed="f.atom"))
    assert not feed.bozo and feed.feed.title == "T & <U>"
    assert feed.entries[0].title == "</title><script>x</script>" and feed.entries[0].summary == 'a & "b"'


def test_venue_short_names() -> None:
    """Readers' short names are found for the venues the bib spells out in full, and not for others."""
    assert venue_aliases(words("Advances in Neural Information Processing Systems 33")) == ["NeurIPS", "NIPS"]
    assert venue_aliases(words("Proceedings of the 36th International Conference on Machine Learning")) == [
        "ICML"
    ]
    assert venue_aliases(words("Neurocomputing")) == []


def test_search_words_are_folded_stemmed_and_weighted() -> None:
    """Search words fold case, accents and ø ł æ ß đ, lose English plurals, join hyphenated words, keep
    identifiers whole, and weigh title and names above venue above the rest."""
    assert fold("Lepsøy Łukasz Æsir Straße Đorđe Schölkopf") == "lepsoy lukasz aesir strasse dorde scholkopf"
    assert [stem(w) for w in ("tickets", "lotteries", "matches", "loss", "corpus", "analysis", "hans")] == [
        "ticket", "lottery", "match", "loss", "corpus", "analysis", "hans",
    ]  # fmt: skip
    top, mid, low = entry_words(
        "Pre-Trained Lottery Tickets",
        ["Jonathan Frankle"],
        ["NeurIPS"],
        ["2019"],
        ["2019-Frankle", "1803.03635"],
    )
    assert top.split() == ["frankle", "jonathan", "lottery", "pre", "pretrained", "ticket", "trained"]
    assert (mid, low.split()) == ("neurip", ["1803.03635", "2019", "2019-frankle"])
    index = build_index([(top, mid, low), ("frankle", "", "")])
    postings = dict(zip(index["w"], index["p"], strict=True))
    assert postings["frankle"] == "3,7" and postings["2019"] == "1"  # (index step) * 4 + weight, base 36
    assert words("Frankle, Jonathan & Carbin") == "frankle jonathan carbin"


SEED = read_bib(SEED_BIB)


def seed(key: str) -> Fields:
    return Fields(next(entry for entry in SEED.entries if entry.key == key))


def test_exports_of_one_entry() -> None:
    """RIS, CSL-JSON and COinS carry the authors, title, venue, year and links of the entry."""
    fields = seed("2019-frankle")
    record = ris(fields)
    assert (
        record.startswith("TY  - ") and "AU  - Frankle, Jonathan\n" in record and record.endswith("ER  - \n")
    )
    assert "TI  - The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks\n" in record
    item = csl_json(fields)
    assert item["author"][0] == {"family": "Frankle", "given": "Jonathan"} and item["issued"] == {
        "date-parts": [[2019]]
    }
    pairs = parse_qsl(coins(fields))
    assert ("rft.au", "Frankle, Jonathan") in pairs and ("rft.date", "2019") in pairs


def test_coins_is_safe_in_an_attribute() -> None:
    """Whatever a field holds, the COinS value has no quote, angle bracket or character reference."""
    for entry in read_bib(REPO / "tests" / "roots" / "test-xss" / "xss.bib").entries:
        value = coins(Fields(entry))
        assert not re.search(r"[\"'<>]|&(amp|lt|gt|quot|#)", value), value


def test_date_added_comes_from_zotero() -> None:
    """The sync writes Zotero's dateAdded as the day; the page reads it; entries without it have none."""
    item = {"itemType": "journalArticle", "title": "T", "date": "2020", "dateAdded": "2021-03-04T10:20:30Z"}
    assert convert_item(item).fields["dateadded"] == "2021-03-04"
    assert "dateadded" not in convert_item({"itemType": "journalArticle", "title": "T"}).fields
    assert facets_of(seed("2019-frankle")).added == ""


def test_published_files_are_rewritten_only_when_the_list_changes(make_app, tmp_path: Path) -> None:
    """A rebuild with nothing changed leaves the published files alone; an edited bib rewrites them."""
    src = tmp_path / "src"
    shutil.copytree(FEED_ROOT, src)
    out = tmp_path / "out"
    make_app("html", srcdir=src, builddir=out).build()
    ris = next(out.rglob("feed.ris"))
    ris.write_text("stale", encoding="utf-8")  # a rebuild that published would overwrite this
    make_app("html", srcdir=src, builddir=out).build()
    assert ris.read_text(encoding="utf-8") == "stale"
    bib = src / "feed.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Newer", "Newest"), encoding="utf-8")
    make_app("html", srcdir=src, builddir=out).build()
    assert "Newest" in ris.read_text(encoding="utf-8")
    ris.unlink()  # a missing file is published again, even with nothing changed
    make_app("html", srcdir=src, builddir=out).build()
    assert ris.read_text(encoding="utf-8").count("ER  - ") == 3


def test_json_list_is_the_json_of_the_whole_list() -> None:
    """The CSL-JSON file, encoded item by item, has the bytes of encoding the list at once."""
    import json as std_json

    from ext.site.publish import json_list

    items = [csl_json(Fields(entry)) for entry in read_bib(SEED_BIB).entries]
    items += [
        {"title": 'Line\nbreak, emoji 😀, quote " and \\\\', "nested": {"a": [1, {"b": []}], "c": {}}},
        [],
        {},
    ]
    for sample in (items, items[:1], []):
        assert b"".join(json_list(sample)) == std_json.dumps(sample, ensure_ascii=False, indent=1).encode()


def test_a_record_s_json_text_fields_are_written_as_the_json_of_their_values() -> None:
    """A record holding a field as JSON text (bytes) is written with the bytes of the record holding
    the value itself; a JSON-text field before an ordinary one is refused, not silently reordered."""
    import json as std_json

    from ext.site.records import json_object, json_text

    for entry in read_bib(SEED_BIB).entries:
        item = csl_json(Fields(entry))
        whole = {"k": entry.key, "x": 'Line\nbreak 😀 "q"', "csl": item}
        expected = std_json.dumps(whole, ensure_ascii=False, separators=(",", ":")).encode()
        assert json_object({**whole, "csl": json_text(item)}) == expected
        assert json_object({"csl": json_text(item)}) == expected.replace(
            expected[: expected.index(b'"csl"')], b"{"
        )
    with pytest.raises(ValueError, match="must come after"):
        json_object({"csl": b"{}", "k": "a"})


def test_feed_titles_are_the_printed_titles_of_every_type() -> None:
    """The feed names an entry by its title as the list prints it (cased, no quotes or italics), also
    for a book, whose citation has no quoted title to find, and a title holding quotes of its own."""
    from ext.reader.bibfile import parse_bib
    from ext.site.catalog import build_catalog

    bib = parse_bib(
        "@book{b, author = {Doe, Jane}, title = {sparse networks in practice}, publisher = {P}, year = 2020,\n"
        "  dateadded = {2024-01-02}}\n"
        "@article{a, author = {Roe, Ray}, title = {On “lottery” tickets}, journal = {J}, year = 2021,\n"
        "  dateadded = {2024-01-03}}\n"
        "@misc{u, title = {undated addition by hand}}\n"
    )
    titles = {rendered.key: rendered.title for rendered in build_catalog(bib).entries}
    assert titles == {
        "b": "Sparse Networks in Practice",
        "a": "On “Lottery” Tickets",
        "u": "",
    }  # no date: no feed


_NOTE_PIDS = """
    import os
    from ext.site import publish

    publish.PREPARE_THERE_FROM = {there}
    for name in ("_stage_files", "_stage_data_scripts"):
        def noted(*args, _original=getattr(publish, name), _name=name):
            with open(out.parent / "pids", "a") as pids:
                pids.write(f"{{_name}} {{os.getpid()}}\\n")
            return _original(*args)
        setattr(publish, name, noted)
    found["me"] = os.getpid()
"""
_PUBLISHED = """
    import hashlib
    found["files"] = {
        str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((out / "html").rglob("*"))
        if path.is_file() and path.name != ".buildinfo"
    }
    found["pids"] = (out.parent / "pids").read_text().split()
"""


def test_what_the_other_cores_prepare_is_what_this_process_publishes(tmp_path: Path) -> None:
    """The data scripts and published files prepared by forked children while the pages are built are
    byte for byte those this process makes alone, and no staged file is left behind."""
    (tmp_path / "alone").mkdir()
    (tmp_path / "both").mkdir()
    alone = build_alone("feed", tmp_path / "alone", _NOTE_PIDS.format(there=10**9), _PUBLISHED)
    both = build_alone("feed", tmp_path / "both", _NOTE_PIDS.format(there=1), _PUBLISHED)
    assert both["files"] == alone["files"]
    assert {"feed.ris", "feed.json", "feed.atom", "feed.bib"} <= {Path(name).name for name in both["files"]}
    assert {"_static/papers-data.js", "_static/papers-more.js"} <= {
        name.removeprefix("html/") for name in both["files"]
    }
    assert not [name for name in both["files"] if name.endswith(".tmp")]
    assert alone["pids"] == ["_stage_data_scripts", str(alone["me"]), "_stage_files", str(alone["me"])]
    there = dict(zip(both["pids"][::2], both["pids"][1::2], strict=True))
    assert set(there) == {"_stage_data_scripts", "_stage_files"} and str(both["me"]) not in there.values()


def test_a_failed_build_publishes_nothing_and_leaves_no_staged_file(tmp_path: Path) -> None:
    """When the build fails after the children prepared what it publishes, the files already published
    stay as they were, and what was staged is removed."""
    found = build_alone(
        "feed",
        tmp_path,
        _NOTE_PIDS.format(there=1)
        + """
    (out / "html" / "_static").mkdir(parents=True)
    for name in ("feed.ris", "feed.atom", "_static/papers-data.js"):
        (out / "html" / name).write_text("as published before")

    def fail(*args):
        raise RuntimeError("a build that fails once the pages are read")

    app.connect("env-updated", fail)
    original_build = app.build

    def build(*args, **kwargs):
        try:
            original_build(*args, **kwargs)
        except Exception as error:
            found["failed"] = str(error)

    app.build = build
""",
        """
    found["kept"] = [(out / "html" / name).read_text() for name in ("feed.ris", "feed.atom", "_static/papers-data.js")]
    found["left"] = sorted(str(path) for path in out.rglob("*.tmp"))
    found["pids"] = (out.parent / "pids").read_text().split()
""",
    )
    assert "a build that fails" in found["failed"]
    assert found["kept"] == ["as published before"] * 3
    assert found["left"] == []
    assert str(found["me"]) not in found["pids"][1::2]  # prepared there, then dropped here
