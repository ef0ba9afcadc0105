"""After an edit of the .bib, a rebuild writes exactly what a clean build of the edited project writes,
and reads and writes again only the pages whose part of the library changed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sphinx

from ext.site import appstate

from conftest import REPO, SEED_BIB

PAGES = ("conf.py", "index.rst", "survey.rst", "papers.rst", "stats.rst")
UNCITED = "{achille2019critical,\n\ttitle={Critical Learning Periods in Deep Neural Networks}, \n\tauthor={Alessandro Achille and Matteo Rovere and Stefano Soatto},\n\tyear={2019},"


def _site(where: Path, bib: str) -> Path:
    where.mkdir(parents=True)
    for name in PAGES:
        shutil.copy(REPO / name, where / name)
    (where / "sparsity.bib").write_text(bib, encoding="utf-8")
    return where


def _build(src: Path, out: Path) -> tuple[set[str], set[str]]:
    """One ``sphinx-build -b html`` (incremental when *out* holds a previous one), in its own process
    as users run it: the pages it read and those it wrote, from its own progress lines."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-N",
            "-b",
            "html",
            "-d",
            str(out / "doctrees"),
            str(src),
            str(out / "html"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # colours and terminal controls removed, steps written over each other (with CI set, Sphinx takes
    # the output for a terminal) each on its own line
    lines = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", done.stdout).replace("\r", "\n")
    progress = re.findall(r"^(reading sources|writing output)\.\.\. \[\s*\d+%\] (\S+)$", lines, re.M)
    read = {page for what, page in progress if what == "reading sources"}
    written = {page for what, page in progress if what == "writing output"}
    return read, written


def _files(out: Path) -> dict[str, object]:
    """Every output file's bytes; Sphinx's search index as what it finds (below)."""
    files: dict[str, object] = {
        str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()
    }
    files["searchindex.js"] = _search_index(out / "searchindex.js")
    return files


def _search_index(path: Path) -> dict:
    """Sphinx's own incremental indexing keeps each word a re-indexed page lost, with no pages
    (``"achill":[]``), in any project: those finds-nothing entries apart, the index is compared."""
    index = json.loads(path.read_text(encoding="utf-8").removeprefix("Search.setIndex(").removesuffix(")"))
    for kind in ("terms", "titleterms"):
        index[kind] = {word: pages for word, pages in index[kind].items() if pages != []}
    return index


EDITS = [
    pytest.param(  # an entry the survey does not cite: only the list (not its toctree parent: same title)
        lambda bib: bib.replace(
            "Critical Learning Periods in Deep", "Critical Learning Periods in Deeper", 1
        ),
        set(),
        {"papers"},
        id="uncited-title",
    ),
    pytest.param(  # an entry the survey cites: the survey is written again (not read)
        lambda bib: bib.replace("Finding Sparse, Trainable Neural Networks", "Finding Sparse Networks", 1),
        set(),
        {"papers", "survey"},
        id="cited-title",
    ),
    pytest.param(  # an uncited entry becomes a second "Zhu and Gupta 2017": the cited one turns 2017a
        lambda bib: bib.replace(
            UNCITED,
            UNCITED.replace(
                "Alessandro Achille and Matteo Rovere and Stefano Soatto", "Michael Zhu and Suyog Gupta"
            ).replace("year={2019}", "year={2017}"),
            1,
        ),
        {"stats"},
        {"papers", "index", "survey", "stats"},
        id="cited-placement",
    ),
    pytest.param(  # a new year: the statistics change (the list's controls keep their year range)
        lambda bib: bib.replace(UNCITED, UNCITED.replace("year={2019}", "year={2005}"), 1),
        {"stats"},
        {"papers", "index", "stats"},
        id="count-year",
    ),
    pytest.param(  # one entry fewer: every page that shows the library is read again
        lambda bib: bib.replace("@misc" + UNCITED, "@comment" + UNCITED, 1),
        {"papers", "stats", "survey"},
        {"papers", "index", "stats", "survey"},
        id="deleted-entry",
    ),
]


@pytest.mark.parametrize(("edit", "reread", "rewritten"), EDITS)
def test_rebuild_after_an_edit_equals_a_clean_build(
    tmp_path: Path, edit, reread: set[str], rewritten: set[str]
) -> None:
    """Every output file of the rebuild is byte-identical to a clean build's, and only the pages
    whose part of the library changed were read or written again."""
    seed = SEED_BIB.read_text(encoding="utf-8")
    edited = edit(seed)
    assert edited != seed
    src = _site(tmp_path / "src", seed)
    out = tmp_path / "out"
    _build(src, out)
    (src / "sparsity.bib").write_text(edited, encoding="utf-8")
    read, written = _build(src, out)
    clean_out = tmp_path / "clean"
    _build(_site(tmp_path / "clean-src", edited), clean_out)
    assert _files(out / "html") == _files(clean_out / "html")
    root_always_written = sphinx.version_info < (8, 1)  # Sphinx 8.0 and older write the root page every build
    assert (read, written) == (reread, rewritten | ({"index"} if root_always_written else set()))


def test_the_toctree_parents_set_aside_are_back_after_the_build(make_app, tmp_path: Path) -> None:
    """The list page written again without being read leaves its toctree parent unwritten, and
    Sphinx's record of that parent is whole again when the build ends (a later build needs it)."""
    seed = SEED_BIB.read_text(encoding="utf-8")
    src = _site(tmp_path / "src", seed)
    make_app("html", srcdir=src, builddir=tmp_path / "out").build()
    (src / "sparsity.bib").write_text(
        seed.replace("Critical Learning Periods in Deep", "Critical Learning Periods in Deeper", 1),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, builddir=tmp_path / "out")
    app.build()
    assert appstate.written_only(app) == ["papers"]
    assert app.env.files_to_rebuild["papers"] == {"index"}


MODEL_PROBE = """
def setup(app):
    from py3langid.langid import LanguageIdentifier

    loads = []
    load = LanguageIdentifier.from_model_file
    LanguageIdentifier.from_model_file = lambda *args, **kwargs: loads.append(1) or load(*args, **kwargs)
    app.connect("build-finished", lambda app, exception: print("language model loaded:", bool(loads)))
"""


def test_a_rebuild_does_not_load_the_language_model_for_a_title_judged_before(tmp_path: Path) -> None:
    """A cited entry whose title the language model judged is formatted again on every rebuild
    after an edit; its answer comes with the stored library, so the model (0.3–0.6 s) stays unloaded."""
    src = tmp_path / "src"
    src.mkdir()
    french = "Une étude des réseaux de neurones parcimonieux et de leurs poids"
    bib = (
        f"@article{{fr2001, author = {{Dupont, Jean}}, title = {{{french}}}, journal = {{J}}, year = {{2001}}}}\n"
        "@article{en2002, author = {Smith, Ann}, title = {Pruning networks}, journal = {J}, year = {2002}}\n"
    )
    (src / "refs.bib").write_text(bib, encoding="utf-8")
    conf = 'extensions = ["ext"]\nbibtex_bibfiles = ["refs.bib"]\nbibtex_default_style = "sparsity"\n'
    (src / "conf.py").write_text(conf + MODEL_PROBE, encoding="utf-8")
    (src / "index.rst").write_text(
        "Papers\n======\n\nSee :cite:t:`fr2001`.\n\n.. bibliography::\n\n.. paper-list::\n", encoding="utf-8"
    )

    def build() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(tmp_path / "out")],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    assert "language model loaded: True" in build()
    (src / "refs.bib").write_text(bib.replace("Pruning networks", "Pruning deep networks"), encoding="utf-8")
    assert "language model loaded: False" in build()
