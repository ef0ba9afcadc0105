"""One bad item never blocks the mirror: it is mirrored as well as it can be, with one warning; --strict fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ext.reader.bibfile import read_bib
from sync.cli import main

from fakezotero import FakeZotero
from zotero_fixture import GROUP, KEYS, READ_KEY

BAD_PIN = "王2020 深度"


def good_item(n: int) -> dict:
    return {
        "itemType": "journalArticle",
        "title": f"Sparse paper number {n}",
        "creators": [{"creatorType": "author", "firstName": "Ann", "lastName": f"Able{chr(97 + n % 26)}"}],
        "publicationTitle": "Journal",
        "date": f"{1990 + n % 30}",
    }


@pytest.fixture
def group(monkeypatch):
    """A fake group with 100 good items; the test adds the bad ones."""
    with FakeZotero(keys=KEYS) as server:
        lib = server.add_group(GROUP, name="Isolation")
        for n in range(100):
            lib.add_item(good_item(n))
        for name, value in {
            "ZOTERO_API_KEY": READ_KEY,
            "ZOTERO_GROUP_ID": str(GROUP),
            "ZOTERO_API_URL": server.url,
        }.items():
            monkeypatch.setenv(name, value)
        yield server, lib


def pull(bib: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["pull", "--bib", str(bib), "--quiet", *args])


def test_bad_pin_among_100_good_items(group, tmp_path: Path) -> None:
    """A pinned key with CJK and spaces: the pull writes all 101 entries (the bad one under a formula key),
    exits 0 with one warning naming the item, its Zotero link and the fix; --strict exits 1, still writes,
    and keeps failing on later pulls until the pin is fixed in Zotero."""
    _, lib = group
    bad = lib.add_item({**good_item(100), "title": "<i>Deep</i> nets", "citationKey": BAD_PIN})
    bib = tmp_path / "sparsity.bib"
    result = pull(bib)
    assert result.exit_code == 0, result.output + result.stderr
    entries = read_bib(bib).data.entries
    assert len(entries) == 101
    [warning] = result.stderr.splitlines()
    link = f"https://www.zotero.org/groups/{GROUP}/items/{bad}"
    assert warning.startswith(f"warning: item {bad} (ablew2000deep, {link}): pinned citation key {BAD_PIN!r}")
    assert "fix: change the Citation Key in Zotero to letters, digits and - _ : . + / only" in warning
    assert entries["ablew2000deep"].fields["zoterokey"] == bad

    strict_bib = tmp_path / "strict.bib"
    strict = pull(strict_bib, "--strict")
    assert strict.exit_code == 1 and len(read_bib(strict_bib).data.entries) == 101
    assert strict.stderr.count("warning: ") == 1
    assert strict.stderr.splitlines()[-1].startswith(
        "Error: 1 items could not be mirrored as they are (--strict)"
    )
    again = pull(strict_bib, "--strict")  # nothing changed upstream: the unfixed item still fails CI
    assert again.exit_code == 1 and "unchanged since" in again.stdout and f"item {bad}" in again.stderr

    lib.update_item(bad, citationKey="wang2020deep")
    fixed = pull(strict_bib, "--strict")
    assert fixed.exit_code == 0 and not fixed.stderr
    assert "wang2020deep" in read_bib(strict_bib).data.entries


def test_unreadable_date_is_mirrored_with_one_warning(group, tmp_path: Path) -> None:
    """A date with no year keeps the entry (its date carried in addendum) and says how to fix it."""
    _, lib = group
    bad = lib.add_item({**good_item(100), "date": "sometime in spring"})
    bib = tmp_path / "sparsity.bib"
    result = pull(bib)
    assert result.exit_code == 0 and len(read_bib(bib).data.entries) == 101
    [warning] = result.stderr.splitlines()
    assert f"item {bad} (ablewndsparse, https://www.zotero.org/groups/{GROUP}/items/{bad})" in warning
    assert (
        "date 'sometime in spring' has no year we can read" in warning and "fix: write the date as" in warning
    )
    entry = read_bib(bib).data.entries["ablewndsparse"]
    assert entry.fields["addendum"] == "Date: sometime in spring" and "year" not in entry.fields


def test_problems_are_remembered_in_the_state(group, tmp_path: Path) -> None:
    """The state file records an item's open problem, so a pull that fetches nothing still reports it."""
    _, lib = group
    bad = lib.add_item({**good_item(100), "citationKey": "has space"})
    bib = tmp_path / "sparsity.bib"
    assert pull(bib).exit_code == 0
    state = json.loads(bib.with_suffix(".zotero.json").read_text())
    assert "pinned citation key 'has space'" in state["items"][bad]["problem"]
    assert all("problem" not in item for key, item in state["items"].items() if key != bad)
