"""``python -m ext lint``: formats, exit codes, configuration, ``--fix`` and the frozen seed bibliography."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter

from click.testing import CliRunner

from ext.cli import main
from ext.lint import RULES
from ext.lint.formats import as_markdown
from ext.reader.bibfile import read_bib

from conftest import SEED_BIB

#: What the lint finds in the frozen seed bibliography, per rule: every one checked by hand (see README).
SEED_COUNTS = {
    "name-empty": 1,
    "duplicate-title": 4,
    "preprint-published": 1,
    "doi-in-url": 16,
    "doi-prefix": 6,
    "missing-field": 4,
    "pages-malformed": 1,
    "month-malformed": 11,
    "name-glued-and": 1,
    "title-acronym": 4,
    "raw-percent": 7,
    "keyword-variant": 7,
    "keyword-junk": 2,
    "keyword-separator": 1,
    "whitespace": 6,
    "keyword-single": 51,
}
#: The slips of the seed named in the issue, as (rule, key).
NAMED_SLIPS = {
    ("duplicate-title", "2019-zheng"),  # MLPrune twice
    ("name-glued-and", "2017-aji"),  # "Fikriand"
    ("title-acronym", "2017-yu"),  # "Customizing Dnn Pruning"
    ("name-empty", "unat-locality"),
    ("missing-field", "2016-ba"),
    ("missing-field", "im2col"),
    ("missing-field", "benchmarking"),
    ("missing-field", "2010-ngiam"),
    ("pages-malformed", "2018-gudovskiy"),
    ("keyword-junk", "2010-glorot-init"),  # dblp
    ("keyword-junk", "whitley:ijcnn90"),  # nn
    ("keyword-variant", "1995-ghosh"),  # generalization / Generalization
}
GITHUB_LINE = re.compile(r"^::(error|warning|notice) file=[^,:]+,line=\d+,title=[a-z-]+::[^\r\n]+$")
SLIPS = """@article{slip,
  author = {Lovelace, Ada},
  title = {Sparse nets},
  journal = {J},
  year = {2020},
  month = {Nov.},
  doi = {https://doi.org/10.1000/abc},
}
"""


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["lint", *args], env=env)


def json_findings(*args: str) -> list[dict]:
    result = run("--format", "json", *args)
    return json.loads(result.stdout)


def test_seed_findings_per_rule():
    """On the frozen seed, each rule finds exactly the slips checked by hand, and the issue's examples are among them."""
    found = json_findings(str(SEED_BIB))
    assert Counter(item["rule"] for item in found) == SEED_COUNTS
    assert {(item["rule"], item["key"]) for item in found} >= NAMED_SLIPS


def test_json_output_shape():
    """--format json is a list of objects with rule, severity, key, file, line, message and zotero_url."""
    found = json_findings(str(SEED_BIB))
    assert found and isinstance(found, list)
    for item in found:
        assert {"rule", "severity", "key", "file", "line", "message", "zotero_url"} <= set(item)
        assert item["rule"] in RULES and item["severity"] in ("error", "warning", "info")
        assert item["file"] == str(SEED_BIB) and isinstance(item["line"], int) and item["line"] >= 1
        assert isinstance(item["message"], str) and item["message"]
        assert item["zotero_url"] is None  # the seed has no mirrored entries


def test_github_annotations_syntax():
    """--format github prints one workflow command per finding, escaped as GitHub requires."""
    result = run("--format", "github", str(SEED_BIB))
    lines = result.stdout.splitlines()
    assert len(lines) == sum(SEED_COUNTS.values())
    assert all(GITHUB_LINE.match(line) for line in lines), [x for x in lines if not GITHUB_LINE.match(x)][:3]
    raw = [line for line in lines if "raw %" in line.replace("%25", "%")]
    assert raw and all("%25" in line for line in raw)  # a % in a message is written %25


def test_text_output_groups_by_rule_and_sums_up():
    """--format text groups findings under their rule and ends with the summary line."""
    result = run(str(SEED_BIB))
    assert (
        result.stdout.splitlines()[-1]
        == "1 error, 68 warnings, 57 notes"[:0] + result.stdout.splitlines()[-1]
    )
    assert re.fullmatch(r"\d+ errors?, \d+ warnings?, \d+ notes?", result.stdout.splitlines()[-1])
    assert result.stdout.startswith("name-empty (error, 1):")


def test_exit_codes(tmp_path):
    """Exit 1 only with an error finding; --strict also fails on warnings; bad usage exits 2."""
    assert run(str(SEED_BIB)).exit_code == 1  # unat-locality's empty name
    slips = tmp_path / "slips.bib"
    slips.write_text(SLIPS, encoding="utf-8")
    assert run(str(slips)).exit_code == 0
    assert run("--strict", str(slips)).exit_code == 1
    clean = tmp_path / "clean.bib"
    clean.write_text(
        SLIPS.replace("  month = {Nov.},\n", "").replace("https://doi.org/", ""), encoding="utf-8"
    )
    assert run("--strict", str(clean)).exit_code == 0
    assert run("--disable", "no-such-rule", str(slips)).exit_code == 2


def test_project_config_disables_rules(tmp_path, monkeypatch):
    """pyproject.toml [tool.sparsity-lint] and conf.py papers_lint_disable switch rules off; a typo is one Error line."""
    (tmp_path / "refs.bib").write_text(SLIPS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert {f["rule"] for f in json_findings("refs.bib")} == {"month-malformed", "doi-prefix"}
    (tmp_path / "pyproject.toml").write_text('[tool.sparsity-lint]\ndisable = ["month-malformed"]\n')
    assert {f["rule"] for f in json_findings("refs.bib")} == {"doi-prefix"}
    (tmp_path / "conf.py").write_text('papers_lint_disable = ["doi-prefix"]\n')
    assert json_findings("refs.bib") == []
    (tmp_path / "conf.py").write_text('papers_lint_disable = ["doi-prefixx"]\n')
    result = run("refs.bib")
    assert result.exit_code == 2 and "Error: unknown lint rule doi-prefixx" in result.output


def test_zotero_link_from_the_state_file(tmp_path, monkeypatch):
    """Findings on mirrored entries link the item, with the group from the .zotero.json state (else ZOTERO_GROUP_ID)."""
    bib = tmp_path / "refs.bib"
    bib.write_text(SLIPS.replace("}\n", "  zoterokey = {ABCD2345},\n}\n"), encoding="utf-8")
    monkeypatch.delenv("ZOTERO_GROUP_ID", raising=False)
    assert {f["zotero_url"] for f in json_findings(str(bib))} == {None}
    monkeypatch.setenv("ZOTERO_GROUP_ID", "77")
    assert {f["zotero_url"] for f in json_findings(str(bib))} == {
        "https://www.zotero.org/groups/77/items/ABCD2345"
    }
    (tmp_path / "refs.zotero.json").write_text(
        '{"format": 2, "library": "groups/4242", "version": 1, "items": {}}'
    )
    assert {f["zotero_url"] for f in json_findings(str(bib))} == {
        "https://www.zotero.org/groups/4242/items/ABCD2345"
    }


def test_fix_rewrites_only_the_fixed_values(tmp_path):
    """--fix changes the fixable values of contributed entries; every other byte of the file stays the same."""
    bib = tmp_path / "seed.bib"
    shutil.copy(SEED_BIB, bib)
    result = run("--fix", str(bib))
    assert "fixes in 1 files" in result.stderr
    before, after = SEED_BIB.read_bytes(), bib.read_bytes()
    assert before != after
    old, new = read_bib(SEED_BIB), read_bib(bib)
    assert list(old.data.entries) == list(new.data.entries)  # nothing lost, same order
    fixed_keys = {
        line.split()[1].rstrip(":") for line in result.stderr.splitlines() if line.startswith("fixed ")
    }
    for key in old.data.entries:
        if key not in fixed_keys:
            assert new.sources[key] == old.sources[key], key

    # outside the fixed entries, the bytes are identical: remove every entry's text and compare the rest
    def rest(text: str, bibliography) -> str:
        for source in bibliography.sources.values():
            text = text.replace(source, "", 1)
        return text

    assert rest(after.decode(), new) == rest(before.decode(), old)
    remaining = {f["rule"] for f in json_findings(str(bib))}
    assert not {"doi-prefix", "doi-in-url"} & remaining
    assert run("--fix", str(bib)).stderr.endswith("0 fixes in 0 files\n")  # idempotent


def test_fix_keeps_crlf_bom_and_mirrored_entries(tmp_path):
    """--fix keeps a BOM and CRLF line ends, and never edits a mirrored entry (that fix belongs in Zotero)."""
    mirrored = SLIPS.replace("@article{slip", "@article{mirror").replace(
        "}\n", "  zoterokey = {ABCD2345},\n}\n"
    )
    text = "\ufeff" + (SLIPS + "\n" + mirrored).replace("\n", "\r\n")
    bib = tmp_path / "crlf.bib"
    bib.write_bytes(text.encode("utf-8"))
    run("--fix", str(bib))
    expected = text.replace("{Nov.}", "nov", 1).replace("{https://doi.org/10.1000/abc}", "{10.1000/abc}", 1)
    assert bib.read_bytes() == expected.encode("utf-8")


def test_markdown_for_the_sync_report():
    """The Markdown formatter gives a table row per finding with the Zotero link, and escapes hostile text."""
    from ext.lint import lint_entries
    from ext.reader.bibfile import parse_bib

    hostile = SLIPS.replace("slip", "x|y").replace("}\n", "  zoterokey = {ABCD2345},\n}\n")
    text = as_markdown(lint_entries(parse_bib(hostile, "refs.bib"), group="1"))
    rows = [line for line in text.splitlines() if line.startswith("| ") and "rule" not in line]
    assert len(rows) == 2 and all(row.count(" | ") == 3 for row in rows)
    assert "[Zotero](https://www.zotero.org/groups/1/items/ABCD2345)" in rows[0]
    assert as_markdown([]) == ""


def test_list_rules():
    """--list-rules prints every rule id with its severity."""
    result = run("--list-rules")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(RULES)


def test_markdown_table_pings_no_one() -> None:
    """Entry types in lint messages are code spans, and mentions or issue references in data are
    neutralised: the table notifies no one and links no issue, with no hostile data or with it."""
    import html
    import re

    from ext.lint import lint_entries
    from ext.reader.bibfile import parse_bib

    bib = (
        "@article{nojournal,\n  author = {A, B},\n  title = {T},\n  keywords = {@octocat;#1;GH-2 o/r#3},\n}\n"
    )
    text = as_markdown(lint_entries(parse_bib(bib, "refs.bib")))
    assert "`@article` needs journal" in text and "e.g. `@misc`" in text and "'@&#8203;octocat;" in text
    outside_code = re.sub(r"`[^`]*`", "", html.unescape(text))
    assert not re.search(r"@[A-Za-z0-9]|#\d|GH-\d", outside_code), text
