"""``python -m sync pull`` mirrors the group over real HTTP: incremental, stable keys, nothing lost."""

from __future__ import annotations

import math
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ext.reader.bibfile import read_bib
from ext.reader.latex import decode
from sync.cli import main

from conftest import SEED_BIB
from zotero_fixture import GROUP, READ_KEY, extra_items


def pull(bib: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["pull", "--bib", str(bib), "--quiet", *args])


def state_of(bib: Path) -> Path:
    return bib.with_suffix(".zotero.json")


@pytest.fixture
def pulled(sync_env, tmp_path: Path) -> Path:
    """A bib after one full pull of the fixture library."""
    bib = tmp_path / "sparsity.bib"
    result = pull(bib)
    assert result.exit_code == 0, result.output
    return bib


def test_first_pull_mirrors_regular_top_level_items(zotero, pulled: Path) -> None:
    """Every regular top-level item becomes an entry; notes, attachments and trash do not."""
    bib = read_bib(pulled)
    assert not bib.problems
    assert len(bib.data.entries) == len(read_bib(SEED_BIB).data.entries) + len(extra_items())
    titles = " ".join(entry.fields.get("title", "") for entry in bib.data.entries.values())
    assert "Trashed paper" not in titles and "child note" not in pulled.read_text()
    seed = read_bib(SEED_BIB)
    assert set(seed.data.entries) <= set(bib.data.entries)  # pinned keys came back


def test_full_pull_request_count(zotero, sync_env, tmp_path: Path) -> None:
    """A full pull of N items takes at most ceil(N/100) + 2 requests."""
    zotero.requests.clear()
    assert pull(tmp_path / "x.bib").exit_code == 0
    items = len(read_bib(tmp_path / "x.bib").data.entries)
    assert len(zotero.requests) <= math.ceil(items / 100) + 2


def test_full_pull_asks_for_the_collections_with_the_first_page(zotero, sync_env, tmp_path: Path) -> None:
    """A full pull asks for the collections while the first page of items is unanswered (they need nothing
    of it), so a library of up to 500 items costs two round trips, not three."""
    asked = threading.Event()
    released: list[bool] = []  #: whether the first page was answered because the collections were asked
    zotero.inject(before=lambda _: asked.set(), path_contains="/collections", times=None)
    zotero.inject(
        before=lambda _: released.append(asked.wait(10)), path_contains="/items/top", query={"start": 0}
    )
    assert pull(tmp_path / "x.bib").exit_code == 0
    assert released == [True]


def test_incremental_pull_asks_for_collections_and_deletions_beside_the_items(zotero, pulled: Path) -> None:
    """After the changed versions, a pull asks for the collections and the deleted items while the changed
    items are unanswered (they need nothing of each other): two more round trips, not four."""
    lib = zotero.group(GROUP)
    key = next(
        key for key, item in lib.items.items() if item.item_type == "journalArticle" and not item.trashed
    )
    lib.update_item(key, title="Touched")
    collections, deleted = threading.Event(), threading.Event()
    released: list[bool] = []  #: whether the items were answered because both others were asked
    zotero.inject(before=lambda _: collections.set(), path_contains="/collections", times=None)
    zotero.inject(before=lambda _: deleted.set(), path_contains="/deleted", times=None)
    zotero.inject(
        before=lambda _: released.append(collections.wait(10) and deleted.wait(10)),
        path_contains="/items",
        query={"itemKey": key},
    )
    assert pull(pulled).exit_code == 0
    assert released == [True] and "Touched" in pulled.read_text()


def test_no_op_pull_is_one_request_and_no_write(zotero, pulled: Path) -> None:
    """With nothing changed upstream, one request (the changed versions since ours: none) and no write."""
    before = (pulled.read_bytes(), state_of(pulled).read_bytes(), pulled.stat().st_mtime_ns)
    zotero.requests.clear()
    result = pull(pulled)
    assert result.exit_code == 0 and "unchanged" in result.output
    version = str(zotero.group(GROUP).version)
    assert [(r.status, r.query.get("since"), r.query.get("format")) for r in zotero.requests] == [
        (200, version, "versions")
    ]
    assert before == (pulled.read_bytes(), state_of(pulled).read_bytes(), pulled.stat().st_mtime_ns)


def test_incremental_pull_after_edits(zotero, pulled: Path) -> None:
    """100 edits (98 changes, a trashed and a deleted item) arrive in at most 4 requests (versions,
    items, collections, deletions); keys of edited items never change."""
    lib = zotero.group(GROUP)
    keys = {item.key: item for item in lib.items.values() if item.data.get("citationKey")}
    edited = sorted(keys)[:98]
    for key in edited:
        lib.update_item(key, title=f"Edited {key}", date="1999")
    trashed, deleted = sorted(keys)[98], sorted(keys)[99]
    lib.trash_item(trashed)
    lib.delete_item(deleted)
    zotero.requests.clear()
    result = pull(pulled)
    assert result.exit_code == 0, result.output
    assert len(zotero.requests) <= 4
    bib = read_bib(pulled)
    for key in edited:
        entry = bib.data.entries[keys[key].data["citationKey"]]
        assert str(decode(entry.fields["title"])) == f"Edited {key}" and entry.fields["year"] == "1999"
    assert keys[trashed].data["citationKey"] not in bib.data.entries
    assert keys[deleted].data["citationKey"] not in bib.data.entries
    assert "98 updated, 2 removed" in result.output


def test_deleted_state_gives_byte_identical_file(pulled: Path) -> None:
    """Deleting the state forces a full pull that writes exactly the same bib."""
    before = pulled.read_bytes()
    state = state_of(pulled).read_bytes()
    state_of(pulled).unlink()
    assert pull(pulled).exit_code == 0
    assert pulled.read_bytes() == before and state_of(pulled).read_bytes() == state


def test_retired_keys_survive_a_deleted_state(zotero, pulled: Path) -> None:
    """The bib's header lists retired keys, so a state-less full pull rewrites the same file
    and still never reissues them."""
    lib = zotero.group(GROUP)
    thesis = next(
        item.key for item in lib.items.values() if item.data.get("title") == "Pruning recurrent networks"
    )
    lib.delete_item(thesis)
    assert pull(pulled).exit_code == 0
    assert f"% retired: doe2019pruning {thesis}\n" in pulled.read_text()
    before = pulled.read_bytes()
    state_of(pulled).unlink()
    assert pull(pulled).exit_code == 0 and pulled.read_bytes() == before
    lib.add_item(
        {
            "itemType": "thesis",
            "title": "Pruning recurrent networks",
            "date": "2019",
            "creators": [{"creatorType": "author", "firstName": "Jane", "lastName": "Doe"}],
        }
    )
    assert pull(pulled).exit_code == 0
    assert "{doe2019pruninga," in pulled.read_text()


def test_hand_edits_of_mirrored_entries_are_restored(zotero, pulled: Path) -> None:
    """An entry edited or deleted by hand is noticed even when the library is unchanged (--check
    fails) and the pull restores it from Zotero with one extra request."""
    original = pulled.read_text()
    edited = original.replace(
        "@mastersthesis{doe2019pruning,", "@mastersthesis{doe2019pruning,\n  note = {mine},"
    )
    start = edited.index("@techreport{nvidia2020nvidia,")
    edited = edited[:start] + edited[edited.index("\n}\n", start) + 3 :]
    pulled.write_text(edited)
    check = pull(pulled, "--check")
    assert check.exit_code == 1 and "out of date" in check.output
    assert "doe2019pruning" in check.output and "nvidia2020nvidia" in check.output
    zotero.requests.clear()
    assert pull(pulled).exit_code == 0
    assert pulled.read_text() == original and len(zotero.requests) == 2


def test_generated_keys_are_stable_across_edits(zotero, pulled: Path) -> None:
    """An unpinned item keeps its generated key when its title and year change."""
    text = pulled.read_text()
    assert "doe2019pruning" in text and "nvidia2020nvidia" in text
    lib = zotero.group(GROUP)
    thesis = next(
        item.key for item in lib.items.values() if item.data.get("title") == "Pruning recurrent networks"
    )
    lib.update_item(thesis, title="Growing recurrent networks", date="2021")
    assert pull(pulled).exit_code == 0
    assert "@mastersthesis{doe2019pruning," in pulled.read_text()


def test_local_entries_survive_and_dry_run_reports_them(zotero, pulled: Path) -> None:
    """An entry added by hand (e.g. a pull request) is kept by pulls and listed by --dry-run."""
    with pulled.open("a", encoding="utf-8") as handle:
        handle.write("\n@misc{contributed2024,\n  title = {A contributed paper},\n  year = {2024}\n}\n")
    zotero.group(GROUP).update_item(next(iter(zotero.group(GROUP).items)), title="Touched")
    dry = pull(pulled, "--dry-run")
    assert dry.exit_code == 0 and "local only (kept) (1):\n    contributed2024\n" in dry.output
    assert pull(pulled).exit_code == 0
    assert "@misc{contributed2024," in pulled.read_text()


def test_check_and_dry_run_write_nothing(zotero, pulled: Path) -> None:
    """--check exits 1 when the bib is stale and 0 when current; neither writes."""
    assert pull(pulled, "--check").exit_code == 0
    lib = zotero.group(GROUP)
    lib.update_item(next(iter(lib.items)), title="Changed upstream")
    before = pulled.read_bytes()
    check = pull(pulled, "--check")
    assert check.exit_code == 1 and "out of date" in check.output and "updated (1):\n  ~ " in check.output
    assert pull(pulled, "--dry-run").exit_code == 0
    assert pulled.read_bytes() == before


def test_mass_removal_needs_force(zotero, pulled: Path) -> None:
    """A pull that would remove more than a tenth of the entries stops unless --force is given."""
    lib = zotero.group(GROUP)
    for key in list(lib.items)[:100]:
        lib.delete_item(key)
    before = pulled.read_bytes()
    result = pull(pulled)
    assert result.exit_code == 1 and "Error: the pull would remove" in result.output
    assert pulled.read_bytes() == before
    assert pull(pulled, "--force").exit_code == 0


def test_library_change_mid_pull_restarts(zotero, sync_env, tmp_path: Path) -> None:
    """When the library version moves between pages, the pull starts again and ends correct."""
    lib = zotero.group(GROUP)
    target = next(iter(lib.items))
    zotero.inject(
        path_contains="/items/top",
        query={"start": "200"},
        before=lambda record: lib.update_item(target, title="Edited mid-pull"),
    )
    bib = tmp_path / "mid.bib"
    result = pull(bib)
    assert result.exit_code == 0, result.output
    assert "title = {Edited mid-pull}" in bib.read_text()
    assert f"groups/{GROUP} unchanged since" in pull(bib).output


def test_api_key_never_written_or_printed(zotero, pulled: Path) -> None:
    """The API key appears in neither the bib, the state, nor the output."""
    outputs = pull(pulled, "--full", "--dry-run").output
    for text in (pulled.read_text(), state_of(pulled).read_text(), outputs):
        assert READ_KEY not in text


def test_concurrent_pull_is_refused(pulled: Path) -> None:
    """A second pull while one holds the lock stops with an error and changes nothing."""
    from sync.local.lock import bib_lock

    with bib_lock(pulled):
        result = pull(pulled)
    assert result.exit_code == 1 and "another command (a sync pull, lint --fix or readme)" in result.output


def test_a_pull_never_drops_what_it_cannot_read(zotero, pulled: Path) -> None:
    """Contributed entries on one line, or with a broken header, stop the pull with one error; the bib stays."""
    with pulled.open("a", encoding="utf-8") as handle:
        handle.write("@misc{a, title={A}} @misc{b, title={B}}\n@inproc eedings{c, title={C}}\n")
    before = pulled.read_bytes()
    result = pull(pulled)
    assert result.exit_code == 1 and "'@inproc eedings' is not an entry header" in result.output
    assert result.output.count("\n") == 1 and pulled.read_bytes() == before


def test_symlinked_bib_is_written_through(zotero, pulled: Path, tmp_path: Path) -> None:
    """A --bib that is a symlink stays one; the real file is updated, with its lock and state beside it."""
    link_dir = tmp_path / "elsewhere"
    link_dir.mkdir()
    link = link_dir / "linked.bib"
    link.symlink_to(pulled)
    zotero.group(GROUP).add_item({"itemType": "book", "title": "Through the link", "date": "2024"})
    result = pull(link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and "Through the link" in pulled.read_text(encoding="utf-8")
    assert not (link_dir / "linked.zotero.json").exists() and state_of(pulled).exists()


def test_non_regular_targets_are_refused(sync_env, tmp_path: Path) -> None:
    """--bib /dev/null, a pipe or a link to one is one clear error; nothing is replaced."""
    import os

    pipe = tmp_path / "pipe.bib"
    os.mkfifo(pipe)
    link = tmp_path / "null.bib"
    link.symlink_to("/dev/null")
    for target in (Path("/dev/null"), pipe, link):
        result = pull(target)
        assert result.exit_code == 1 and "is not a regular file" in result.output, result.output
    assert Path("/dev/null").is_char_device() and pipe.is_fifo() and link.is_symlink()


def test_leftovers_of_killed_writes_are_removed(zotero, pulled: Path) -> None:
    """Temporary files that a killed write left beside the bib are removed by the next pull."""
    leftover = pulled.parent / f".{pulled.name}.abc123.tmp"
    leftover.write_text("half a bib", encoding="utf-8")
    assert pull(pulled).exit_code == 0
    assert not leftover.exists()


def test_a_pull_keeps_the_bibs_own_string_macros(sync_env, tmp_path: Path) -> None:
    """The @string and @preamble definitions of the bib survive a pull (contributed entries use them),
    as they were and before the entries, so a contributed entry still reads its macro's text."""
    bib = tmp_path / "sparsity.bib"
    bib.write_text(
        '@string{jmlr = "Journal of Machine Learning Research"}\n\n'
        '@preamble{"\\newcommand{\\noop}[1]{}"}\n\n'
        "@article{contrib2024,\n  author = {Doe, Jane},\n  title = {Sparse Things},\n"
        "  journal = jmlr,\n  year = {2024}\n}\n",
        encoding="utf-8",
    )
    result = pull(bib)
    assert result.exit_code == 0, result.output
    text = bib.read_text(encoding="utf-8")
    assert '@string{jmlr = "Journal of Machine Learning Research"}' in text
    assert '@preamble{"\\newcommand{\\noop}[1]{}"}' in text
    assert text.index("@string{jmlr") < text.index("@article{contrib2024")
    after = read_bib(bib)
    assert not after.problems
    assert (
        str(decode(after.data.entries["contrib2024"].fields["journal"]))
        == "Journal of Machine Learning Research"
    )
    assert pull(bib).exit_code == 0 and bib.read_text(encoding="utf-8") == text  # and stay put
