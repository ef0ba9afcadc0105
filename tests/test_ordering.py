"""Entries sort by author then year, get a/b suffixes and ——— like the published list."""

from __future__ import annotations

from ext.reader.bibfile import parse_bib
from ext.reader.fields import Fields
from ext.style.ordering import place, sort_key

BIB = r"""
@misc{z, author={Zoph, Barret}, title={Z}, year={2017}}
@misc{a2, author={J. {Albericio} and P. Judd}, title={Second}, year={2016}}
@misc{a1, author={J. {Albericio} and P. Judd}, title={First}, year={2016}}
@misc{kim-nd, author={Kim, Yoon}, title={Undated}}
@misc{kim18, author={Kim, Yoon}, title={Old}, year={2018}}
@misc{han-a, author={Han, Song and Pool, Jeff and Tran, John and Dally, William}, title={A}, year={2017}}
@misc{han-b, author={Han, Song and Kang, Junlong and Mao, Huizi and Hu, Yiming}, title={B}, year={2017}}
"""


def ordered() -> list[Fields]:
    return sorted((Fields(entry) for entry in parse_bib(BIB).entries), key=sort_key)


def test_sort_order() -> None:
    """Braced names sort as printed; undated entries follow dated ones of the same author."""
    assert [f.entry.key for f in ordered()] == ["a1", "a2", "han-b", "han-a", "kim18", "kim-nd", "z"]


def test_suffixes_dashes_and_labels() -> None:
    """Same authors and year get 2016a/2016b and ———; clashing citations show more names."""
    placements = {f.entry.key: p for f, p in zip(ordered(), place(ordered()), strict=True)}
    assert placements["a1"].year_label == "2016a" and placements["a2"].year_label == "2016b"
    assert not placements["a1"].repeats_authors and placements["a2"].repeats_authors
    assert placements["a1"].label == "Albericio and Judd 2016a"
    assert placements["kim-nd"].label == "Kim n.d."
    assert placements["han-a"].label == "Han, Pool, et al. 2017"
    assert placements["han-b"].label == "Han, Kang, et al. 2017"
    assert placements["han-a"].year_label == "2017"


#: Name lists in the order pandoc 2.17's citeproc prints them (checked by running it on this bib).
PANDOC_ORDER = r"""
@misc{song, author={Han, Song}, title={Single}, year={1999}}
@misc{songa-mao, author={Han, Songa and Mao, B}, title={Songa}, year={1991}}
@misc{song-mao-dally, author={Han, Song and Mao, Huizi and Dally, Bill}, title={Three}, year={1991}}
@misc{song-mao-zed, author={Han, Song and Mao, Zed}, title={Mao Zed}, year={1991}}
@misc{song-maoa, author={Han, Song and Maoa, B}, title={Maoa}, year={1991}}
@misc{vdm, author={van der Maaten, Laurens and Hinton, Geoffrey}, title={Particle}, year={1991}}
@misc{m1, author={Maaten, Laurens and Aa, B}, title={Aa}, year={1991}}
@misc{m2, author={Maaten, Laurensvan and Aa, B}, title={Laurensvan}, year={1991}}
@misc{sietsma-one, author={{Sietsma}}, title={One part}, year={1988}}
@misc{sietsma-jocelyn, author={Sietsma, Jocelyn and Dow, Robert JF}, title={Jocelyn}, year={1991}}
@misc{sietsma-dow, author={ {Sietsma} and {Dow}}, title={One-part names}, year={1988}}
@misc{sietsmaabe, author={Sietsmaabe, X}, title={Longer family name}, year={1991}}
"""


def test_name_lists_sort_part_by_part_like_citeproc() -> None:
    """Given names, particles and one-part names order as pandoc's citeproc orders them."""
    shuffled = list(reversed(parse_bib(PANDOC_ORDER).entries))
    keys = [f.entry.key for f in sorted((Fields(entry) for entry in shuffled), key=sort_key)]
    assert keys == [
        "song",
        "songa-mao",
        "song-mao-dally",
        "song-mao-zed",
        "song-maoa",
        "vdm",
        "m1",
        "m2",
        "sietsma-one",
        "sietsma-jocelyn",
        "sietsmaabe",
        "sietsma-dow",
    ]
