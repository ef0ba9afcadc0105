"""The Sphinx extension builds the list page with anchors, data-keys, links and warnings."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ext.reader.bibfile import read_bib
from ext.site.anchors import anchor_for

from conftest import REPO


def build(app) -> str:
    app.build()
    return (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


def only_the_dropped_link(warning) -> bool:
    """The one warning of the basic roots: the javascript: url not shown (never a silent drop)."""
    lines = warnings_of(warning)
    return len(lines) == 1 and "WARNING: url of entry 'evil' holds 'javascript:alert(1)'" in lines[0]


def warnings_of(warning) -> list[str]:
    """Warning lines without terminal colour codes."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line]


@pytest.mark.sphinx("html", testroot="basic")
def test_entries_have_keys_anchors_and_links(app, warning) -> None:
    """Each entry is a list item with its exact key in data-key, a stable id, and real links."""
    html = build(app)
    assert only_the_dropped_link(warning)
    assert re.findall(r'data-key="([^"]+)"', html) == ["2016-albericio", "Frankle:2019", "evil", "zoph_2017"]
    assert 'id="ref-frankle~3a~2019"' in html and 'href="#ref-frankle~3a~2019"' in html
    assert 'href="https://doi.org/10.48550/arXiv.1803.03635"' in html
    assert 'href="https://arxiv.org/abs/1611.05162"' in html
    assert 'href="https://example.org/nas"' in html


@pytest.mark.sphinx("html", testroot="basic")
def test_hostile_entry_is_escaped(app) -> None:
    """Markup typed into a field is escaped and a javascript: URL never becomes a link."""
    html = build(app)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/" in html
    assert not re.search(
        r"href\s*=\s*[\"']?\s*javascript:", html, re.IGNORECASE
    )  # text in the BibTeX box only


def test_anchor_rule() -> None:
    """Anchors are ``ref-`` + the lower-cased key, unusual characters as ``~hex~``."""
    assert anchor_for("2019-Jin_b.v2") == "ref-2019-jin_b.v2"
    assert anchor_for("Smith:2020 x") == "ref-smith~3a~2020~20~x"


@pytest.mark.sphinx("html", testroot="bad-bib")
def test_bad_entries_warn_once_and_lose_nothing_else(app, warning) -> None:
    """Duplicate key, syntax error and unknown type give one located warning each; the rest builds,
    also for sphinxcontrib-bibtex, which alone would drop every entry after the duplicate."""
    html = build(app)
    warnings = warnings_of(warning)
    assert len(warnings) == 3, warnings
    assert "refs.bib:15: WARNING: duplicate key 'dup2019'" in warnings[0]
    assert warnings[0].endswith("[papers.duplicate_key]")
    assert "refs.bib:22: WARNING: entry 'broken2019' has unbalanced braces" in warnings[1]
    assert "refs.bib:29: WARNING: entry 'odd2019' has unknown type @gadget" in warnings[2]
    assert re.findall(r'data-key="([^"]+)"', html) == ["before2019", "Dup2019", "odd2019", "after2020"]
    assert "Frost 2020" in html  # the citation after the duplicate resolves
    assert html.count('role="doc-biblioentry"') == 4  # sphinxcontrib-bibtex's list is complete too


@pytest.mark.sphinx("html", testroot="bad-bib", confoverrides={"suppress_warnings": ["papers"]})
def test_warnings_can_be_suppressed(app, warning) -> None:
    """``suppress_warnings = ["papers"]`` silences the bib warnings."""
    build(app)
    assert "WARNING" not in warning.getvalue()


@pytest.mark.sphinx("html", testroot="sphinxcontrib-style")
def test_sphinxcontrib_bibtex_uses_the_style(app, warning) -> None:
    """``bibtex_default_style = "sparsity"`` makes sphinxcontrib-bibtex print Chicago entries."""
    html = build(app)
    assert only_the_dropped_link(warning)
    assert "Frankle, Jonathan, and Michael Carbin. 2019. “The Lottery Ticket Hypothesis.”" in html


def _pages(outdir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".js", ".bib", ".json", ".ris", ".xml"}
    }


def test_parallel_build_equals_serial_build(rootdir: Path, tmp_path: Path) -> None:
    """A parallel build (-j 2, documents really read and written by two workers) gives, byte for
    byte, the pages, page data and published files of a serial one, without warnings."""
    outputs = []
    for jobs in ("1", "2"):
        src, out, warnings_file = tmp_path / f"src{jobs}", tmp_path / f"out{jobs}", tmp_path / f"w{jobs}"
        shutil.copytree(rootdir / "test-parallel", src)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-N",  # no colours, whatever CI forces: the output is read below
                "-b",
                "html",
                "-j",
                jobs,
                "-w",
                str(warnings_file),
                str(src),
                str(out),
            ],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert warnings_file.read_text(encoding="utf-8") == ""
        # documents read and written in chunks by workers ("chapter1 .. chapter5") only with -j 2
        chunked = re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. \S+", done.stdout)
        assert bool(chunked) == (jobs == "2"), done.stdout
        outputs.append(_pages(out))
    serial, parallel = outputs
    assert len(serial) > 9 and "chapter7.html" in serial
    assert parallel == serial


def test_real_project_builds_without_warnings(make_app, tmp_path: Path) -> None:
    """The shipped project builds warning-free and the list holds every key of the live sparsity.bib."""
    app = make_app("html", srcdir=REPO, builddir=tmp_path)
    app.build()
    assert app.warning.getvalue() == ""
    html = (Path(app.outdir) / "papers.html").read_text(encoding="utf-8")
    assert set(re.findall(r'data-key="([^"]+)"', html)) == set(read_bib(REPO / "sparsity.bib").data.entries)


@pytest.mark.sphinx(
    "html", testroot="bad-bib", confoverrides={"bibtex_bibfiles": ["refs.bib", "gone.bib"]}, freshenv=True
)
def test_missing_bib_file_is_one_warning(app, warning) -> None:
    """A missing .bib is one warning naming conf.py; sphinxcontrib-bibtex keeps our entries (no re-parse)."""
    html = build(app)
    lines = warnings_of(warning)
    assert [line for line in lines if "gone.bib" in line] == [
        next(line for line in lines if "gone.bib" in line)
    ]
    missing = next(line for line in lines if "gone.bib" in line)
    assert "fix bibtex_bibfiles in conf.py" in missing and "conf.py:" in missing.split("WARNING")[0]
    assert html.count('role="doc-biblioentry"') == 4  # the entries after the duplicate are still there


@pytest.mark.sphinx("html", testroot="bad-encoding")
def test_a_stray_byte_costs_nothing(app, warning) -> None:
    """A byte that is not UTF-8 is one warning with file and line; every entry still builds."""
    html = build(app)
    lines = warnings_of(warning)
    assert len(lines) == 1 and "refs.bib:9:" in lines[0] and "byte 0xe9 is not UTF-8" in lines[0]
    assert "papers.encoding" in lines[0]
    assert re.findall(r'data-key="([^"]+)"', html) == ["first2019", "latin2020", "sameline2022", "last2021"]
    assert "Caf\ufffd, Cy" in html


def test_builds_leave_no_state_behind(make_app, rootdir: Path, tmp_path: Path) -> None:
    """Rendering an entry gives the same text before, between and after builds of two projects."""
    from ext.cli.render import render_list
    from ext.reader.bibfile import parse_bib

    alone = (
        "@misc{frankle2020b,\n  author = {Frankle, Jonathan and Dziugaite, Gintare Karolina and Roy, Daniel M."
        " and Carbin, Michael},\n  title = {Stabilizing the lottery ticket hypothesis},\n  year = {2020}\n}\n"
    )
    rendered = [render_list(parse_bib(alone), "text")]
    for number, root in enumerate(("test-citations", "test-basic")):
        make_app("html", srcdir=rootdir / root, builddir=tmp_path / str(number)).build()
        rendered.append(render_list(parse_bib(alone), "text"))
    assert len(set(rendered)) == 1 and "2020." in rendered[0] and "2020b" not in rendered[0]


@pytest.mark.sphinx("html", testroot="real-world")
def test_crossref_and_unknown_macros_warn_once_with_their_types(app, warning) -> None:
    """A crossref to a missing key and each unknown macro are one located warning each, with their
    ``papers.crossref``/``papers.unknown_macro`` types; the entries still render, inheriting their parents."""
    html = build(app)
    warnings = warnings_of(warning)
    assert len(warnings) == 2, warnings
    assert "refs.bib:15: WARNING: entry 'orphan2020' has crossref = {nowhere}" in warnings[0]
    assert warnings[0].endswith("[papers.crossref]")
    assert "refs.bib:24: WARNING: unknown LaTeX macro \\rpackage in entry 'spot2021'" in warnings[1]
    assert warnings[1].endswith("[papers.unknown_macro]")
    assert "In <em>Ant Algorithms</em>, edited by Marco Dorigo, 238–49. Springer." in html
    assert (
        "“SPOT: Sequential Parameter Optimization and CEGO.”" in html
        and "rpackage" not in html.split("<pre>")[0]
    )


def test_crossref_child_follows_its_parent_across_builds(make_app, tmp_path: Path) -> None:
    """Editing only a parent entry re-renders the entries that inherit from it on the next build."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-real-world", src)
    first = make_app("html", srcdir=src)
    assert "edited by Marco Dorigo, 238–49. Springer." in build(first)
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Springer", "Kluwer"), encoding="utf-8")
    os.utime(bib, (time.time() + 5, time.time() + 5))
    again = build(make_app("html", srcdir=src))
    assert "edited by Marco Dorigo, 238–49. Kluwer." in again and "Springer" not in again


def test_a_changed_string_macro_rerenders_its_entries(make_app, tmp_path: Path) -> None:
    """Editing only an @string definition changes every entry that uses it on the next build."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["ext"]\nbibtex_bibfiles = ["refs.bib"]\n', encoding="utf-8")
    (src / "index.rst").write_text("Macros\n======\n\n.. paper-list::\n", encoding="utf-8")
    bib = src / "refs.bib"
    bib.write_text('@string{venue = "Old Venue"}\n@article{a, title = {T}, journal = venue, year = 2020}\n')
    assert "Old Venue" in build(make_app("html", srcdir=src))
    bib.write_text('@string{venue = "New Venue"}\n@article{a, title = {T}, journal = venue, year = 2020}\n')
    os.utime(bib, (time.time() + 5, time.time() + 5))
    again = build(make_app("html", srcdir=src))
    assert "New Venue" in again and "Old Venue" not in again.split("<pre>")[0]


def test_a_build_process_ends_with_everything_written(rootdir: Path, tmp_path: Path) -> None:
    """The opt-in exit handler that skips the last collection (``papers_fast_exit``) loses nothing:
    the warnings file, the status output and the pages are complete when sphinx-build ends."""
    warnings_file = tmp_path / "warnings.txt"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-w",
            str(warnings_file),
            "-D",
            "papers_fast_exit=1",
            str(rootdir / "test-bad-bib"),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "build succeeded" in done.stdout
    assert "duplicate key 'dup2019'" in warnings_file.read_text(encoding="utf-8")
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


#: A conf.py that leaves, in the process's main module, an object in a reference cycle that says
#: when it is collected (as a host's own object would be).
CYCLE_CONF = (
    'extensions = ["ext"]\nbibtex_bibfiles = ["refs.bib"]\nimport os, sys\n'
    "class Cycle:\n"
    "    def __del__(self):\n"
    "        os.write(1, b'collected at exit\\n')\n"
    "cycle = Cycle()\ncycle.me = cycle\n"
    "sys.modules['__main__'].cycle = cycle\n"
    "del cycle\n"
)


def _cycle_project(tmp_path: Path, conf: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "refs.bib").write_text("@misc{a, title = {T}, year = 2020}\n", encoding="utf-8")
    (src / "index.rst").write_text("Papers\n======\n\n.. paper-list::\n", encoding="utf-8")
    (src / "conf.py").write_text(conf, encoding="utf-8")
    return src


@pytest.mark.parametrize("fast_exit", [None, False, True])
def test_the_exit_freeze_is_off_in_a_host_process(tmp_path: Path, fast_exit: bool | None) -> None:
    """A host process that builds through Sphinx's API still collects its garbage at exit (its own
    ``__del__`` in a reference cycle runs) unless the project sets ``papers_fast_exit``."""
    src = _cycle_project(tmp_path, 'extensions = ["ext"]\nbibtex_bibfiles = ["refs.bib"]\n')
    setting = [] if fast_exit is None else ["-D", f"papers_fast_exit={int(fast_exit)}"]
    host = (
        "import os, sys\n"
        "from sphinx.cmd.build import build_main\n"
        f"status = build_main(['-q', '-b', 'html', *{setting!r}, {str(src)!r}, {str(tmp_path / 'out')!r}])\n"
        "class Cycle:\n"
        "    def __del__(self):\n"
        "        os.write(1, b'collected at exit\\n')\n"
        "cycle = Cycle()\ncycle.me = cycle\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run([sys.executable, "-c", host], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    assert ("collected at exit" in done.stdout) == (not fast_exit)


@pytest.mark.parametrize("fast_exit", [None, False])
def test_sphinx_build_itself_exits_without_collecting_unless_told_not_to(
    tmp_path: Path, fast_exit: bool | None
) -> None:
    """Under Sphinx's own command line (``python -m sphinx``) the heap is frozen at exit by
    default, so the last collection is skipped; ``-D papers_fast_exit=0`` turns that off."""
    src = _cycle_project(tmp_path, CYCLE_CONF)
    setting = [] if fast_exit is None else ["-D", f"papers_fast_exit={int(fast_exit)}"]
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", *setting, str(src), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert ("collected at exit" in done.stdout) == (fast_exit is False)
