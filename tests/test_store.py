"""The library lives in its own file between builds: small environment, same pages, safe fallbacks."""

from __future__ import annotations

import shutil
from pathlib import Path

from ext.site import store

from conftest import REPO, build_alone

ROOT = REPO / "tests" / "roots" / "test-seed"


def test_stored_state_comes_back_only_under_its_token(tmp_path: Path) -> None:
    """A stored state is read back by its token; another token, a damaged or missing file give None."""
    path = tmp_path / "doctrees" / store.FILE_NAME
    store.write(path, "t1", [("state", [1, 2])])
    assert store.read(path, "t1") == [("state", [1, 2])]
    assert store.read(path, "t2") is None
    path.write_bytes(path.read_bytes()[:20])  # cut short, as by a full disk
    assert store.read(path, "t1") is None
    assert store.read(tmp_path / "missing", "t1") is None
    assert list(path.parent.glob("*.tmp")) == []  # no temporary file left behind


def test_later_parts_share_only_what_the_first_part_names(tmp_path: Path) -> None:
    """A later part's references to objects the first part names come back as those very objects;
    anything else both parts hold comes back twice (each part has a memo of its own)."""
    path = tmp_path / store.FILE_NAME
    text, other = "x" * 1000, ["other"]
    first = {"sources": {"k": text}, "other": other}
    store.write(path, "t", [first, (text, other, text)], lambda part: part["sources"])
    parts = store.read(path, "t", lambda part: part["sources"])
    assert parts is not None
    (read_first, (again, other_again, third)) = parts
    assert again is read_first["sources"]["k"] and third is again
    assert other_again == other and other_again is not read_first["other"]
    assert store.read(path, "t", lambda part: {}) is None  # a name the first part no longer has


def test_environment_holds_a_reference_and_rebuilds_match(make_app, tmp_path: Path) -> None:
    """Sphinx's environment no longer carries the entries; a rebuild from the stored library, and one
    after the stored file is lost, write the same page as the first build."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / "conf.py").write_text(
        (src / "conf.py")
        .read_text(encoding="utf-8")
        .replace("../../data/seed.bib", str(REPO / "tests" / "data" / "seed.bib")),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    make_app("html", srcdir=src, builddir=out, freshenv=True).build()
    doctrees = next(out.rglob("environment.pickle")).parent
    first = next(out.rglob("index.html")).read_bytes()
    title = b"Optimal Brain Damage"
    assert title not in (doctrees / "environment.pickle").read_bytes()
    assert title in (doctrees / store.FILE_NAME).read_bytes()
    ris = next(out.rglob("seed.ris"))
    ris.write_text("stale", encoding="utf-8")  # rewritten only by a build that read the .bib again
    (src / "index.rst").write_text((src / "index.rst").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    make_app("html", srcdir=src, builddir=out).build()  # the library read back from its file
    assert next(out.rglob("index.html")).read_bytes() == first
    assert ris.read_text(encoding="utf-8") == "stale"
    (doctrees / store.FILE_NAME).unlink()
    (src / "index.rst").write_text((src / "index.rst").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    make_app("html", srcdir=src, builddir=out).build()  # no file: the .bib is read again
    assert next(out.rglob("index.html")).read_bytes() == first
    assert ris.read_text(encoding="utf-8") != "stale"
    assert (doctrees / store.FILE_NAME).is_file()


def test_a_store_that_cannot_be_written_is_one_warning(make_app, tmp_path: Path) -> None:
    """When the library's file cannot be written, the build still succeeds, with one located warning."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-feed", src)
    out = tmp_path / "out"
    make_app("html", srcdir=src, builddir=out, freshenv=True).build()
    stored = next(out.rglob(store.FILE_NAME))
    stored.unlink()
    stored.mkdir()  # a folder where the file goes: replacing it fails
    app = make_app("html", srcdir=src, builddir=out, freshenv=True)
    app.build()
    assert app.statuscode == 0
    assert "could not store the library" in app._warning.getvalue()
    assert next(out.rglob("index.html")).is_file()


def test_the_heap_is_frozen_while_the_pages_are_made_and_thawed_after(tmp_path: Path) -> None:
    """While the pages are read and written, what existed once the build started (the library,
    Sphinx's environment) is left out of the collector's walks; once the build ends, a host
    collects it as before."""
    found = build_alone(
        "basic",
        tmp_path,
        before="""
            found["frozen"] = []
            app.connect("html-page-context", lambda *args: found["frozen"].append(gc.get_freeze_count()))
        """,
        after='found["after"] = gc.get_freeze_count()',
    )
    assert found["frozen"] and min(found["frozen"]) > 0
    assert found["after"] == 0
