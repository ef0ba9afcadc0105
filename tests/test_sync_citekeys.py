"""Citation keys follow the documented formula, precedence and clash rules."""

from __future__ import annotations

import pytest

from sync.errors import CitationKeyError
from sync.mapping.citekeys import base_key, check_key, first_free, fold, pinned_key


def test_formula() -> None:
    """family + year + first non-stop word, folded to ASCII."""
    data = {
        "creators": [{"creatorType": "author", "firstName": "Nikko", "lastName": "Ström"}],
        "title": "On the sparse connection and pruning",
    }
    assert base_key(data, "1997") == "strom1997sparse"
    assert (
        base_key(
            {"creators": [{"creatorType": "author", "name": "NVIDIA Corporation"}], "title": "A100"}, None
        )
        == "nvidiandA100".lower()
    )
    assert base_key({"title": ""}, "2020") == "anon2020untitled"
    assert (
        base_key(
            {
                "creators": [{"creatorType": "author", "lastName": "van der Maaten", "firstName": "L"}],
                "title": "Visualizing data",
            },
            "2008",
        )
        == "vandermaaten2008visualizing"
    )


def test_pinned_precedence() -> None:
    """The native field wins over an Extra line; either is a pin."""
    assert pinned_key({"citationKey": "native", "extra": "Citation Key: extra"}) == "native"
    assert pinned_key({"citationKey": "", "extra": "arXiv: 1\ncitation key: fromExtra"}) == "fromExtra"
    assert pinned_key({"extra": "nothing"}) is None


def test_clash_suffixes_ignore_case() -> None:
    """Taken keys (any case) push the new key to the next free suffix."""
    assert first_free("han2016deep", set()) == "han2016deep"
    assert first_free("han2016deep", {"han2016deep", "han2016deepa"}) == "han2016deepb"
    taken = {"k"} | {f"k{chr(c)}" for c in range(ord("a"), ord("z") + 1)}
    assert first_free("k", taken) == "kaa"


def test_invalid_pinned_key() -> None:
    """A pinned key BibTeX cannot use is an error naming the item and the fix."""
    with pytest.raises(CitationKeyError, match=r"ABCD2345.*letters, digits"):
        check_key("bad key,{}", "ABCD2345")


def test_fold() -> None:
    """Accents and special letters fold to ASCII."""
    assert fold("Grünwald-Łukasz Ærø ß") == "grunwaldlukaszaeross"


def test_formula_uses_the_plain_title_never_markup() -> None:
    """Generated keys come from the words a reader sees: rich-text tags never become key words."""
    author = [{"creatorType": "author", "lastName": "Hannam"}]
    for title in ('<i><span class="nocase">Ispan</span></i> nets', '<span class="nocase">Ispan</span>'):
        assert base_key({"title": title, "creators": author}, "1998") == "hannam1998ispan"
    assert base_key({"title": "<span>x</span> Sparse", "creators": author}, "1998") == "hannam1998spanx"
    assert base_key({"itemType": "case", "caseName": "<i>Roe</i> v. Wade", "creators": author}, "1973") == (
        "hannam1973roe"
    )


def test_formula_takes_the_first_author_before_an_editor() -> None:
    """An editor listed before the authors never names the key; an edited book without authors takes its editor."""
    editor = {"creatorType": "editor", "lastName": "Hinton"}
    author = {"creatorType": "author", "lastName": "LeCun"}
    assert base_key({"creators": [editor, author], "title": "Optimal brain damage"}, "1990") == (
        "lecun1990optimal"
    )
    assert base_key({"creators": [editor], "title": "Optimal brain damage"}, "1990") == "hinton1990optimal"


def test_formula_names_a_creator_without_a_usable_name_anon() -> None:
    """A creator whose name is missing or folds to no ASCII letter (CJK) gives the family part "anon"."""
    for creator in (
        {"creatorType": "author", "firstName": "Ada"},
        {"creatorType": "author", "lastName": "王"},
    ):
        assert base_key({"creators": [creator], "title": "Sparse"}, "2020") == "anon2020sparse"


def test_clash_suffixes_continue_in_spreadsheet_order() -> None:
    """After "z" come "aa" … "az", "ba" … "bz", "ca": every two-letter suffix, once, in order."""
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    taken = {"k"} | {f"k{a}" for a in letters} | {f"k{a}{b}" for a in "ab" for b in letters}
    assert first_free("k", taken) == "kca"
    assert first_free("k", taken - {"kbq"}) == "kbq"


def test_invalid_pinned_key_error_says_where_to_fix_it() -> None:
    """The error for an unusable pin tells the curator to change it in Zotero, where the pin lives."""
    with pytest.raises(
        CitationKeyError, match=r"change it in Zotero to letters, digits and - _ : \. \+ / only"
    ):
        check_key("bad key", "ABCD2345")
