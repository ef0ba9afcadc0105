"""``pull --report`` writes the pull request body a curator reviews; ``--dry-run`` prints one line per key."""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sync.cli import main
from sync.commands.report import MAX_CHARS, ChangeReport, Rendered, console_lines, markdown, word_diff
from sync.local.cited import citations_in_project, citations_in_text
from sync.local.mirror import Report

from conftest import GOLDEN, REPO
from zotero_fixture import GROUP

REPORT_GOLDEN = GOLDEN / "change-report.md"


def pull(bib: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["pull", "--bib", str(bib), "--quiet", *args])


def item_key(lib, citation_key: str) -> str:
    """The Zotero item that pins *citation_key*."""
    return next(item.key for item in lib.items.values() if item.data.get("citationKey") == citation_key)


def curators_week(lib) -> None:
    """What a week of curation looks like: a fix, a new paper, a trashed paper the survey cites, a new pin."""
    lib.update_item(item_key(lib, "2017-narang"), date="2017-04")
    lib.update_item(item_key(lib, "2016-guo"), title="Dynamic Network Surgery for Efficient DNNs (revised)")
    lib.add_item(
        {
            "itemType": "preprint",
            "title": "Sparse mixtures of experts at scale",
            "creators": [{"creatorType": "author", "firstName": "Ada", "lastName": "Lovelace"}],
            "date": "2024-05-02",
            "archiveID": "arXiv:2405.01234",
            "url": "https://doi.org/10.48550/arXiv.2405.01234",  # a slip the curation lint catches
            "repository": "arXiv",
        }
    )
    lib.trash_item(item_key(lib, "2019-lee"))  # survey.rst cites it: the report must say so
    lib.update_item(
        item_key(lib, "2020-tanaka"), citationKey="tanaka2020pruning"
    )  # survey.rst cites the old key


@pytest.fixture
def project(sync_env, tmp_path: Path) -> Path:
    """A copy of the project's text (survey.rst cites keys) with a bib after one full pull."""
    for name in ("index.rst", "survey.rst", "papers.rst"):
        shutil.copy(REPO / name, tmp_path / name)
    assert pull(tmp_path / "sparsity.bib").exit_code == 0
    return tmp_path


def test_report_names_every_change_and_the_broken_citations(zotero, project: Path) -> None:
    """Edits, an addition, a trashed and a re-pinned item each land in their section, rendered, and the
    keys the survey still cites are flagged with file and line."""
    curators_week(zotero.group(GROUP))
    report = project / "report.md"
    result = pull(project / "sparsity.bib", "--dry-run", "--report", str(report))
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    sections = {
        title: body for title, body in re.findall(r"^### (.+?)\n(.*?)(?=^### |\Z)", text, re.M | re.S)
    }
    assert set(sections) == {
        ":warning: Still cited, but removed or renamed",
        "Added (1)",
        "Updated (2)",
        "Removed (1)",
        "Renamed (1)",
        "What the new and changed entries bring to fix",
        "Warnings (1)",  # the fixture's javascript: link, repeated by every pull until fixed in Zotero
    }
    assert "Lovelace, Ada. 2024. “Sparse Mixtures of Experts at Scale.”" in sections["Added (1)"]
    assert (
        "- `2016-guo` (title): " in sections["Updated (2)"]
        and "**DNNs (Revised).”**" in sections["Updated (2)"]
    )
    assert "- `2017-narang` (month): " in sections["Updated (2)"]
    assert "`2019-lee`" in sections["Removed (1)"] and "Lee, Namhoon" in sections["Removed (1)"]
    assert "`2020-tanaka` → `tanaka2020pruning`" in sections["Renamed (1)"]
    survey = (project / "survey.rst").read_text(encoding="utf-8").splitlines()
    lee = next(n for n, line in enumerate(survey, 1) if "2019-lee" in line)
    broken = sections[":warning: Still cited, but removed or renamed"]
    assert f"- `2019-lee`: `survey.rst:{lee}`" in broken and "- `2020-tanaka`: `survey.rst:" in broken
    lint = sections["What the new and changed entries bring to fix"]
    assert "doi-in-url" in lint and "`lovelace2024sparse`" in lint and "2016-guo" not in lint
    assert "**1 added · 2 updated · 1 removed · 1 renamed**" in text
    assert not (project / "sparsity.bib").read_text(encoding="utf-8").count("Lovelace")  # a dry run


def test_readme_shows_the_report_the_tests_generate(zotero, project: Path) -> None:
    """The example change report in README.md is the one this scenario generates (UPDATE_GOLDEN=1 rewrites)."""
    curators_week(zotero.group(GROUP))
    report = project / "report.md"
    assert pull(project / "sparsity.bib", "--report", str(report)).exit_code == 0
    generated = report.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        REPORT_GOLDEN.write_text(generated, encoding="utf-8")
    assert generated == REPORT_GOLDEN.read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- report:start -->\n", 1)[1].split("<!-- report:end -->", 1)[0]
    assert shown.strip() == "\n".join(f"> {line}".rstrip() for line in generated.strip().splitlines())


def test_first_pull_into_a_bib_holding_the_keys_adds_nothing(zotero, sync_env, tmp_path: Path) -> None:
    """A bib whose entries the group already pins reports them as taken over, not as added."""
    bib = tmp_path / "sparsity.bib"
    shutil.copy(REPO / "tests" / "data" / "seed.bib", bib)
    result = pull(bib, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "added (8):" in result.output  # only the fixture's extra items are new
    assert re.search(r"^now from Zotero \(\d+\):$", result.output, re.M)
    assert max(len(line) for line in result.output.splitlines()) < 200


def test_console_summarises_long_lists() -> None:
    """One line per key; past a dozen keys the rest is counted, not printed."""
    lines = console_lines(Report(added=[f"k{i}" for i in range(100)], removed=["gone"]))
    assert lines[0] == "added (100):" and lines[1] == "  + k0" and "… and 88 more" in lines[13]
    assert lines[-2:] == ["removed (1):", "  - gone"]


def test_word_diff_marks_changed_words_and_escapes() -> None:
    """Removed words are struck, added words bold, and text cannot become Markdown markup."""
    assert word_diff("A. 2019. “Old.”", "A. 2020. “Old.”") == "A. ~~2019.~~ **2020.** “Old.”"
    assert word_diff("x", "x [a](javascript:1) <b>") == "x **\\[a\\](javascript:1) \\<b>**"


def test_citations_found_with_notes_and_lines(tmp_path: Path) -> None:
    """Keys are found in every cite role form, with notes stripped; nested Sphinx projects are skipped."""
    text = "Intro\n:cite:p:`{see}a{p. 3}, b` and\n:footcite:t:`C`\n"
    assert citations_in_text(text, "x.rst") == {"a": [("x.rst", 2)], "b": [("x.rst", 2)], "c": [("x.rst", 3)]}
    (tmp_path / "doc.rst").write_text(":cite:t:`a`\n", encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "other" / "x.rst").write_text(":cite:t:`a`\n", encoding="utf-8")
    assert citations_in_project(tmp_path) == {"a": [("doc.rst", 1)]}


def test_report_fits_a_pull_request() -> None:
    """However much changed, the report stays below GitHub's 65 536-character limit for pull request bodies."""
    keys = [f"key{i}" for i in range(3000)]
    long = Rendered("x " * 400, "x " * 400)
    report = ChangeReport(
        "groups/1", 9, Report(added=keys, warnings=["w " * 300] * 500), {}, dict.fromkeys(keys, long)
    )
    text = markdown(report)
    assert len(text) <= MAX_CHARS < 65_536 and "### Added (3000)" in text and "### Warnings (500)" in text
    assert "more (run `make sync` locally to see them all)" in text


def test_one_long_title_hides_nothing_a_reviewer_must_see() -> None:
    """A 64 KB title is cut with an ellipsis; the updated, removed and still-cited sections stay whole."""
    huge = "Sparse " + "very " * 13_000 + "long title"
    report = ChangeReport(
        "groups/1",
        9,
        Report(added=["huge", "small"], updated=["upd"], removed=["gone", "cited"]),
        {key: Rendered(f"Old {key}.", f"Old {key}.") for key in ("upd", "gone", "cited")},
        {"huge": Rendered(f"Doe. “{huge}.”", f"Doe. “{huge}.”"), "small": Rendered("Small.", "Small.")}
        | {"upd": Rendered("New upd.", "New upd.")},
        {"cited": [("survey.rst", 12)]},
    )
    text = markdown(report)
    assert len(huge) > 64_000 and len(text) < 5_000
    assert "- `huge`: Doe. “Sparse very very" in text and "…" in text and "- `small`: Small." in text
    assert "### Updated (1)\n\n- `upd`: ~~Old~~ **New** upd." in text
    assert (
        "### Removed (2)\n\n- `gone`: Old gone.\n- `cited` — **still cited** at `survey.rst:12`: Old cited."
        in text
    )
    assert "### :warning: Still cited, but removed or renamed\n" in text


def test_the_report_pings_no_one_and_links_no_issue() -> None:
    """Mentions and issue references in library data reach the body neutralised but looking the same."""
    title = "Pruning @octocat and @org/team, see #1, GH-2 and owner/repo#3"
    report = ChangeReport(
        "groups/1",
        9,
        Report(added=["k"], warnings=["item ABCD2345 (@alice): #7"]),
        {},
        {"k": Rendered(f"Doe. “{title}.”", f"Doe. “{title}.”")},
    )
    text = markdown(report)
    active = re.compile(r"@[A-Za-z0-9]|#\d|GH-\d")
    assert not active.search(html.unescape(text.replace("`k`", ""))), text  # as GitHub's filters read it
    assert "@&#8203;octocat and @&#8203;org/team, see #&#8203;1, GH-&#8203;2 and owner/repo#&#8203;3" in text
    assert "(@&#8203;alice): #&#8203;7" in text


def test_contributed_summary_pings_no_one() -> None:
    """The job summary of contributed entries shows their text with no mention or issue reference active."""
    from ext.reader.bibfile import parse_bib
    from sync.commands.contributed import summary

    bib = parse_bib(
        "@misc{new, author = {Doe, Jane}, title = {Thanks @octocat, fixes #1 and GH-2}, year = 2024}\n"
    )
    text = summary(bib, "sparsity.bib", has_state=True)  # a mirrored bib: its contributions are listed
    assert "- `new`: Doe, Jane. 2024. “Thanks @&#8203;octocat, Fixes #&#8203;1 and GH-&#8203;2.”" in text
    assert not re.search(r"@[A-Za-z0-9]|#\d|GH-\d", html.unescape(text)), text
