"""Changes from Zotero are applied to the bib without losing keys or local entries (pure)."""

from __future__ import annotations

import pytest

from ext.reader.bibfile import parse_bib
from sync.local.mirror import Changes, apply
from sync.local.state import SyncState

LIB = "groups/1"


def item(key: str, title: str, version: int = 1, added: str = "2020-01-01T00:00:00Z", **data) -> dict:
    creators = data.pop("creators", [{"creatorType": "author", "firstName": "Song", "lastName": "Han"}])
    return {
        "key": key,
        "version": version,
        "data": {
            "key": key,
            "itemType": "journalArticle",
            "title": title,
            "creators": creators,
            "date": "2016",
            "dateAdded": added,
            **data,
        },
    }


def first_pull(items: list[dict], bib_text: str = ""):
    return apply(parse_bib(bib_text), None, Changes(10, items, full=True), LIB)


def bib_of(result) -> str:
    return "\n\n".join(result.entries[k] for k in sorted(result.entries, key=str.casefold))


@pytest.mark.parametrize(("early", "late"), [("AAAAAAAA", "BBBBBBBB"), ("BBBBBBBB", "AAAAAAAA")])
def test_first_pull_generates_keys_in_date_order(early: str, late: str) -> None:
    """New items get formula keys; a clash gets a suffix in order of dateAdded, whichever way the
    item keys sort."""
    result = first_pull(
        [
            item(late, "Deep compression", added="2020-02-01"),
            item(early, "Deep compression", added="2020-01-01"),
        ]
    )
    assert result.state.items[early].key == "han2016deep"
    assert result.state.items[late].key == "han2016deepa"
    assert f"zoterokey = {{{early}}}" in result.entries["han2016deep"]
    assert sorted(result.report.added) == ["han2016deep", "han2016deepa"]


def test_incremental_changes_keep_issued_keys() -> None:
    """Edits keep keys; trashed and deleted items are removed and their keys retired, never reissued."""
    first = first_pull(
        [item("AAAAAAAA", "Deep compression"), item("CCCCCCCC", "EIE engine"), item("DDDDDDDD", "Other")]
    )
    bib = parse_bib(bib_of(first))
    state = first.state
    changes = Changes(
        12,
        [
            item("AAAAAAAA", "Deep compression, revised title", version=11),
            item("CCCCCCCC", "EIE engine", version=12, deleted=1),
            item("EEEEEEEE", "EIE engine again", added="2021-01-01"),
        ],
        deleted=["DDDDDDDD"],
    )
    result = apply(bib, state, changes, LIB)
    assert result.report.updated == ["han2016deep"]
    assert sorted(result.report.removed) == ["han2016eie", "han2016other"]
    assert result.state.items["EEEEEEEE"].key == "han2016eiea"  # the retired han2016eie is not reused
    assert "han2016eie" in result.state.retired and result.state.version == 12
    assert "revised title" in result.entries["han2016deep"]


def test_unchanged_entries_are_copied_verbatim() -> None:
    """An incremental pull copies untouched entries byte for byte."""
    first = first_pull([item("AAAAAAAA", "Deep compression")])
    text = first.entries["han2016deep"].replace("  title", "  title")
    result = apply(parse_bib(text), first.state, Changes(11, [item("BBBBBBBB", "New")]), LIB)
    assert result.entries["han2016deep"] == text


def test_local_entries_kept_and_adopted_by_pins() -> None:
    """Entries only in the bib stay; an item pinning the same key replaces (adopts) one."""
    local = "@misc{mine2021,\n title = {Mine}\n}\n\n@misc{Pinned2020,\n title = {Old}\n}\n"
    result = first_pull([item("AAAAAAAA", "From Zotero", citationKey="pinned2020")], local)
    assert result.report.local == ["mine2021"]
    assert result.report.adopted == ["pinned2020"] and result.report.added == []  # taken over, not new
    assert set(result.entries) == {"mine2021", "pinned2020"}
    assert result.entries["mine2021"] == "@misc{mine2021,\n title = {Mine}\n}"


def test_new_keys_avoid_local_keys() -> None:
    """A generated key never takes a local entry's key (keys compare case-insensitively)."""
    result = first_pull([item("AAAAAAAA", "Deep compression")], "@misc{Han2016Deep, title={x}}")
    assert result.state.items["AAAAAAAA"].key == "han2016deepa"


def test_pin_renames_and_retires() -> None:
    """Pinning a new key in Zotero renames the entry; the old key is retired."""
    first = first_pull([item("AAAAAAAA", "Deep compression")])
    result = apply(
        parse_bib(bib_of(first)),
        first.state,
        Changes(11, [item("AAAAAAAA", "Deep compression", extra="Citation Key: han2016a")]),
        LIB,
    )
    assert result.report.renamed == [("han2016deep", "han2016a")]
    assert "han2016deep" in result.state.retired


def test_two_items_pinning_one_key_keep_apart_with_one_warning() -> None:
    """Of two items pinning one key, the first gets it; the second gets a formula key and one
    warning naming both items, its Zotero link and the fix; nothing is overwritten."""
    result = first_pull(
        [item("AAAAAAAA", "A", citationKey="same"), item("BBBBBBBB", "B", citationKey="SAME")]
    )
    assert result.state.items["AAAAAAAA"].key == "same"
    assert result.state.items["BBBBBBBB"].key == "han2016b"
    [warning] = result.report.warnings
    assert warning.startswith("item BBBBBBBB (han2016b, https://www.zotero.org/groups/1/items/BBBBBBBB): ")
    assert "AAAAAAAA already pins" in warning and "fix: change the Citation Key" in warning


def test_state_less_full_pull_reuses_keys_from_the_bib() -> None:
    """Without state, the zoterokey fields in the bib give every item its old key back."""
    first = first_pull([item("AAAAAAAA", "Deep compression"), item("BBBBBBBB", "Deep compression")])
    again = apply(
        parse_bib(bib_of(first)),
        None,
        Changes(10, [item("BBBBBBBB", "Deep compression"), item("AAAAAAAA", "Deep compression")], full=True),
        LIB,
    )
    assert again.entries == first.entries
    assert SyncState(LIB) != again.state and again.state.items == first.state.items


def test_restored_item_gets_its_key_back() -> None:
    """An item trashed and then restored returns under the key it had, not a suffixed one."""
    first = first_pull([item("AAAAAAAA", "Deep compression")])
    trashed = apply(
        parse_bib(bib_of(first)),
        first.state,
        Changes(11, [item("AAAAAAAA", "Deep compression", version=11, deleted=1)]),
        LIB,
    )
    assert trashed.state.retired == {"han2016deep": "AAAAAAAA"}
    restored = apply(
        parse_bib(bib_of(trashed)),
        trashed.state,
        Changes(12, [item("AAAAAAAA", "Deep compression", version=12)]),
        LIB,
    )
    assert restored.state.items["AAAAAAAA"].key == "han2016deep" and restored.state.retired == {}


def test_renamed_key_is_not_given_to_a_new_item_in_the_same_pull() -> None:
    """When an item pins a new key, its old key is retired before a new item could take it."""
    first = first_pull([item("AAAAAAAA", "Deep compression")])
    result = apply(
        parse_bib(bib_of(first)),
        first.state,
        Changes(
            11,
            [
                item("AAAAAAAA", "Deep compression", extra="Citation Key: hanPinned"),
                item("BBBBBBBB", "Deep compression", added="2021-01-01"),
            ],
        ),
        LIB,
    )
    assert result.state.items["AAAAAAAA"].key == "hanPinned"
    assert result.state.items["BBBBBBBB"].key == "han2016deepa"
    assert result.state.retired == {"han2016deep": "AAAAAAAA"}


def test_pin_of_a_key_another_item_keeps_is_ignored_in_full_pulls_too() -> None:
    """A pin naming another item's issued key is ignored (incremental and full pulls): both items keep
    their keys, and one warning names both items."""
    first = first_pull([item("AAAAAAAA", "Deep compression"), item("BBBBBBBB", "Other", added="2021-01-01")])
    pinning = item("BBBBBBBB", "Other", extra="Citation Key: han2016deep")
    for changes in (
        Changes(11, [pinning]),
        Changes(11, [item("AAAAAAAA", "Deep compression"), pinning], full=True),
    ):
        result = apply(parse_bib(bib_of(first)), first.state, changes, LIB)
        assert result.state.items["AAAAAAAA"].key == "han2016deep"
        assert result.state.items["BBBBBBBB"].key == first.state.items["BBBBBBBB"].key != "han2016deep"
        [warning] = result.report.warnings
        assert "item BBBBBBBB" in warning and "item AAAAAAAA already has" in warning


def test_retired_keys_listed_in_the_bib_survive_a_lost_state() -> None:
    """Without the state file, the retired keys the bib's header lists are still never reissued."""
    first = first_pull([item("AAAAAAAA", "Deep compression")])
    gone = apply(parse_bib(bib_of(first)), first.state, Changes(11, [], deleted=["AAAAAAAA"]), LIB)
    result = apply(
        parse_bib(bib_of(gone)),
        None,
        Changes(12, [item("BBBBBBBB", "Deep compression")], full=True),
        LIB,
        retired=gone.state.retired,
    )
    assert result.state.items["BBBBBBBB"].key == "han2016deepa"
    assert result.state.retired == {"han2016deep": "AAAAAAAA"}


def test_entry_edited_by_hand_is_fetched_again() -> None:
    """A mirrored entry whose text no longer matches its digest is reported missing, to be restored."""
    first = first_pull([item("AAAAAAAA", "Deep compression"), item("BBBBBBBB", "Other")])
    edited = bib_of(first).replace("{Deep compression}", "{Deep compression, edited by hand}")
    result = apply(parse_bib(edited), first.state, Changes(10, []), LIB)
    assert result.missing == ["AAAAAAAA"]


def test_an_item_the_converter_chokes_on_costs_no_other_entry() -> None:
    """An item that cannot be converted keeps its previous entry (or is skipped when new), with one warning
    naming it and its Zotero link; every other item is mirrored."""
    first = first_pull([item("AAAAAAAA", "Deep compression"), item("BBBBBBBB", "Other", added="2021-01-01")])
    broken = item("AAAAAAAA", "Deep compression, edited", version=11, creators=5)
    new_broken = item("CCCCCCCC", "New", version=11, creators=5)
    result = apply(
        parse_bib(bib_of(first)),
        first.state,
        Changes(11, [broken, new_broken, item("BBBBBBBB", "Other, edited", version=11)]),
        LIB,
    )
    assert result.entries["han2016deep"] == first.entries["han2016deep"]
    assert "Other, edited" in result.entries["han2016other"] and len(result.entries) == 2
    kept, skipped = result.report.warnings
    assert kept.startswith("item AAAAAAAA (han2016deep, https://www.zotero.org/groups/1/items/AAAAAAAA): ")
    assert "could not be converted (TypeError" in kept and "entry was kept as it was" in kept
    assert skipped.startswith("item CCCCCCCC (no key, ") and "so its entry was skipped" in skipped
    assert result.state.items["AAAAAAAA"].problem and result.state.items["CCCCCCCC"].key == ""
    assert result.state.items["AAAAAAAA"].version == 1  # the kept entry's version: the edit is still to fetch
    later = apply(parse_bib(bib_of(result)), result.state, Changes(12, []), LIB)  # nothing changed upstream
    assert len(later.report.warnings) == 2 and later.entries == result.entries
    fixed = apply(
        parse_bib(bib_of(later)), later.state, Changes(13, [item("CCCCCCCC", "New", version=13)]), LIB
    )
    assert fixed.report.added == ["han2016new"] and len(fixed.report.warnings) == 1


def test_the_state_remembers_each_item_version_and_problem() -> None:
    """The state records the Zotero version of every item it saw, mirrored or skipped, and the skipped one's problem."""
    result = first_pull(
        [item("AAAAAAAA", "Deep compression", version=7), item("CCCCCCCC", "New", version=9, creators=5)]
    )
    mirrored, skipped = result.state.items["AAAAAAAA"], result.state.items["CCCCCCCC"]
    assert (mirrored.version, mirrored.key, mirrored.problem) == (7, "han2016deep", "")
    assert (skipped.version, skipped.key, skipped.digest) == (9, "", "")
    assert skipped.problem.startswith("could not be converted (TypeError")
    later = apply(parse_bib(bib_of(result)), result.state, Changes(11, []), LIB)
    assert later.state.items == result.state.items
    assert later.report.warnings == result.report.warnings
    assert later.report.warnings[0].startswith(
        "item CCCCCCCC (no key, https://www.zotero.org/groups/1/items/CCCCCCCC): could not"
    )


def test_children_not_fetched_are_counted() -> None:
    """Without --notes the report counts the child notes and attachments left out; with them, none."""
    items = [item("AAAAAAAA", "Deep compression"), item("BBBBBBBB", "Other"), item("CCCCCCCC", "No meta")]
    items[0]["meta"], items[1]["meta"] = {"numChildren": 2}, {"numChildren": 3}
    assert first_pull(items).report.children_left_out == 5
    with_notes = apply(parse_bib(""), None, Changes(10, items, full=True, children={}), LIB)
    assert with_notes.report.children_left_out == 0


def test_an_item_with_text_no_file_can_store_is_skipped_with_its_fix() -> None:
    """An item holding a lone surrogate is skipped with one warning naming the field and the fix; the others mirror."""
    result = first_pull([item("AAAAAAAA", "Bad \ud800 title"), item("BBBBBBBB", "Other")])
    assert list(result.entries) == ["han2016other"]
    [warning] = result.report.warnings
    assert warning.startswith("item AAAAAAAA (no key, ")
    assert "its field title holds text that is not valid Unicode" in warning
    assert warning.endswith("so its entry was skipped; fix: retype that field in Zotero")


def test_an_unusable_pin_is_ignored_without_costing_later_pins() -> None:
    """A pin BibTeX cannot use gives a formula key and a warning with the fix; the pins after it still hold."""
    result = first_pull(
        [
            item("AAAAAAAA", "Deep compression", citationKey="bad key"),
            item("BBBBBBBB", "B", citationKey="good"),
            item("CCCCCCCC", "C", citationKey="good"),
            item("DDDDDDDD", "D", citationKey="fine"),
        ]
    )
    keys = {item_key: s.key for item_key, s in result.state.items.items()}
    assert keys == {"AAAAAAAA": "han2016deep", "BBBBBBBB": "good", "CCCCCCCC": "han2016c", "DDDDDDDD": "fine"}
    unusable = next(w for w in result.report.warnings if w.startswith("item AAAAAAAA"))
    assert "'bad key' cannot be used in BibTeX" in unusable
    assert unusable.endswith("fix: change the Citation Key in Zotero to letters, digits and - _ : . + / only")


def test_a_pin_of_a_deleted_item_key_takes_it_and_says_so() -> None:
    """An item pinning the key of a deleted item (in any case) gets it, with a warning that citations now point at it."""
    first = first_pull([item("AAAAAAAA", "Deep compression")])
    gone = apply(parse_bib(bib_of(first)), first.state, Changes(11, [], deleted=["AAAAAAAA"]), LIB)
    result = apply(
        parse_bib(bib_of(gone)),
        gone.state,
        Changes(12, [item("BBBBBBBB", "B", citationKey="Han2016Deep")]),
        LIB,
    )
    assert result.state.items["BBBBBBBB"].key == "Han2016Deep"
    assert result.report.warnings == [
        "item BBBBBBBB pins 'Han2016Deep', the key of the deleted item AAAAAAAA; "
        "citations of that key now point at this item"
    ]


def test_removed_and_local_keys_are_reported_in_key_order() -> None:
    """Removed keys are listed by citation key and local entries case-insensitively, whatever their item keys."""
    first = first_pull(
        [item("AAAAAAAA", "Zeta", creators=[]), item("BBBBBBBB", "Alpha", creators=[])],
        "@misc{b, title={x}}\n\n@misc{A, title={y}}\n\n@misc{C, title={z}}\n",
    )
    gone = apply(
        parse_bib(bib_of(first)), first.state, Changes(11, [], deleted=["AAAAAAAA", "BBBBBBBB"]), LIB
    )
    assert gone.report.removed == ["anon2016alpha", "anon2016zeta"]
    assert gone.report.local == ["A", "b", "C"]


def test_notes_fetched_with_notes_reach_the_entry() -> None:
    """With --notes the children fetched for an item are converted with it (its child note becomes annote)."""
    note = {"key": "NNNNNNNN", "itemType": "note", "parentItem": "AAAAAAAA", "note": "<p>Prune early</p>"}
    changes = Changes(10, [item("AAAAAAAA", "Deep compression")], full=True, children={"AAAAAAAA": [note]})
    result = apply(parse_bib(""), None, changes, LIB)
    assert "Prune early" in result.entries["han2016deep"]


def test_dropped_fields_are_counted_per_item() -> None:
    """Each field left out of an entry (libraryCatalog) is counted once per item that had it."""
    result = first_pull(
        [
            item("AAAAAAAA", "Deep compression", libraryCatalog="arXiv"),
            item("BBBBBBBB", "B", libraryCatalog="x"),
        ]
    )
    assert list(result.report.dropped.values()) == [2] and "libraryCatalog" in next(
        iter(result.report.dropped)
    )


def test_an_unfixed_problem_is_said_again_on_every_pull() -> None:
    """The warning of a mirrored item whose problem is still unfixed in Zotero is repeated word for word by the next pull."""
    first = first_pull([item("AAAAAAAA", "Deep compression", citationKey="bad key")])
    later = apply(parse_bib(bib_of(first)), first.state, Changes(11, []), LIB)
    assert len(first.report.warnings) == 1 and later.report.warnings == first.report.warnings


def test_changing_one_item_keeps_every_other_entry() -> None:
    """An incremental pull that changes the first entry still copies all the unchanged ones after it."""
    first = first_pull(
        [item("AAAAAAAA", "Deep compression"), item("BBBBBBBB", "Other"), item("CCCCCCCC", "Pruning")]
    )
    result = apply(
        parse_bib(bib_of(first)), first.state, Changes(11, [item("AAAAAAAA", "Deep compr", version=11)]), LIB
    )
    assert sorted(result.entries) == ["han2016deep", "han2016other", "han2016pruning"]
    assert result.report.updated == ["han2016deep"] and result.state.library == LIB


def test_a_state_less_incremental_pull_keeps_the_mirrored_entries() -> None:
    """Without the state file, mirrored entries are kept as written and remembered with version 0 and no problem."""
    first = first_pull([item("AAAAAAAA", "Deep compression", version=5)])
    result = apply(parse_bib(bib_of(first)), None, Changes(11, []), LIB)
    assert result.entries == first.entries and not result.report.warnings
    assert (result.state.items["AAAAAAAA"].version, result.state.items["AAAAAAAA"].problem) == (0, "")


def test_an_entry_deleted_by_hand_is_restored_from_its_item() -> None:
    """A mirrored entry removed from the bib by hand comes back, under its key, when its item is fetched again."""
    first = first_pull([item("AAAAAAAA", "Deep compression"), item("BBBBBBBB", "Other")])
    without = first.entries["han2016other"]
    missing = apply(parse_bib(without), first.state, Changes(10, []), LIB)
    assert missing.missing == ["AAAAAAAA"]
    result = apply(parse_bib(without), first.state, Changes(10, [item("AAAAAAAA", "Deep compression")]), LIB)
    assert result.entries["han2016deep"] == first.entries["han2016deep"]
    assert result.report.updated == ["han2016deep"]
