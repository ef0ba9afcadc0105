"""A server that answers wrongly never becomes data: the bib is left as it was, or pulled correctly."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sync.cli import main

from fakezotero.wire import Response
from zotero_fixture import GROUP


def pull(bib: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["pull", "--bib", str(bib), "--quiet", "--retries", "1", "--timeout", "5", *args]
    )


def items_without(field: str) -> Callable[[Response], Response]:
    def rewrite(response: Response) -> Response:
        items = json.loads(response.body)
        for item in items if isinstance(items, list) else []:
            if field == "itemType":
                item.get("data", {}).pop("itemType", None)
            else:
                item.pop(field, None)
        return dataclasses.replace(response, body=json.dumps(items).encode())

    return rewrite


def header(name: str, value: str) -> Callable[[Response], Response]:
    def rewrite(response: Response) -> Response:
        return dataclasses.replace(response, headers={**response.headers, name: value})

    return rewrite


def body(text: bytes) -> Callable[[Response], Response]:
    return lambda response: dataclasses.replace(response, body=text)


FAULTS = {
    "items without data": (items_without("data"), "/items"),
    "items without itemType": (items_without("itemType"), "/items"),
    "Total-Results 10^12": (header("Total-Results", str(10**12)), "/items/top"),
    "not JSON": (body(b"<html>proxy error</html>"), "/items"),
    "truncated body": (lambda r: dataclasses.replace(r, body=r.body[: len(r.body) // 2]), "/items"),
}


@pytest.fixture
def pulled(sync_env, tmp_path: Path) -> Path:
    bib = tmp_path / "sparsity.bib"
    assert pull(bib).exit_code == 0
    return bib


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_full_pull_from_a_faulty_server(fault: str, zotero, sync_env, tmp_path: Path) -> None:
    """Every page answered wrongly: one error, no bib written; the same fault once: retried, pulled right."""
    rewrite, path = FAULTS[fault]
    bib = tmp_path / "sparsity.bib"
    zotero.inject(rewrite=rewrite, path_contains=path, times=None)
    result = pull(bib)
    assert result.exit_code == 1 and result.output.startswith("Error: "), result.output
    assert not bib.exists()
    zotero.clear_faults()
    zotero.inject(rewrite=rewrite, path_contains=path, times=1)
    result = pull(bib)
    assert result.exit_code == 0, result.output
    good = tmp_path / "good.bib"
    zotero.clear_faults()
    assert pull(good).exit_code == 0 and good.read_text(encoding="utf-8") == bib.read_text(encoding="utf-8")


@pytest.mark.parametrize("fault", [f for f in FAULTS if f != "Total-Results 10^12"])
def test_incremental_pull_from_a_faulty_server(fault: str, zotero, pulled: Path) -> None:
    """A change fetched through a faulty server leaves the bib and the state untouched."""
    rewrite, path = FAULTS[fault]
    zotero.group(GROUP).add_item({"itemType": "book", "title": "A new book", "date": "2024"})
    before = (pulled.read_bytes(), pulled.with_suffix(".zotero.json").read_bytes())
    zotero.inject(rewrite=rewrite, path_contains=path, times=None)
    result = pull(pulled)
    assert result.exit_code == 1, result.output
    assert before == (pulled.read_bytes(), pulled.with_suffix(".zotero.json").read_bytes())


def test_version_going_backwards(zotero, pulled: Path, tmp_path: Path) -> None:
    """A library version below the saved one: said so, the whole library read again, the bib right."""
    zotero.group(GROUP).add_item({"itemType": "book", "title": "A new book", "date": "2024"})
    zotero.inject(rewrite=header("Last-Modified-Version", "3"), path_contains="/items", times=None)
    result = pull(pulled)
    assert result.exit_code == 0 and "the state file cannot be right" in result.output
    zotero.clear_faults()
    fresh = tmp_path / "fresh.bib"
    assert pull(fresh).exit_code == 0
    assert "A new book" in pulled.read_text(encoding="utf-8")
    assert pulled.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8")


def test_state_ahead_of_the_library_means_a_full_pull(zotero, pulled: Path) -> None:
    """A state claiming a version the library never reached is said so, and a full pull repairs the bib."""
    state = pulled.with_suffix(".zotero.json")
    data = json.loads(state.read_text(encoding="utf-8"))
    data["version"] = 10**9
    state.write_text(json.dumps(data), encoding="utf-8")
    zotero.group(GROUP).add_item({"itemType": "book", "title": "Added after the bad state", "date": "2024"})
    result = pull(pulled)
    assert result.exit_code == 0 and "the state file cannot be right" in result.output
    assert "Added after the bad state" in pulled.read_text(encoding="utf-8")
    assert json.loads(state.read_text(encoding="utf-8"))["version"] == zotero.group(GROUP).version


def test_damaged_state_means_a_full_pull(zotero, pulled: Path) -> None:
    """A damaged state file is a warning and a full pull, never an 'unexpected error'."""
    state = pulled.with_suffix(".zotero.json")
    state.write_text(
        '{"format": 2, "library": "groups/4242", "version": "ten", "items": {}}', encoding="utf-8"
    )
    result = pull(pulled)
    assert result.exit_code == 0 and "is unusable" in result.output and "unexpected" not in result.output


def test_a_pull_that_would_empty_many_titles_is_refused(zotero, pulled: Path) -> None:
    """Answers that drop the titles of many changed items are refused like a mass removal (unless --force)."""
    lib = zotero.group(GROUP)
    keys = sorted(
        key
        for key, item in lib.items.items()
        if item.data.get("title")
        and not item.data.get("deleted")
        and item.item_type not in ("attachment", "note")
    )
    for key in keys[:100]:
        lib.update_item(key, extra=f"edited {key}")

    def untitled(response: Response) -> Response:
        items = json.loads(response.body)
        for item in items if isinstance(items, list) else []:
            item.get("data", {}).pop("title", None)
        return dataclasses.replace(response, body=json.dumps(items).encode())

    zotero.inject(rewrite=untitled, path_contains="/items", times=None)
    before = pulled.read_bytes()
    result = pull(pulled)
    assert result.exit_code == 1 and "would empty the titles of" in result.output, result.output
    assert pulled.read_bytes() == before


def test_an_item_with_a_lone_surrogate_costs_that_item_only(zotero, pulled: Path) -> None:
    """An answer whose item holds a lone surrogate (``"\\ud800"``) skips that item, warned by key; the rest is pulled."""
    lib = zotero.group(GROUP)
    bad = lib.add_item({"itemType": "book", "title": "Broken SURROGATE title", "date": "2024"})
    lib.add_item({"itemType": "book", "title": "A healthy new book", "date": "2024"})
    zotero.inject(
        rewrite=lambda r: dataclasses.replace(r, body=r.body.replace(b"SURROGATE", b"\\ud800")),
        path_contains="/items",
        times=None,
    )
    for _ in range(2):  # the next pull repeats the warning until the item is fixed
        result = pull(pulled)
        assert result.exit_code == 0, result.output
        assert (
            f"item {bad} " in result.output and "title holds text that is not valid Unicode" in result.output
        )
    text = pulled.read_text(encoding="utf-8")
    assert "A healthy new book" in text and "Broken" not in text
