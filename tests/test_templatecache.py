"""The HTML templates compiled once per project: the same pages, compiled again when a template changes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from jinja2 import FileSystemBytecodeCache
from sphinx.testing.util import SphinxTestApp

from ext.site.templatecache import FOLDER, compile_settings


@pytest.fixture
def project(tmp_path: Path, rootdir: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-template-cache", srcdir)
    return srcdir


@pytest.fixture
def compiled(monkeypatch) -> Iterator[list[str]]:
    """The names of the templates Jinja compiles from source (its own compile, only counted)."""
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, *args, **kwargs):
        if name is not None:  # a template from a file; Sphinx's *_t static files are strings
            names.append(name)
        return compile_(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    yield names


def build(srcdir: Path, out: Path, **overrides) -> dict[str, bytes]:
    """A fresh build (new application, new environment) of *srcdir*; its HTML pages by name."""
    app = SphinxTestApp("html", srcdir=srcdir, builddir=out, freshenv=True, confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()
    return {path.name: path.read_bytes() for path in sorted((out / "html").glob("*.html"))}


def test_a_second_build_compiles_no_template_and_writes_the_same_pages(
    project: Path, tmp_path: Path, compiled: list[str]
) -> None:
    """A build after the first loads every template compiled, and its pages are byte for byte
    those of a build without the cache."""
    first = build(project, tmp_path / "out")
    assert "layout.html" in compiled and "page.html" in compiled
    compiled.clear()
    second = build(project, tmp_path / "out")
    assert compiled == []
    uncached = build(project, tmp_path / "plain", papers_template_cache=False)
    assert second == first == uncached
    assert b"first version" in second["index.html"]


def test_an_edited_template_is_compiled_again(project: Path, tmp_path: Path, compiled: list[str]) -> None:
    """Editing the project's layout between builds shows the edit: only that template is compiled again."""
    build(project, tmp_path / "out")
    layout = project / "_templates" / "layout.html"
    layout.write_text(layout.read_text().replace("first version", "second version"))
    compiled.clear()
    pages = build(project, tmp_path / "out")
    assert b"second version" in pages["index.html"] and b"first version" not in pages["index.html"]
    assert compiled == ["layout.html"]


def test_the_cache_is_kept_in_the_doctree_folder_and_can_be_turned_off(project: Path, tmp_path: Path) -> None:
    """The compiled templates are in the doctree folder; ``papers_template_cache = False`` writes none."""
    build(project, tmp_path / "out")
    assert list((tmp_path / "out" / "doctrees" / FOLDER).glob("*/__jinja2_*.cache"))
    build(project, tmp_path / "plain", papers_template_cache=False)
    assert not (tmp_path / "plain" / "doctrees" / FOLDER).exists()


def test_a_project_s_own_bytecode_cache_is_kept(project: Path, tmp_path: Path) -> None:
    """A project that set a bytecode cache of its own (in conf.py's setup) keeps it."""
    own = tmp_path / "own-cache"
    own.mkdir()
    (project / "conf.py").write_text(
        (project / "conf.py").read_text()
        + "\ndef _own_cache(app):\n"
        + "    from jinja2 import FileSystemBytecodeCache\n"
        + f"    app.builder.templates.environment.bytecode_cache = FileSystemBytecodeCache({str(own)!r})\n"
        + "\ndef setup(app):\n    app.connect('builder-inited', _own_cache, priority=100)\n"
    )
    build(project, tmp_path / "out")
    assert list(own.glob("__jinja2_*.cache"))
    assert not (tmp_path / "out" / "doctrees" / FOLDER).exists()


def test_compiled_code_is_kept_apart_by_the_settings_it_depends_on() -> None:
    """Environments that compile a template differently never share cached code; equal ones do."""
    plain = jinja2.Environment()
    assert compile_settings(plain) == compile_settings(jinja2.Environment())
    different = [
        jinja2.Environment(trim_blocks=True),
        jinja2.Environment(extensions=["jinja2.ext.i18n"]),
        jinja2.Environment(block_start_string="<%", block_end_string="%>"),
        jinja2.Environment(autoescape=True),
        jinja2.Environment(bytecode_cache=FileSystemBytecodeCache()),  # not a compile setting
    ]
    assert [compile_settings(env) != compile_settings(plain) for env in different] == [True] * 4 + [False]
    from jinja2.sandbox import SandboxedEnvironment

    assert compile_settings(SandboxedEnvironment()) != compile_settings(plain)
    assert compile_settings(jinja2.Environment(finalize=str)) != compile_settings(plain)
    assert compile_settings(jinja2.Environment(autoescape=jinja2.select_autoescape())) is None


def test_it_is_an_extension_of_its_own_too(tmp_path: Path, compiled: list[str]) -> None:
    """A project without the bibliography lists ``ext.site.templatecache`` alone and keeps its
    compiled templates; listing it beside ``ext`` sets it up once."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["ext.site.templatecache"]\n', encoding="utf-8")
    (src / "index.rst").write_text("Empty\n=====\n\nNothing here.\n", encoding="utf-8")
    build(src, tmp_path / "out")
    compiled.clear()
    build(src, tmp_path / "out")
    assert compiled == []
    (src / "conf.py").write_text(
        'extensions = ["ext", "ext.site.templatecache"]\nbibtex_bibfiles = []\n', encoding="utf-8"
    )
    build(src, tmp_path / "both")
    assert list((tmp_path / "both" / "doctrees" / FOLDER).glob("*/__jinja2_*.cache"))
