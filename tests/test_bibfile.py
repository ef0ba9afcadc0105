"""A bad entry is reported with file, line and key, and costs no other entry."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import Entry
from test_entryparse import CORPORA, whole

from bench import synth
from ext import forked
from ext.reader import bibfile
from ext.reader.bibfile import parse_bib, read_bib
from ext.reader.bibtext import decode_bib
from ext.reader.entryparse import parse_entry

from conftest import REPO, require


def test_problems_are_located_and_the_rest_survives() -> None:
    """Duplicate key (any case), syntax error and unknown type: one problem each, others kept."""
    bib = read_bib(REPO / "tests" / "roots" / "test-bad-bib" / "refs.bib")
    found = [(p.kind, p.line, p.key) for p in bib.problems]
    assert found == [
        ("duplicate_key", 15, "dup2019"),
        ("syntax", 22, "broken2019"),
        ("unknown_type", 29, "odd2019"),
    ]
    assert list(bib.data.entries) == ["before2019", "Dup2019", "odd2019", "after2020"]
    assert "refs.bib:15: duplicate key 'dup2019'" in str(bib.problems[0])
    assert "rename one of them" in bib.problems[0].message


def test_duplicate_field_keeps_first_value() -> None:
    """A repeated field is reported and the first value is used."""
    bib = parse_bib("@misc{k,\n title={One},\n title={Two}\n}\n", "x.bib")
    assert [(p.kind, p.line) for p in bib.problems] == [("duplicate_field", 1)]
    assert bib.data.entries["k"].fields["title"] == "One"


def test_macros_preamble_comments_and_source() -> None:
    """@string macros apply, @comment is skipped, and each entry's exact source is kept."""
    text = (
        '@string{jmlr = "Journal of ML"}\n@comment{ignored}\n@preamble{"x"}\n'
        "@article{k,\n  journal = jmlr # { Research},\n  year = 2020\n}\ntrailing text\n"
    )
    bib = parse_bib(text)
    assert not bib.problems
    assert bib.data.entries["k"].fields["journal"] == "Journal of ML Research"
    assert bib.sources["k"] == "@article{k,\n  journal = jmlr # { Research},\n  year = 2020\n}"
    assert bib.locations["k"] == ("<string>", 4)


def test_shipped_bib_reads_cleanly() -> None:
    """The live sparsity.bib reads without problems: every entry of the file is an entry of the list."""
    text = (REPO / "sparsity.bib").read_text(encoding="utf-8")
    bib = read_bib(Path(REPO / "sparsity.bib"))
    assert not bib.problems
    assert len(bib.data.entries) == len(
        re.findall(r"^@(?!string|comment|preamble)\w+\s*\{", text, re.M | re.I)
    )


def test_keys_repeated_across_files(tmp_path: Path) -> None:
    """A key already defined in an earlier file is reported with both places."""
    (tmp_path / "a.bib").write_text("@misc{Key, title={A}}\n")
    (tmp_path / "b.bib").write_text("\n@misc{key, title={B}}\n")
    bib = read_bib([tmp_path / "a.bib", tmp_path / "b.bib"])
    assert [(Path(p.path).name, p.line, p.kind) for p in bib.problems] == [("b.bib", 2, "duplicate_key")]
    assert "a.bib:1" in bib.problems[0].message


def test_every_at_outside_an_entry_starts_one_or_is_reported() -> None:
    """Entries on one line, a header broken over lines, a typo'd header (reported), an e-mail (ignored)."""
    text = (
        "% write to me@example.org\n"
        "@misc{a, title={A}} @misc{b, title={B}}\n"
        "@misc\n{c, title={C}}\n"
        "@inproc eedings{d, title={D}}\n"
        "@article{e, title={E}}\n"
    )
    bib = parse_bib(text, "t.bib")
    assert list(bib.data.entries) == ["a", "b", "c", "e"]
    assert [(p.kind, p.line) for p in bib.problems] == [("syntax", 5)]
    assert "'@inproc eedings' is not an entry header" in bib.problems[0].message


def test_undecodable_bytes_are_replaced_and_located(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 become U+FFFD, each reported with its line; no entry is lost."""
    path = tmp_path / "x.bib"
    path.write_bytes(b"@misc{a, title={Caf\xe9}}\n\n@misc{b, title={\xff\xfe}}\n")
    bib = read_bib(path)
    assert [(p.kind, p.line) for p in bib.problems] == [("encoding", 1), ("encoding", 3), ("encoding", 3)]
    assert bib.data.entries["a"].fields["title"] == "Caf\ufffd" and "b" in bib.data.entries


def test_an_entry_inside_a_comment_group_is_read_as_bibtex_reads_it() -> None:
    """BibTeX skips only the word @comment: an entry inside its braces counts, so a repeat is reported."""
    text = "@comment{ moved\n@misc{real, title={Forged}}\n}\n@misc{real, title={Real}}\n"
    bib = parse_bib(text, "c.bib")
    assert bib.data.entries["real"].fields["title"] == "Forged"  # BibTeX keeps the first one too
    assert [(p.kind, p.line) for p in bib.problems] == [("duplicate_key", 4)]


def test_unclosed_braces_are_known_without_rescanning() -> None:
    """The one-pass answer to "is this brace ever closed?" equals scanning to the end, on 3 000 random texts."""
    import random

    from ext.reader.bibfile import _entry_end, _OpenBraces

    rng = random.Random(1)
    for _ in range(3000):
        text = "".join(rng.choice("{}{}ab()\n") for _ in range(rng.randint(1, 60)))
        braces = _OpenBraces(text)
        for at, char in enumerate(text):
            if char == "{":
                assert braces.never_closed(at) == (_entry_end(text, at) is None), (text, at)


def test_many_unclosed_entries_are_each_reported() -> None:
    """A paste of a thousand unclosed headers: each one reported at its own line, nothing read."""
    bib = parse_bib("@misc{a,\n" * 1000, "p.bib")
    assert not bib.data.entries and [p.line for p in bib.problems] == list(range(1, 1001))


def test_a_reread_with_the_cache_sees_a_changed_string_macro() -> None:
    """An entry cached from an earlier read is read again when an @string it may use changed."""
    cache: dict = {}
    entry = "@misc{k, journal = jn, year = 2020}\n"
    first = parse_bib('@string{jn = "Old"}\n' + entry, "x.bib", cache=cache)
    second = parse_bib('@string{jn = "New"}\n' + entry, "x.bib", cache=cache)
    again = parse_bib('@string{jn = "Old"}\n' + entry, "x.bib", cache=cache)
    assert [b.data.entries["k"].fields["journal"] for b in (first, second, again)] == ["Old", "New", "Old"]
    assert again.data.entries["k"] is first.data.entries["k"]  # the same state of the macros: a cache hit


def test_undecodable_bytes_are_named_and_counted_past_five() -> None:
    """Each of the first five stray bytes is named with its value, file and encoding; the rest are one count."""
    from ext.reader.bibtext import decode_bib

    data = b"@misc{a, title={\xe9}}\n" + b"@misc{b, title={\xff\xff\xff\xff\xff\xff\xff}}\n"
    text, problems = decode_bib(data, "refs.bib", "utf-8")
    assert text.count("\ufffd") == 8
    assert [str(p) for p in problems[:2]] == [
        "refs.bib:1: byte 0xe9 is not UTF-8 text; it was replaced by \ufffd (save the file as UTF-8)",
        "refs.bib:2: byte 0xff is not UTF-8 text; it was replaced by \ufffd (save the file as UTF-8)",
    ]
    assert [(p.kind, p.line) for p in problems] == [("encoding", 1)] + [("encoding", 2)] * 5
    assert problems[-1].message == "3 more bytes that are not UTF-8 text were replaced"


def test_a_file_reads_in_the_encoding_it_is_declared_in() -> None:
    """A file reads as UTF-8 (its byte-order mark dropped) unless declared Latin-1; reports name the encoding without "-sig"."""
    from ext.reader.bibtext import decode_bib

    assert decode_bib("\ufeff@misc{a, title={Café}}".encode(), "x.bib") == ("@misc{a, title={Café}}", [])
    assert decode_bib(b"@misc{a, title={Caf\xe9}}", "x.bib", "latin-1") == ("@misc{a, title={Café}}", [])
    _, [problem] = decode_bib(b"x\xff", "x.bib", "utf-8-sig")
    assert problem.message.endswith("(save the file as UTF-8)")


#: pieces of a .bib file: ASCII, two-, three- and four-byte characters, a stray byte, a control
#: character, a bidi override, a byte-order mark, a line end
PIECES = [
    b"a",
    "é".encode(),
    "€".encode(),
    "😀".encode(),
    b"\xff",
    b"\x1b",
    "\u202e".encode(),
    "\ufeff".encode(),
    b"\n",
]


@settings(max_examples=300, deadline=None)
@given(
    data=st.lists(st.sampled_from(PIECES), max_size=30).map(b"".join) | st.binary(max_size=30),
    encoding=st.sampled_from(["utf-8-sig", "utf-8", "latin-1"]),
    chunk=st.integers(min_value=1, max_value=7),
)
def test_the_published_bib_is_the_text_read_in_parts_whatever_the_part_size(
    data: bytes, encoding: str, chunk: int
) -> None:
    """The published .bib (in parts of any size) is exactly the text the reader reads, unsafe characters removed, in UTF-8."""
    from ext.reader import bibtext
    from ext.reader.chars import strip_unsafe

    text, _ = bibtext.decode_bib(data, "x.bib", encoding)
    before = bibtext.DECODE_CHUNK
    bibtext.DECODE_CHUNK = chunk  # a character split across two parts must still come out whole
    try:
        published = b"".join(bibtext.cleaned_utf8(data, encoding))
    finally:
        bibtext.DECODE_CHUNK = before
    assert published == strip_unsafe(text).encode("utf-8")


def test_retired_keys_come_from_the_header_only() -> None:
    """The retired keys, each with its former item or "", are read from the header, never from after the first entry."""
    from ext.reader.bibtext import retired_keys

    text = "% retired: old2019 ABCD2345\n% retired: lost2020\n\n@misc{a, title={x}}\n% retired: late2021 EFGH6789\n"
    assert retired_keys(text) == {"old2019": "ABCD2345", "lost2020": ""}
    assert retired_keys("@misc{a, title={x}}\n% retired: late2021 X\n@misc{b, title={y}}\n") == {}
    assert retired_keys(text + "@misc{b, title={y}}\n") == {"old2019": "ABCD2345", "lost2020": ""}


def test_five_stray_bytes_are_each_reported_and_a_sixth_is_counted() -> None:
    """Up to five stray bytes get a report each; from the sixth on, one more report counts them at the sixth's line."""
    from ext.reader.bibtext import decode_bib

    _, five = decode_bib(b"\xff\xff\xff\xff\xff\n", "x.bib", "utf-8")
    assert len(five) == 5 and all(p.message.startswith("byte 0xff") for p in five)
    _, six = decode_bib(b"\xff\xff\xff\xff\xff\n\n\xfe\n", "x.bib", "utf-8")
    assert str(six[-1]) == "x.bib:3: 1 more bytes that are not UTF-8 text were replaced"


def test_each_line_with_invisible_characters_is_reported_once_with_its_file() -> None:
    """Control characters are reported once per line, every such line, each naming the file and the fix."""
    from ext.reader.bibtext import decode_bib

    _, problems = decode_bib("a\x1b\x1b\nb\nc\u202e\n".encode(), "refs.bib", "utf-8")
    assert [(p.kind, p.line) for p in problems] == [("control_char", 1), ("control_char", 3)]
    assert all(str(p).startswith(f"refs.bib:{p.line}: the invisible character ") for p in problems)
    assert all(
        p.message.endswith("(it can stop LaTeX or turn text around); delete it from the file")
        for p in problems
    )


def _tricky_tail(entries: int) -> str:
    """Entries whose reading depends on what came before: macros redefined in both parts, keys
    repeated across them, the same entry text twice, broken entries, and a file-wide macro budget
    that the entries run out of in the first part (each of every other entry reads 80 000 characters
    of macros), so that the last part's are refused here though a child alone could read them."""
    lines = ['@string{venue = "Early Venue"}', f'@string{{big = "{"y" * 20_000}"}}']
    padding = "words " * 40
    for index in range(entries):
        if index == entries // 2:
            lines.append('@string{venue = "Late Venue"}')
        if index % 97 == 5:
            lines.append("@misc{broken, title = {unclosed")
        key = "twice" if index % 50 == 7 else f"k{index}"
        same = (
            f"@misc{{{key}, author = {{Doe, Jane}}, title = {{T{index % 3}}}, journal = venue, note = big}}"
        )
        lines += [same, same] if index % 40 == 3 else [same]
        kind = "Odd" if index % 3 == 0 else "misc"
        lines.append(f"@{kind}{{m{index}, note = big # big # big # big, abstract = {{{padding}}}}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("fast", [True, False])
def test_a_file_read_on_two_cores_is_the_file_read_on_one(
    monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    """A file whose last part a forked child parsed reads as one process reads it: entries, sources,
    lines, problems (in order) and macros; this process parses only the first part itself."""
    require(forked.can_fork(), "os.fork and a second core")
    tricky, synthetic = _tricky_tail(400), synth.generate(2000, seed=3)
    texts = [tricky, synthetic, *(decode_bib(path.read_bytes(), "")[0] for path in CORPORA)]
    for text in texts:
        monkeypatch.setattr(bibfile, "READ_THERE_FROM", 10**9)
        alone = parse_bib(text, "one.bib", fast=fast)
        parsed_here: list[str] = []

        def counted(
            source: str, macros: Mapping[str, str], parsed_here: list[str] = parsed_here
        ) -> Entry | None:
            parsed_here.append(source)  # in this process only: a child appends to its own copy
            return parse_entry(source, macros)

        monkeypatch.setattr(bibfile, "READ_THERE_FROM", 1)
        monkeypatch.setattr(bibfile, "parse_entry", counted)
        both = parse_bib(text, "one.bib", fast=fast)
        monkeypatch.undo()
        assert whole(both) == whole(alone)
        if text is synthetic and fast:
            assert len(parsed_here) < len(alone.entries) * 0.8  # the child parsed the rest
        if text is tricky:  # the budget ran out in the last part: refused here as in one process
            refused = [p.key for p in alone.problems if p.kind == "macro_expansion"]
            assert refused[-1] == "m399" and len(refused) > 100


def test_an_entry_parsed_ahead_carries_the_macros_its_first_reading_read() -> None:
    """What a child parsed ahead is charged to this process's macro budget as reading it here would be:
    the characters its first reading took from the macros (a repeated text is read once, for free)."""
    text = (
        '@string{big = "'
        + "y" * 1000
        + '"}\n'
        + "@misc{a, note = big # big}\n" * 2
        + "@misc{b, note = {x}}\n"
    )
    parsed = bibfile._parsed_ahead(text, "t.bib", 0, fast=True)
    assert sorted(spent for _, spent in parsed.values()) == [0, 2000]


def test_a_child_whose_part_holds_no_entry_to_take_is_still_waited_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When no entry of the child's part is read (all of them broken), its answer is still taken: no
    child, pipe or answer file is left behind by the read."""
    require(forked.can_fork(), "os.fork and a second core")
    monkeypatch.setattr(bibfile, "READ_THERE_FROM", 1)
    text = synth.generate(20, seed=1) + "@misc{broken,\n  title = {never closed\n" * 400
    open_before = len(os.listdir("/proc/self/fd"))
    bib = parse_bib(text, "t.bib")
    assert len(bib.entries) == 20 and bib.problems
    assert len(os.listdir("/proc/self/fd")) == open_before
