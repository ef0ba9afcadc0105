"""The list's entries reach every HTML builder's page, and Sphinx never holds them where it writes pages one file each."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from ext.site.nodes import PLACEHOLDER

KEYS = ["2016-albericio", "Frankle:2019", "evil", "zoph_2017"]


@pytest.fixture
def basic(rootdir: Path, tmp_path: Path) -> Path:
    """A copy of the basic project (its builds go into its own _build)."""
    return Path(shutil.copytree(rootdir / "test-basic", tmp_path / "basic"))


def _bodies(app) -> dict[str, str]:
    """The page bodies Sphinx renders, by page name (filled while the app builds)."""
    bodies: dict[str, str] = {}
    app.connect(
        "html-page-context",
        lambda app, name, template, context, doctree: bodies.update({name: context.get("body", "")}),
    )
    return bodies


@pytest.mark.parametrize("builder, page", [("html", "index.html"), ("dirhtml", "index.html")])
def test_pages_written_one_file_each_get_the_entries_after_sphinx_wrote_them(
    make_app, basic: Path, builder: str, page: str
) -> None:
    """html and dirhtml hand Sphinx a placeholder, not the entries, and the written page holds them all."""
    app = make_app(builder, srcdir=basic, freshenv=True)
    bodies = _bodies(app)
    app.build()
    assert PLACEHOLDER in bodies["index"] and 'class="paper"' not in bodies["index"]
    html = (Path(app.outdir) / page).read_text(encoding="utf-8")
    assert PLACEHOLDER not in html
    assert re.findall(r'data-key="([^"]+)"', html) == KEYS
    assert len(re.findall(r'<ol [^>]*class="paper-list"', html)) == 1
    assert re.search(r'data-key="zoph_2017".*?</li>\s*</ol>', html, re.S)  # the list ends after its entries


def test_builders_that_package_their_pages_get_the_entries_inline(make_app, basic: Path) -> None:
    """singlehtml (one page of all documents) gets the entries in the body it renders."""
    app = make_app("singlehtml", srcdir=basic, freshenv=True)
    bodies = _bodies(app)
    app.build()
    assert PLACEHOLDER not in bodies["index"] and 'data-key="evil"' in bodies["index"]
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert PLACEHOLDER not in html and re.findall(r'data-key="([^"]+)"', html) == KEYS


def test_the_entries_are_encoded_as_sphinx_encodes_the_page(make_app, basic: Path) -> None:
    """In a latin-1 page, a character latin-1 lacks is a character reference, as in the rest of the page."""
    app = make_app(
        "html",
        srcdir=basic,
        freshenv=True,
        confoverrides={"html_output_encoding": "latin-1"},
    )
    app.build()
    html = (Path(app.outdir) / "index.html").read_bytes().decode("latin-1")
    assert PLACEHOLDER not in html and re.findall(r'data-key="([^"]+)"', html) == KEYS
    assert "&#8220;" in html and "\u201c" not in html  # the titles' curly quotes


def test_a_failed_build_leaves_the_list_page_whole(make_app, basic: Path) -> None:
    """A build that fails after writing its pages still writes the entries into them."""
    app = make_app("html", srcdir=basic, freshenv=True)

    def fail(app):
        raise RuntimeError("a failure after the pages were written")

    app.connect("html-collect-pages", fail)
    with pytest.raises(Exception, match="a failure after the pages were written"):
        app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert PLACEHOLDER not in html and re.findall(r'data-key="([^"]+)"', html) == KEYS


def test_a_page_not_written_again_is_left_alone(make_app, basic: Path) -> None:
    """A build that does not write the list page again does not touch its file."""
    app = make_app("html", srcdir=basic, freshenv=True)
    app.build()
    page = Path(app.outdir) / "index.html"
    before = (page.stat().st_mtime_ns, page.read_bytes())
    again = make_app("html", srcdir=basic)
    again.build()
    assert (page.stat().st_mtime_ns, page.read_bytes()) == before


def test_a_page_its_entries_could_not_be_written_into_is_written_again(
    make_app, basic: Path, monkeypatch
) -> None:
    """When the entries cannot be written (a full disk), the build fails naming the page, and the
    page is not left without them: the next build writes it whole."""
    import errno
    import os

    fsync = os.fsync

    def full_for_the_page(fd: int) -> None:
        if ".index.html." in os.readlink(f"/proc/self/fd/{fd}"):  # the page's temporary file only
            raise OSError(errno.ENOSPC, "No space left on device")
        fsync(fd)

    app = make_app("html", srcdir=basic, freshenv=True)
    page = Path(app.outdir) / "index.html"
    monkeypatch.setattr(os, "fsync", full_for_the_page)
    with pytest.raises(ExtensionError, match=f"No space left on device: '{re.escape(str(page))}'"):
        app.build()
    assert not page.exists()
    monkeypatch.setattr(os, "fsync", fsync)
    make_app("html", srcdir=basic).build()
    assert re.findall(r'data-key="([^"]+)"', page.read_text(encoding="utf-8")) == KEYS
