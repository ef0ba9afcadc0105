"""The PDF is built by real TeX Live: every title is in it, citations read right, hostile text is inert."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from ext.cli.render import render_list
from ext.reader.bibfile import read_bib
from ext.reader.latex import decode
from ext.site.pdffonts import CJK, RTL

from conftest import REPO, require

pytestmark = pytest.mark.tex

TEX_PACKAGES = (
    "texlive-luatex texlive-latex-extra fonts-freefont-otf fonts-noto-cjk fonts-symbola "
    "fonts-dejavu-core fontconfig latexmk"
)
LATEX_ENV = {
    "LATEXOPTS": "-no-shell-escape -halt-on-error -interaction=nonstopmode",
    "LATEXMKOPTS": "-silent",
}


def need_tex() -> None:
    for tool in ("lualatex", "latexmk", "pdftotext"):
        require(shutil.which(tool) is not None, f"{tool} (Debian packages {TEX_PACKAGES} poppler-utils)")


def build_pdf(srcdir: Path, builddir: Path) -> tuple[str, str]:
    """Build with ``sphinx-build -M latexpdf`` (as ``make pdf`` does); the PDF's text and the TeX log."""
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(srcdir), str(builddir), "-W"],
        env={**os.environ, **LATEX_ENV},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    pdf = next((builddir / "latex").glob("*.pdf"))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text, pdf.with_suffix(".log").read_text(errors="replace")


def body_text(text: str) -> str:
    """The PDF text without running heads and page numbers, which can split an entry across pages."""
    furniture = re.compile(r"^(?:\d+|Chapter \d+\. .*|CONTENTS|Sparsity in Deep Learning: papers)$")
    return "\n".join(
        line for line in text.replace("\f", "\n").splitlines() if not furniture.match(line.strip())
    )


def squash(text: str) -> str:
    """Text with case, blanks, hyphens (line-break hyphenation) and quotes folded away (a title's own
    “quotes” print as ‘quotes’ inside the quoted title, as Chicago wants), and math letters (𝑂, typeset
    from ``$O(n)$``) read as the letters they are."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011\"“”‘’']+", "", unicodedata.normalize("NFKC", text)).casefold()


@pytest.fixture(scope="module")
def project_pdf(tmp_path_factory) -> tuple[str, str]:
    need_tex()
    return build_pdf(REPO, tmp_path_factory.mktemp("pdf"))


def test_every_title_is_in_the_pdf(project_pdf) -> None:
    """Every title of the live sparsity.bib appears in the PDF text."""
    text = squash(body_text(project_pdf[0]))
    titles = [
        str(decode(entry.fields["title"]))
        for entry in read_bib(REPO / "sparsity.bib").entries
        if "title" in entry.fields
    ]
    missing = [title for title in titles if squash(title) not in text]
    assert titles and not missing


def test_survey_citations_in_the_pdf(project_pdf) -> None:
    """Author-year citations read the same in the PDF as on the page."""
    text = " ".join(project_pdf[0].split())
    assert "Frankle and Carbin (2019)" in text
    assert "(Han et al. 2015; Zhu and Gupta 2017)" in text
    assert "system commands enabled" not in project_pdf[1]  # no shell escape, not even restricted


HOSTILE = [
    "\\input{/etc/passwd} then \\include{/etc/shadow}",
    "\\write18{touch /tmp/pwned}",
    "\\catcode`\\@=11 \\def\\x{y} \\let\\a\\b",
    "Unbalanced } and { braces }{",
    "100% of #1 & x_i ^ ~ $5",
    "Greek Ελληνικά, CJK 中文字符, emoji 😀🎉",
    "مرحبا",
    "Raw \\input{/etc/passwd} and \\write18{id} here",
    "Backspace, Escape [31mred, Delete and Override Here",  # control characters gone, LaTeX not stopped
    '\\directlua{os.execute("touch /tmp/pwned-lua")}',  # shown as typed, never run
]


def test_hostile_entries_are_inert_in_the_pdf(tmp_path: Path) -> None:
    """LaTeX commands, braces and specials print as text; no file is read; no shell escape."""
    need_tex()
    text, log = build_pdf(REPO / "tests" / "roots" / "test-hostile", tmp_path)
    plain = squash(text.replace("\u202b", "").replace("\u202c", ""))
    for snippet in HOSTILE:
        assert squash(snippet) in plain, snippet
    assert "root:x:0" not in text and "/bin/bash" not in text and not Path("/tmp/pwned-lua").exists()
    assert "system commands enabled" not in log and "Missing character" not in log
    assert "NotoSerifCJK" in log  # the CJK entry brought the CJK fallback font in
    tex = next((tmp_path / "latex").glob("*.tex")).read_text(encoding="utf-8")
    assert '"Symbola:mode=harf;"' in tex  # and its emoji the other fallback fonts
    assert "babel-arabic.tex" in log  # and the Arabic one babel's right-to-left support


def test_cjk_font_is_left_out_when_no_entry_needs_it(project_pdf) -> None:
    """Loading the CJK font costs each pass seconds and hundreds of MB: only a list with CJK text pays."""
    has_cjk = any(CJK.search(source) for source in read_bib(REPO / "sparsity.bib").sources.values())
    assert ("NotoSerifCJK" in project_pdf[1]) == has_cjk


def test_right_to_left_support_is_left_out_when_no_text_needs_it(project_pdf) -> None:
    """babel's bidi and the Arabic language cost each pass a second: only a document with
    right-to-left text (in an entry or a page) pays."""
    texts = [*read_bib(REPO / "sparsity.bib").sources.values()]
    texts += [path.read_text(encoding="utf-8") for path in REPO.glob("*.rst")]
    has_rtl = any(RTL.search(text) for text in texts)
    assert ("babel-arabic.tex" in project_pdf[1]) == has_rtl
    assert "Missing character" not in project_pdf[1]


def test_hostile_entries_are_inert_in_html_and_markdown(make_app, tmp_path: Path) -> None:
    """The same entries are escaped text in the HTML page and in the Markdown list."""
    app = make_app("html", srcdir=REPO / "tests" / "roots" / "test-hostile", builddir=tmp_path)
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    body = "".join(re.findall(r'<li class="paper"[^>]*>.*?</li>', html, re.S))
    assert "\\input{/etc/passwd}" in body and "<script" not in body
    markdown = render_list(read_bib(REPO / "tests" / "roots" / "test-hostile" / "hostile.bib")).casefold()
    assert r"\\input{/etc/passwd} then \\include{/etc/shadow}" in markdown  # title-cased, compared folded
    assert r"100% of #1 & x\_i ^ \~ $5" in markdown


def test_make_pdf_names_the_packages_when_tex_is_missing(tmp_path: Path) -> None:
    """Without TeX, ``make pdf`` stops with one line naming the Debian packages to install."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("sh", "make"):
        (tools / tool).symlink_to(shutil.which(tool))
    done = subprocess.run(
        ["make", "-s", "tex-present"], cwd=REPO, env={"PATH": str(tools)}, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert done.stdout.strip().startswith("Error: TeX is missing; install it with: sudo apt-get install")
    assert "texlive-luatex" in done.stdout and "\n" not in done.stdout.strip()
