"""``push`` seeds a group from the bib; a pull then gives back the same keys and the same list."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ext import style
from ext.reader.bibfile import read_bib
from ext.reader.fields import Fields, arxiv_id
from ext.reader.latex import decode
from ext.reader.urls import bare_doi
from ext.style.backends import HtmlBackend
from ext.style.markdown import MarkdownBackend
from sync.cli import main
from sync.mapping import languages

from conftest import REPO, SEED_BIB
from zotero_fixture import WRITE_KEY

#: Entries whose rendering differs after the round trip, and why (see the closing note of the sync issue).
EXPECTED_RENDER_DIFFERENCES = {
    "2019-xiao": "the bib writes the apostrophe of d'Alché-Buc as \\textquotesingle (straight); Zotero "
    "stores an apostrophe, which is typeset as ’",
}
#: BibTeX types that come back as another type with the same rendering.
TYPE_ALIASES = {"inbook": "incollection"}


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--quiet"])


def normalised(entry) -> dict:
    """The fields a reader relies on, decoded and normalised."""
    fields = Fields(entry)

    def text(name: str) -> str:
        return " ".join(str(decode(fields.raw(name) or "")).split()).replace("’", "'")

    def names(role: str) -> list[str]:
        return [
            (
                str(decode(" ".join(p.first_names + p.middle_names)))
                + "|"
                + str(decode(" ".join(p.prelast_names + p.last_names + p.lineage_names)))
            ).replace("’", "'")
            for p in entry.persons.get(role, [])
        ]

    return {
        "type": TYPE_ALIASES.get(entry.type.lower(), entry.type.lower()),
        "title": text("title"),
        "authors": names("author"),
        "editors": names("editor"),
        "year": fields.year,
        "venue": text("journal") or text("booktitle"),
        "volume": text("volume"),
        "number": text("number"),
        "pages": re.sub(r"\s*[-–]+\s*", "-", text("pages")),
        "publisher": text("publisher") or text("organization"),
        "doi": bare_doi(fields.raw("doi") or ""),
        "url": (fields.raw("url") or "").strip(),
        "arxiv": arxiv_id(fields),
        "language": text("language") or languages.language_of(text("langid")),
        "langid": text("langid") or languages.langid(text("language")) or "",
    }


def rendered(bib, backend) -> dict[str, str]:
    """Citation key → its entry as *backend* writes it."""
    style.register()
    return {
        entry.key: entry.text.render(backend) for entry in style.SparsityStyle().format_entries(bib.entries)
    }


#: Bibliographies pushed into an empty group and pulled back, with the entries whose rendering may differ.
ROUND_TRIPS = {
    "seed.bib": (SEED_BIB, EXPECTED_RENDER_DIFFERENCES),
    "sync-cases.bib": (REPO / "tests" / "data" / "sync-cases.bib", {}),
}


@pytest.mark.parametrize("name", sorted(ROUND_TRIPS))
def test_round_trip_keeps_keys_fields_and_rendering(name: str, empty_group, tmp_path: Path) -> None:
    """Push a bib into an empty group, pull it into a new file: the same keys, the same fields after
    normalisation (language and langid too), the same Markdown and HTML entries except the listed ones."""
    source, differences = ROUND_TRIPS[name]
    seed = tmp_path / "seed.bib"
    shutil.copy(source, seed)
    pushed = run("push", "--bib", str(seed))
    assert pushed.exit_code == 0, pushed.output
    assert f"Created {len(read_bib(seed).data.entries)} items" in pushed.output
    out = tmp_path / "pulled.bib"
    pulled = run("pull", "--bib", str(out), "--strict")
    assert pulled.exit_code == 0, pulled.output
    before, after = read_bib(seed), read_bib(out)
    assert list(sorted(before.data.entries)) == list(sorted(after.data.entries))
    for key, entry in before.data.entries.items():
        assert normalised(after.data.entries[key]) == normalised(entry), key
    for backend in (MarkdownBackend(), HtmlBackend()):
        old, new = rendered(before, backend), rendered(after, backend)
        assert {key for key in old if old[key] != new[key]} == set(differences)


def test_push_twice_creates_nothing_new(empty_group, tmp_path: Path) -> None:
    """A second push finds every entry in the group and writes nothing."""
    seed = tmp_path / "seed.bib"
    shutil.copy(REPO / "tests" / "golden" / "representative.bib", seed)
    assert run("push", "--bib", str(seed)).exit_code == 0
    empty_group.requests.clear()
    again = run("push", "--bib", str(seed))
    assert again.exit_code == 0 and "Created 0 items" in again.output
    assert not [r for r in empty_group.requests if r.method != "GET"]


def test_writes_are_batched_with_preconditions(empty_group, tmp_path: Path) -> None:
    """Items are created 50 per request, each with a write token and a version precondition."""
    seed = tmp_path / "seed.bib"
    shutil.copy(SEED_BIB, seed)
    assert run("push", "--bib", str(seed)).exit_code == 0
    posts = [r for r in empty_group.requests if r.method == "POST"]
    assert len(posts) == 10 and all(r.status == 200 for r in posts)
    assert all(
        r.headers.get("zotero-write-token") and r.headers.get("if-unmodified-since-version") for r in posts
    )
    assert len({r.headers["zotero-write-token"] for r in posts}) == 10


def test_local_entry_is_pushed_then_adopted(zotero, sync_env, tmp_path: Path, monkeypatch) -> None:
    """A contributed entry stays through pulls, push uploads it, and the next pull mirrors it."""
    bib = tmp_path / "sparsity.bib"
    assert run("pull", "--bib", str(bib)).exit_code == 0
    with bib.open("a", encoding="utf-8") as handle:
        handle.write(
            "\n@article{contributed2024,\n  author = {Doe, Jane},\n  title = {A {PR} paper},\n"
            "  journal = {J},\n  year = {2024}\n}\n"
        )
    assert run("pull", "--bib", str(bib)).exit_code == 0
    assert "zoterokey" not in bib.read_text().split("@article{contributed2024,")[1].split("}\n")[0]
    monkeypatch.setenv("ZOTERO_API_KEY", WRITE_KEY)
    pushed = run("push", "--bib", str(bib))
    assert pushed.exit_code == 0 and "Created 1 items" in pushed.output
    result = run("pull", "--bib", str(bib), "--dry-run")
    assert "now from Zotero (1):\n  = contributed2024\n" in result.output
    assert run("pull", "--bib", str(bib)).exit_code == 0
    entry = read_bib(bib).data.entries["contributed2024"]
    assert entry.fields["zoterokey"] and str(decode(entry.fields["title"])) == "A PR paper"


def test_push_needs_write_access(zotero, sync_env, tmp_path: Path) -> None:
    """Pushing with a read-only key fails with one error and creates nothing."""
    seed = tmp_path / "seed.bib"
    seed.write_text("@misc{new2024, title = {New}, year = {2024}}\n")
    result = run("push", "--bib", str(seed))
    assert result.exit_code == 1 and result.output.startswith("Error: ")
    assert "a key that can write to this group" in result.output
