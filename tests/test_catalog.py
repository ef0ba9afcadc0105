"""A rebuild after an edit places and renders the list exactly as a clean build of the edited .bib does,
and keeps the last placements when the edit cannot change them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ext.reader.bibfile import read_bib
from ext.site.catalog import Catalog, build_catalog

BIB = r"""
@article{han2016a, author = {Han, Song and Mao, Huizi and Dally, William J.}, title = {Deep Compression},
  journal = {ICLR}, year = {2016}}
@article{han2016b, author = {Han, Song and Mao, Huizi and Dally, William J.}, title = {EIE},
  journal = {ISCA}, year = {2016}}
@article{han2015, author = {Han, Song and Pool, Jeff and others}, title = {Learning both Weights},
  journal = {NeurIPS}, year = {2015}}
@misc{anon2020, title = {Sparse Anonymous Work}, year = {2020}}
@misc{anon2020b, title = {Sparse Anonymous Work}, year = {2020}}
@book{edited2019, editor = {Li, Yang}, title = {Sparsity Handbook}, publisher = {P}, year = {2019}}
@misc{li2019, author = {Li, Yang}, title = {Another One}, date = {2019-03}}
@misc{soon, author = {Zhu, Michael}, title = {Forthcoming Work}, pubstate = {forthcoming}}
"""

#: (name, old text, new text): one edit of BIB each
EDITS = [
    ("an authored entry's title", "{Deep Compression}", "{Deep Compression, edited}"),
    (
        "an authorless entry's title",
        "{Sparse Anonymous Work}, year = {2020}}\n@misc{anon2020b",
        "{Other Anonymous Work}, year = {2020}}\n@misc{anon2020b",
    ),
    ("an author", "Han, Song and Pool, Jeff", "Han, Song and Pool, Jeffrey"),
    ("and others removed", "Pool, Jeff and others", "Pool, Jeff"),
    (
        "a year",
        "title = {EIE},\n  journal = {ISCA}, year = {2016}",
        "title = {EIE},\n  journal = {ISCA}, year = {2017}",
    ),
    ("a date", "date = {2019-03}", "date = {2018-03}"),
    ("a publication state", "pubstate = {forthcoming}", "pubstate = {inpress}"),
    ("an editor", "editor = {Li, Yang}", "editor = {Li, Y.}"),
    ("a key", "@misc{li2019,", "@misc{li2019x,"),
    ("a venue", "journal = {ISCA}", "journal = {ISCA 2016}"),
]


def catalog_of(text: str, tmp_path: Path, previous: Catalog | None = None, name: str = "a") -> Catalog:
    path = tmp_path / f"{name}.bib"
    path.write_text(text, encoding="utf-8")
    return build_catalog(read_bib([path]), previous)


@pytest.mark.parametrize(("name", "old", "new"), EDITS, ids=[edit[0] for edit in EDITS])
def test_a_rebuild_after_an_edit_places_as_a_clean_build(
    name: str, old: str, new: str, tmp_path: Path
) -> None:
    """After each kind of edit, the rebuild's placements and rendered entries equal a clean build's."""
    assert old in BIB, name
    edited = BIB.replace(old, new, 1)
    previous = catalog_of(BIB, tmp_path)
    again = catalog_of(edited, tmp_path, previous, "b")
    clean = catalog_of(edited, tmp_path, None, "c")
    assert again.placements == clean.placements
    assert [entry.html for entry in again.entries] == [entry.html for entry in clean.entries]


def test_placements_are_kept_only_when_nothing_they_depend_on_changed(tmp_path: Path) -> None:
    """A venue or an authored entry's title edit keeps the last placements; an author edit works them out again."""
    previous = catalog_of(BIB, tmp_path)
    kept = catalog_of(BIB.replace("journal = {ISCA}", "journal = {ISCA 2016}"), tmp_path, previous, "b")
    assert kept.placed[1] is previous.placed[1]
    retitled = catalog_of(BIB.replace("{Deep Compression}", "{Deep Compressed}"), tmp_path, previous, "c")
    assert retitled.placed[1] is previous.placed[1]
    moved = catalog_of(BIB.replace("Pool, Jeff", "Pool, Jeffrey"), tmp_path, previous, "d")
    assert moved.placed[1] is not previous.placed[1]
    assert moved.placements["han2015"] == previous.placements["han2015"]  # the same labels, worked out again


def test_the_language_model_is_let_go_once_the_titles_are_cased(tmp_path: Path) -> None:
    """A list with a German title is cased with the language model, which the build then no longer holds
    (about 80 MB for the rest of the build); a title judged later loads it again."""
    from ext.reader import titlelang

    german = "Über die Verteilung der Gewichte in einem neuronalen Netz"
    text = (
        BIB
        + f"@article{{de2001, author = {{Müller, Hans}}, title = {{{german}}}, journal = {{J}}, year = {{2001}}}}\n"
    )
    catalog = catalog_of(text, tmp_path)
    assert german in next(
        entry.text for entry in catalog.entries if entry.key == "de2001"
    )  # not headline case
    assert titlelang._identifier.cache_info().currsize == 0
    assert (
        titlelang.title_language("Une étude des réseaux de neurones parcimonieux et de leurs poids") == "fr"
    )
