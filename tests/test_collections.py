"""Zotero collections become the page's topics: mirrored by the sync over real HTTP (the fake
server), read by the page from the bib alone, renamed with one pull."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pagesite import build_html, serve, settle, visible_keys

from ext.reader.bibfile import read_bib
from ext.reader.fields import Fields
from ext.site.facets import all_collections, collections_of
from sync.cli import main

from conftest import REPO
from zotero_fixture import GROUP


def pull(bib: Path) -> None:
    result = CliRunner().invoke(main, ["pull", "--bib", str(bib), "--quiet"])
    assert result.exit_code == 0, result.output


def paths_by_key(bib: Path) -> dict[str, tuple[str, ...]]:
    return {e.key: collections_of(Fields(e)) for e in read_bib(bib).entries if collections_of(Fields(e))}


@pytest.fixture
def organised(zotero, sync_env, tmp_path: Path):
    """The fixture library with nested collections ("Pruning" › "Structured"), pulled once."""
    lib = zotero.group(GROUP)
    pruning = lib.add_collection("Pruning")
    structured = lib.add_collection("Structured", parent=pruning)
    quantization = lib.add_collection("Quantization")
    keys = sorted(key for key, item in lib.items.items() if item.data.get("citationKey"))
    for i, key in enumerate(keys[:30]):
        member = [[pruning], [structured], [pruning, quantization]][i % 3]
        lib.update_item(key, collections=member)
    bib = tmp_path / "sparsity.bib"
    pull(bib)
    return lib, bib, {"pruning": pruning, "structured": structured}


def test_collections_are_mirrored_with_their_paths(organised) -> None:
    """Each item's collections land in its entry by path ("Pruning › Structured")."""
    _, bib, _ = organised
    found = paths_by_key(bib)
    assert len(found) == 30
    assert sorted(set(found.values())) == [
        ("Pruning",),
        ("Pruning", "Quantization"),
        ("Pruning › Structured",),
    ]
    assert "zotero-collections = {Pruning › Structured}" in bib.read_text(encoding="utf-8")


def test_a_renamed_collection_changes_with_one_pull(organised, zotero) -> None:
    """Renaming a parent collection (no item changes its version) rewrites every path under it in one pull."""
    lib, bib, keys = organised
    lib.rename_collection(keys["pruning"], "Sparsification")
    pull(bib)
    facet = dict(all_collections([_facets(e) for e in read_bib(bib).entries]))
    assert facet == {"Quantization": 10, "Sparsification": 20, "Sparsification › Structured": 10}
    lib.rename_collection(keys["structured"], "Structured", parent=keys["pruning"])  # touched, same path
    zotero.requests.clear()
    pull(bib)
    assert dict(all_collections([_facets(e) for e in read_bib(bib).entries])) == facet


def _facets(entry):
    from ext.site.facets import facets_of

    return facets_of(Fields(entry))


@pytest.mark.browser
def test_collection_facet_counts_what_choosing_shows(organised, browser, tmp_path: Path) -> None:
    """On the page built from the pulled bib, each collection's count equals what choosing it shows,
    and the list groups by collection on request."""
    _, bib, _ = organised
    server = serve(build_html(REPO, tmp_path / "site", bibtex_bibfiles=[str(bib)]))
    try:
        context = browser.new_context()
        context.add_init_script(
            "document.addEventListener('papers:filtered', (e) => {"
            " window.__updates = (window.__updates || 0) + 1; window.__last = e.detail; });"
        )
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/papers.html")
        page.wait_for_function("window.__updates >= 1")
        options = page.eval_on_selector_all(
            "#pf-collection option", "os => os.slice(1).map(o => [o.value, o.text])"
        )
        assert [value for value, _ in options] == ["Pruning", "Pruning › Structured", "Quantization"]
        expected = paths_by_key(bib)
        for value, text in options:
            count = int(re.search(r"\((\d+)\)$", text).group(1))
            settle(page, lambda value=value: page.select_option("#pf-collection", value))
            shown = visible_keys(page)
            assert len(shown) == count == sum(value in paths for paths in expected.values()), value
        settle(page, lambda: page.select_option("#pf-collection", ""))
        settle(page, lambda: page.select_option("#pf-sort", "collection"))
        headings = page.eval_on_selector_all(
            ".paper:not([hidden]) > .paper-group", "hs => hs.map(h => h.textContent)"
        )
        assert headings == ["Pruning", "Pruning › Structured", "In no collection"]
        context.close()
    finally:
        server.shutdown()
