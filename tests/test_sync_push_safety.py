"""``push`` never brings back what curators removed, and says beforehand what the server will refuse."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from ext.reader.bibfile import read_bib
from sync.cli import main
from sync.mapping import citekeys

from conftest import SEED_BIB
from zotero_fixture import GROUP, WRITE_KEY


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--quiet"])


def pinned_keys(server) -> list[str]:
    return [
        pin.lower() for item in server.group(GROUP).items.values() if (pin := citekeys.pinned_key(item.data))
    ]


def test_push_never_recreates_trashed_or_deleted_items(zotero, sync_env, tmp_path: Path, monkeypatch) -> None:
    """After curators trash one mirrored item and delete another, a push run before the next pull creates
    neither, and after it neither does a contribution reusing their keys; each is named, and push exits 0."""
    bib = tmp_path / "sparsity.bib"
    assert run("pull", "--bib", str(bib)).exit_code == 0
    lib = zotero.group(GROUP)
    mirrored = {e.fields["zoterokey"]: key for key, e in read_bib(bib).data.entries.items()}
    pinned = [item for item in mirrored if citekeys.pinned_key(lib.items[item].data)]
    trashed, deleted = pinned[0], pinned[1]
    lib.trash_item(trashed)
    lib.delete_item(deleted)
    count = len(lib.items)
    monkeypatch.setenv("ZOTERO_API_KEY", WRITE_KEY)
    result = run("push", "--bib", str(bib))  # the sync pull request has not landed yet
    assert result.exit_code == 0, result.output
    assert len(lib.items) == count  # nothing created
    assert f"{mirrored[trashed]}: its item {trashed} is in the Zotero trash" in result.output
    assert f"{mirrored[deleted]}: its item {deleted} was deleted in Zotero" in result.output
    assert "2 not re-created" in result.output
    assert run("pull", "--bib", str(bib)).exit_code == 0  # the entries leave the bib, their keys retire
    with bib.open("a", encoding="utf-8") as handle:  # contributions reusing those keys
        for key in (mirrored[trashed], mirrored[deleted]):
            handle.write(f"\n@misc{{{key},\n  title = {{A new paper}},\n  year = {{2024}}\n}}\n")
    result = run("push", "--bib", str(bib))
    assert result.exit_code == 0, result.output
    assert len(lib.items) == count
    assert f"{mirrored[trashed]}: item {trashed}, in the Zotero trash, pins this key" in result.output
    assert f"{mirrored[deleted]}: the key was retired when item {deleted} was deleted" in result.output
    pins = pinned_keys(zotero)
    assert len(pins) == len(set(pins))  # no key pinned twice


REFUSED = (
    "@phdthesis{edited2020,\n  author = {Doe, Jane},\n  editor = {Roe, Richard},\n"
    "  title = {An Edited Thesis},\n  school = {U},\n  year = {2020}\n}\n\n"
    "@article{tagged2021,\n  author = {Doe, Jane},\n  title = {Long Tag},\n  journal = {J},\n"
    f"  year = {{2021}},\n  keywords = {{{'x' * 300}}}\n}}\n\n"
    "@article{long2022,\n  author = {Doe, Jane},\n  title = {Long Abstract},\n  journal = {J},\n"
    f"  year = {{2022}},\n  abstract = {{{'é' * 33000}}}\n}}\n\n"
    "@article{fine2023,\n  author = {Doe, Jane},\n  title = {Fine},\n  journal = {J},\n  year = {2023}\n}\n"
)


def test_dry_run_plans_and_push_pushes_the_rest(empty_group, tmp_path: Path) -> None:
    """--dry-run prints the plan (items, requests, pinned keys, the refusals and why) and writes nothing;
    push creates what the server accepts and reports the entries it refuses. An editor of a thesis (a
    role Zotero's thesis lacks) travels as a contributor instead of being refused."""
    bib = tmp_path / "sparsity.bib"
    bib.write_text(REFUSED, encoding="utf-8")
    plan = run("push", "--bib", str(bib), "--dry-run")
    assert plan.exit_code == 0, plan.output
    assert "create 4 items in 1 write requests" in plan.output
    assert "edited2020, tagged2021, long2022, fine2023" in plan.output
    assert "the server will refuse (fix them in the bib; push sends the rest): 2" in plan.output
    assert "edited2020:" not in plan.output.split("the server will refuse")[1]
    assert "tagged2021: tag 'xxxx" in plan.output and "over 255 characters (413)" in plan.output
    assert "long2022: field abstractNote is 66000 bytes, over 65535 (413)" in plan.output
    assert not empty_group.group(GROUP).items
    pushed = run("push", "--bib", str(bib))
    assert pushed.exit_code == 1 and "2 entries were not pushed" in pushed.output
    for key in ("tagged2021", "long2022"):
        assert f"not pushed: {key}: " in pushed.output
    assert pinned_keys(empty_group) == ["edited2020", "fine2023"]
    thesis = next(i for i in empty_group.group(GROUP).items.values() if i.data["title"] == "An Edited Thesis")
    assert {"creatorType": "contributor", "firstName": "Richard", "lastName": "Roe"} in thesis.data[
        "creators"
    ]


def test_contributed_on_a_bib_never_pushed_says_so_briefly(tmp_path: Path) -> None:
    """`sync contributed` on a bib with no zoterokey and no state says it was never moved, in a few lines."""
    bib = tmp_path / "sparsity.bib"
    bib.write_text(SEED_BIB.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["contributed", "--bib", str(bib)])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) <= 40
    assert (
        "has not been moved into a Zotero group yet" in result.output
        and "sync push --dry-run" in result.output
    )
    bib.with_suffix(".zotero.json").write_text("{}", encoding="utf-8")  # a synced project: every entry listed
    listed = CliRunner().invoke(main, ["contributed", "--bib", str(bib)])
    assert len(listed.output.splitlines()) > len(read_bib(bib).data.entries)
