"""Whole builds: clean, no-change and one-edit rebuilds, the Markdown list and the PDF, next to pandoc."""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from . import projects
from .timing import Sample, median_child

SPHINX = [sys.executable, "-m", "sphinx", "-q", "-b", "html"]
NOCITE = "---\ntitle: Papers\nnocite: |\n  @*\n---\n"


def pandoc_readable(bib: Path, into: Path) -> Path:
    """pandoc 2.17 rejects an unescaped ``%`` inside a field (sparsity.bib has seven); escape them."""
    target = into / "pandoc.bib"
    target.write_text(re.sub(r"(?<!\\)%", r"\\%", bib.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def site_builds(repeat: int, code: Path = projects.REPO) -> dict[str, Sample]:
    """The real site: clean build, rebuild with nothing changed, rebuild after editing one entry;
    and the empty-project baselines with the same theme, as Sphinx makes it and keeping its compiled
    templates as the site does (``empty kept …``). *code*: the tree `ext` is loaded from."""
    results = {}
    env = projects.env(code)
    with tempfile.TemporaryDirectory() as tmp:
        site = projects.copy_of_site(Path(tmp) / "site", code)
        out = Path(tmp) / "out"
        build = [*SPHINX, str(site), str(out)]
        results["clean"] = median_child([*build, "-E"], repeat, env=env)
        results["no change"] = median_child(build, repeat, env=env)
        bib = site / "sparsity.bib"
        original = bib.read_text(encoding="utf-8")
        counter = iter(range(1000))

        title = re.search(r"^\s*title\s*=\s*[{\"]", original, re.MULTILINE | re.IGNORECASE)
        if title is None:
            raise RuntimeError("the one-entry edit found no title field in sparsity.bib")

        def edit() -> None:
            # the first title really edited, whatever the library holds (touching the file is not an edit)
            mark = f"Edited {next(counter)} "
            bib.write_text(original[: title.end()] + mark + original[title.end() :], encoding="utf-8")

        results["one entry edited"] = median_child(build, repeat, before=edit, env=env)
        empty = projects.empty(Path(tmp) / "empty")
        empty_build = [*SPHINX, str(empty), str(Path(tmp) / "empty-out")]
        results["empty clean"] = median_child([*empty_build, "-E"], repeat)
        results["empty no change"] = median_child(empty_build, repeat)
        # the same, keeping its compiled templates as the site does: what the site's own work costs
        kept = projects.empty(Path(tmp) / "empty-kept", keep_templates=True)
        kept_build = [*SPHINX, str(kept), str(Path(tmp) / "empty-kept-out")]
        results["empty kept clean"] = median_child([*kept_build, "-E"], repeat, env=projects.env())
        results["empty kept no change"] = median_child(kept_build, repeat, env=projects.env())
    return results


def pandoc_html(bib: Path, repeat: int) -> Sample | None:
    if shutil.which("pandoc") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "list.md").write_text(NOCITE, encoding="utf-8")
        readable = pandoc_readable(bib, work)
        return median_child(
            [
                "pandoc",
                str(work / "list.md"),
                "--citeproc",
                "--bibliography",
                str(readable),
                "-s",
                "-o",
                str(work / "list.html"),
            ],
            repeat,
        )


def markdown_lists(bib: Path, repeat: int) -> dict[str, Sample]:
    """``python -m ext render`` vs pandoc --citeproc to HTML then pandoc HTML → Markdown (two steps)."""
    results = {
        "ours": median_child(
            [sys.executable, "-m", "ext", "render", "--format", "markdown", str(bib)],
            repeat,
            cwd=str(projects.REPO),
        )
    }
    if shutil.which("pandoc"):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            (work / "list.md").write_text(NOCITE, encoding="utf-8")
            readable = pandoc_readable(bib, work)
            script = (
                f"pandoc {work / 'list.md'} --citeproc --bibliography {readable} -t html -o {work}/l.html "
                f"&& pandoc -f html -t gfm {work}/l.html -o {work}/l.md"
            )
            results["pandoc"] = median_child(["sh", "-c", script], repeat)
    return results


def pdf(repeat: int, code: Path = projects.REPO) -> Sample | None:
    """``make pdf`` from a clean tree (LuaLaTeX through latexmk)."""
    if shutil.which("lualatex") is None or shutil.which("latexmk") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        site = projects.copy_of_site(Path(tmp) / "site", code)
        env = {
            **projects.env(code),
            "LATEXOPTS": "-no-shell-escape -halt-on-error -interaction=nonstopmode",
            "LATEXMKOPTS": "-silent",
        }
        out = Path(tmp) / "out"
        return median_child(
            [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(site), str(out), "-E"],
            repeat,
            before=lambda: shutil.rmtree(out, ignore_errors=True),
            env=env,
        )
