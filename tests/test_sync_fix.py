"""``python -m sync fix`` against the fake Zotero server, over HTTP through pyzotero."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ext.reader.bibfile import read_bib
from sync.cli import main
from sync.mapping.fixes import legacy_month_date, plan_fixes

from fakezotero import FakeZotero
from zotero_fixture import GROUP, KEYS, READ_KEY, WRITE_KEY

WRITES = ("POST", "PUT", "PATCH", "DELETE")


def _article(title: str, **fields) -> dict:
    return {
        "itemType": "journalArticle",
        "title": title,
        "creators": [{"creatorType": "author", "firstName": "Ada", "lastName": "Lovelace"}],
        "publicationTitle": "Journal of Tests",
        "date": "2020",
        **fields,
    }


@pytest.fixture
def slips(monkeypatch):
    """A group with a DOI-as-URL item, a prefixed DOI, a legacy month, tag case variants and a clean item."""
    with FakeZotero(keys=KEYS) as server:
        lib = server.add_group(GROUP, name="Sparsity")
        keys = {
            "doi_url": lib.add_item(_article("DOI in the URL", url="https://doi.org/10.1000/ABC.1")),
            "prefixed": lib.add_item(_article("Prefixed DOI", DOI="https://doi.org/10.1000/xyz.2")),
            "month": lib.add_item(_article("Legacy month", date="Nov. 2019", tags=[{"tag": "pruning"}])),
            "tags_a": lib.add_item(_article("Tag one", tags=[{"tag": "Pruning"}])),
            "tags_b": lib.add_item(_article("Tag two", tags=[{"tag": "Pruning"}])),
            "clean": lib.add_item(_article("Clean", DOI="10.1000/clean", url="https://example.org/clean")),
        }
        monkeypatch.setenv("ZOTERO_GROUP_ID", str(GROUP))
        monkeypatch.setenv("ZOTERO_API_URL", server.url)
        yield server, lib, keys


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--quiet"])


def test_dry_run_changes_nothing(slips, monkeypatch, tmp_path):
    """A dry run lists the fixes, sends no write request and leaves every item version as it was."""
    server, lib, keys = slips
    monkeypatch.setenv("ZOTERO_API_KEY", WRITE_KEY)
    before = {key: (item.version, dict(item.data)) for key, item in lib.items.items()}
    result = run("fix", "--bib", str(tmp_path / "x.bib"))
    assert result.exit_code == 0, result.output
    assert "Would fix 3 items" in result.output
    assert keys["doi_url"] in result.output and keys["clean"] not in result.output
    assert [r for r in server.requests if r.method in WRITES] == []
    assert {key: (item.version, dict(item.data)) for key, item in lib.items.items()} == before


def test_apply_fixes_the_library_and_the_next_pull_shows_it(slips, monkeypatch, tmp_path):
    """--apply moves the DOI out of the url, strips the prefix, normalises month and tag case; a pull then writes the fixed fields."""
    server, lib, keys = slips
    monkeypatch.setenv("ZOTERO_API_KEY", WRITE_KEY)
    before_versions = {key: item.version for key, item in lib.items.items()}
    result = run("fix", "--apply", "--bib", str(tmp_path / "x.bib"))
    assert result.exit_code == 0, result.output
    assert "Fixed 3 items" in result.output
    writes = [r for r in server.requests if r.method in WRITES]
    assert len(writes) == 1 and writes[0].method == "POST"  # one batch, each object with its version
    sent = json.loads(writes[0].body)
    assert sorted(obj["key"] for obj in sent) == sorted([keys["doi_url"], keys["prefixed"], keys["month"]])
    assert all(obj["version"] == before_versions[obj["key"]] for obj in sent)
    assert all(set(obj) - {"key", "version"} <= {"DOI", "url", "date", "tags"} for obj in sent)  # partial
    data = {name: lib.items[key].data for name, key in keys.items()}
    assert (data["doi_url"]["DOI"], data["doi_url"].get("url", "")) == ("10.1000/ABC.1", "")
    assert data["prefixed"]["DOI"] == "10.1000/xyz.2"
    assert data["month"]["date"] == "2019-11"
    assert [t["tag"] for t in data["month"]["tags"]] == ["Pruning"]
    assert data["clean"]["url"] == "https://example.org/clean"

    monkeypatch.setenv("ZOTERO_API_KEY", READ_KEY)
    bib_path = tmp_path / "x.bib"
    pulled = run("pull", "--bib", str(bib_path))
    assert pulled.exit_code == 0, pulled.output
    entries = {entry.fields["zoterokey"]: entry.fields for entry in read_bib(bib_path).entries}
    assert entries[keys["doi_url"]]["doi"] == "10.1000/ABC.1" and "url" not in entries[keys["doi_url"]]
    assert entries[keys["prefixed"]]["doi"] == "10.1000/xyz.2"
    assert entries[keys["month"]]["month"] == "November"  # the nov macro, as pybtex expands it
    assert entries[keys["month"]]["keywords"] == "Pruning"

    again = run("fix", "--bib", str(bib_path))
    assert "Would fix 0 items" in again.output


def test_an_item_edited_meanwhile_is_not_overwritten(slips, monkeypatch, tmp_path):
    """When an item changes between the read and the write, its update fails with 412 and the edit survives."""
    server, lib, keys = slips
    monkeypatch.setenv("ZOTERO_API_KEY", WRITE_KEY)
    server.inject(
        before=lambda record: lib.update_item(keys["prefixed"], title="Edited meanwhile"),
        method="POST",
        path_contains="/items",
    )
    result = run("fix", "--apply", "--bib", str(tmp_path / "x.bib"))
    assert result.exit_code == 1
    assert f"{keys['prefixed']}: changed in Zotero since it was read" in result.output
    assert lib.items[keys["prefixed"]].data["title"] == "Edited meanwhile"
    assert lib.items[keys["prefixed"]].data["DOI"] == "https://doi.org/10.1000/xyz.2"
    assert lib.items[keys["doi_url"]].data["DOI"] == "10.1000/ABC.1"  # the others were written


def test_a_read_only_key_gets_one_error_line(slips, monkeypatch, tmp_path):
    """--apply with a key that cannot write fails with one Error line that names the fix."""
    monkeypatch.setenv("ZOTERO_API_KEY", READ_KEY)
    result = run("fix", "--apply", "--bib", str(tmp_path / "x.bib"))
    assert result.exit_code == 1
    assert result.output.count("Error:") == 1 and "key that can write to" in result.output


@pytest.mark.parametrize(
    ("date", "iso"),
    [
        ("Nov. 2019", "2019-11"),
        ("sep 2019", "2019-09"),
        ("Sept. 12, 2019", "2019-09-12"),
        ("jun 2019", "2019-06"),
    ],
)
def test_legacy_months_become_iso(date, iso):
    """Abbreviated or lower-case months are rewritten as ISO dates."""
    assert legacy_month_date(date) == iso


@pytest.mark.parametrize("date", ["June 2019", "2019-06-01", "2019", "20--22 Jun 2019", "Summer 2019"])
def test_dates_needing_judgement_stay(date):
    """Full month names, ISO dates, years and day ranges are left alone."""
    assert legacy_month_date(date) is None


def test_tag_ties_and_other_urls_are_not_touched():
    """A 1:1 tag case tie needs a decision, and a URL that is not a doi.org link is a landing page: no fix."""
    items = [
        {"key": "AAAAAAAA", "version": 1, "itemType": "journalArticle", "tags": [{"tag": "Sparse"}]},
        {"key": "BBBBBBBB", "version": 1, "itemType": "journalArticle", "tags": [{"tag": "sparse"}]},
        {
            "key": "CCCCCCCC",
            "version": 1,
            "itemType": "conferencePaper",
            "DOI": "",
            "url": "https://doi.ieeecomputersociety.org/10.1109/CVPR.2016.308",
        },
    ]
    assert plan_fixes(items) == []


def test_types_without_a_doi_field_get_a_doi_line_in_extra():
    """A book section has no DOI field in Zotero, so the DOI moves to Extra, where the pull reads it."""
    item = {
        "key": "DDDDDDDD",
        "version": 3,
        "itemType": "bookSection",
        "extra": "",
        "url": "https://doi.org/10.1000/b",
    }
    (plan,) = plan_fixes([item])
    assert plan.patch() == {"key": "DDDDDDDD", "version": 3, "extra": "DOI: 10.1000/b", "url": ""}


def test_a_dropped_connection_is_retried_with_the_same_write_token(slips, monkeypatch, tmp_path):
    """A write whose connection drops is retried once with the same write token, and the fixes land once."""
    server, lib, keys = slips
    monkeypatch.setenv("ZOTERO_API_KEY", WRITE_KEY)
    server.inject(drop=True, method="POST", path_contains="/items", times=1)
    result = run("fix", "--apply", "--retries", "1", "--bib", str(tmp_path / "x.bib"))
    assert result.exit_code == 0, result.output
    posts = [r for r in server.requests if r.method == "POST"]
    tokens = {r.headers.get("zotero-write-token") for r in posts}
    assert len(posts) == 2 and len(tokens) == 1 and None not in tokens
    assert lib.items[keys["prefixed"]].data["DOI"] == "10.1000/xyz.2"
    assert "Would fix 0 items" in run("fix", "--bib", str(tmp_path / "x.bib")).output


def test_blanks_are_trimmed_in_fields_creators_and_tags():
    """Blanks around field values, creator names and tags are trimmed; inner text is kept as it is."""
    item = {
        "key": "EEEEEEEE",
        "version": 7,
        "itemType": "journalArticle",
        "title": " Sparse  nets ",
        "DOI": "10.1000/ok",
        "creators": [{"creatorType": "author", "firstName": " Ada", "lastName": "Lovelace "}],
        "tags": [{"tag": " pruning "}],
    }
    (plan,) = plan_fixes([item])
    assert plan.patch() == {
        "key": "EEEEEEEE",
        "version": 7,
        "title": "Sparse  nets",
        "creators": [{"creatorType": "author", "firstName": "Ada", "lastName": "Lovelace"}],
        "tags": [{"tag": "pruning"}],
    }


def test_dois_from_links_are_decoded_and_ambiguous_ones_left_alone(monkeypatch, tmp_path):
    """fix --apply writes the DOI a doi.org link names (percent-decoded, no query or fragment) and
    reports, without writing, a link whose DOI cannot be told for certain."""
    links = {
        "https://doi.org/10.1000/q?utm_source=x": "10.1000/q",
        "https://doi.org/10.1000/r#section-2": "10.1000/r",
        "https://doi.org/10.1000%2Fs": "10.1000/s",
        "https://doi.org/10.1000/t%3C1%3E": "10.1000/t<1>",
    }
    with FakeZotero(keys=KEYS) as server:
        lib = server.add_group(GROUP, name="Sparsity")
        keys = {url: lib.add_item(_article(f"Linked {n}", url=url)) for n, url in enumerate(links)}
        ambiguous = lib.add_item(_article("Twice encoded", url="https://doi.org/10.1000%252Fu"))
        monkeypatch.setenv("ZOTERO_GROUP_ID", str(GROUP))
        monkeypatch.setenv("ZOTERO_API_URL", server.url)
        monkeypatch.setenv("ZOTERO_API_KEY", WRITE_KEY)
        result = run("fix", "--bib", str(tmp_path / "x.bib"), "--apply")
        assert result.exit_code == 0, result.output
        for url, doi in links.items():
            assert (lib.items[keys[url]].data.get("DOI"), lib.items[keys[url]].data.get("url")) == (doi, None)
        assert lib.items[ambiguous].data.get("DOI") is None
        assert lib.items[ambiguous].data["url"] == "https://doi.org/10.1000%252Fu"
        assert f"left for a curator: {ambiguous}" in result.output and "encoded twice" in result.output
