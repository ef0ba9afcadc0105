"""Curation lint rules: each fires on its fixture entry and stays quiet on a near miss."""

from __future__ import annotations

import pytest

from ext.lint import RULES, LintConfig, lint_entries
from ext.reader.bibfile import parse_bib

ARTICLE = "@article{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n  journal = {{J. Tests}},\n  year = {{2020}},{extra}\n}}\n"


def article(key: str, title: str = "A Paper", author: str = "Lovelace, Ada", extra: str = "") -> str:
    return ARTICLE.format(key=key, title=title, author=author, extra=f"\n  {extra}" if extra else "")


def findings(text: str, **kwargs):
    return lint_entries(parse_bib(text, "refs.bib"), **kwargs)


def rules_of(text: str, **kwargs) -> set[tuple[str, str | None]]:
    return {(finding.rule, finding.key) for finding in findings(text, **kwargs)}


FIRES = {
    "syntax": ("@article{broken,\n  title = {T} junk = 3,\n}\n", "broken"),
    "unbalanced-braces": ("@article{open,\n  title = {Unclosed,\n}\n", "open"),
    "duplicate-key": (article("same") + article("SAME", "Another Paper"), "SAME"),
    "duplicate-field": (article("twice", extra="year = {2021},"), "twice"),
    "unknown-type": ("@webthing{odd,\n  title = {T},\n}\n", "odd"),
    "macro-expansion": (
        f'@string{{big = "{"y" * 60_000}"}}\n@misc{{huge,\n  title = big # big,\n}}\n',
        "huge",
    ),
    "local-mirrored": (
        article("mirrored", "Deep Sparse Nets", extra="zoterokey = {ABCD2345},")
        + article("contributed", "Deep sparse nets"),
        "contributed",
    ),
    "preprint-published": (
        "@misc{pre,\n  author = {Lovelace, Ada},\n  title = {Sparse Things},\n  year = {2019},\n"
        "  eprint = {1901.00001},\n  archiveprefix = {arXiv},\n}\n"
        + article("pub", "Sparse things", extra="eprint = {1901.00001v2},"),
        "pub",
    ),
    "duplicate-doi": (
        article("d1", "One Title", extra="doi = {10.1000/X1},")
        + article("d2", "Other", extra="doi = {10.1000/x1},"),
        "d2",
    ),
    "duplicate-arxiv": (
        article("a1", "One Title", extra="eprint = {2001.00002},")
        + article("a2", "Other", author="Babbage, C", extra="eprint = {2001.00002v3},"),
        "a2",
    ),
    "duplicate-title": (article("t1", "MLPrune: Pruning") + article("t2", "{MLP}rune: pruning"), "t2"),
    "doi-in-url": (article("du", extra="url = {https://doi.org/10.1000/abc},"), "du"),
    "doi-prefix": (article("dp", extra="doi = {https://doi.org/10.1000/abc},"), "dp"),
    "missing-field": (
        "@article{nojournal,\n  author = {A, B},\n  title = {T},\n  journal = {},\n  year = {2016},\n}\n",
        "nojournal",
    ),
    "pages-malformed": (article("p0", extra="pages = {0--0},"), "p0"),
    "month-malformed": (article("m", extra="month = {Nov.},"), "m"),
    "year-malformed": (article("y", extra="").replace("{2020}", "{20xx}"), "y"),
    "crossref-missing": (article("c", extra="crossref = {nowhere},"), "c"),
    "name-empty": (article("ne", author="Smith, A and and Jones, B"), "ne"),
    "name-glued-and": (article("glue", author="Aji, Alham Fikriand and Heafield, Kenneth"), "glue"),
    "name-unparsable": (article("commas", author="Smith, John, Jr, Extra"), "commas"),
    "title-acronym": (article("acr", "Customizing dnn pruning"), "acr"),
    "raw-percent": (article("pct", extra="abstract = {Up to 90% fewer weights},"), "pct"),
    "unknown-macro": (article("mac", "A \\foobarbaz{} title"), "mac"),
    "whitespace": (article("ws", extra="note = { padded },"), "ws"),
    "keyword-variant": (
        article("k1", extra="keywords = {Pruning},")
        + article("k2", "B", extra="keywords = {Pruning},")
        + article("k3", "C", extra="keywords = {pruning},"),
        "k3",
    ),
    "keyword-junk": (article("kj", extra="keywords = {dblp},"), "kj"),
    "keyword-separator": (article("ks", extra="keywords = {a;b;c},"), "ks"),
    "keyword-single": (
        article("k1", extra="keywords = {lonely, shared},")
        + article("k2", "B", extra="keywords = {shared},"),
        "k1",
    ),
}

NEAR_MISSES = {
    "duplicate-title": article("s1", "Sparse Networks", "Smith, A")
    + article("s2", "Sparse networks", "Jones, B"),
    "duplicate-doi": article("e1", extra="doi = {10.1000/one},")
    + article("e2", "B", extra="doi = {10.1000/two},"),
    "preprint-published": article("v1", "Growing Nets") + article("v2", "Growing Nets: A Survey"),
    "doi-in-url": article("lp", extra="url = {https://doi.ieeecomputersociety.org/10.1109/CVPR.2016.308},"),
    "pages-malformed": article("pg", extra="pages = {C306-C307},")
    + article("pg2", "B", extra="pages = {73:1--73:12},")
    + article("pg3", "C", extra="pages = {347-350 vol.1},")
    + article("pg4", "D", extra="pages = {e1000211},")
    + article("pg5", "E", extra="pages = {1135--43},"),
    "month-malformed": article("mo", extra="month = jun,") + article("mo2", "B", extra="month = {10},"),
    "name-glued-and": article("gn", author="Krizhevsky, Ferdinand and Weyand, Tobias and Roland, Armand"),
    "title-acronym": article("lc", "Sat on the gan: a lowercase word and a BERT model").replace(
        "gan", "{GAN}"
    )
    + article("lc2", "Pruning for the masses"),
    "raw-percent": article("esc", extra="abstract = {Up to 90\\% fewer},")
    + article("u", extra="url = {https://x.org/a%20b},"),
    "unknown-macro": article("km", "Caf\\'{e} \\emph{and} $\\ell_1$ \\textsc{Sparse} \\o"),
    "keyword-variant": article("kv", extra="keywords = {pruning, quantization},")
    + article("kv2", "B", extra="keywords = {pruning, quantization},"),
    "name-empty": article("ok", author="Smith, A and Jones, B and others"),
    "missing-field": "@misc{arx,\n  author = {A, B},\n  title = {T},\n  year = {2020},\n}\n",
    "crossref-missing": article("parent") + article("child", "B", extra="crossref = {parent},"),
}


@pytest.mark.parametrize("rule", sorted(FIRES))
def test_rule_fires_on_its_fixture(rule):
    """Each rule reports its fixture entry, under the rule's documented severity."""
    text, key = FIRES[rule]
    hits = [finding for finding in findings(text) if finding.rule == rule]
    assert [finding.key for finding in hits] == [key], hits
    assert hits[0].severity == RULES[rule].severity
    assert hits[0].file == "refs.bib" and hits[0].line >= 1 and hits[0].message


def test_every_rule_has_a_fixture():
    """No rule ships without a fixture that makes it fire."""
    assert set(FIRES) == set(RULES)


@pytest.mark.parametrize("rule", sorted(NEAR_MISSES))
def test_near_miss_does_not_fire(rule):
    """Entries that look like the problem but are fine stay unreported."""
    assert {r for r, _ in rules_of(NEAR_MISSES[rule])} & {rule} == set()


def test_backward_page_range():
    """A range that ends before it starts is malformed."""
    assert ("pages-malformed", "bw") in rules_of(article("bw", extra="pages = {30--12},"))


def test_acronyms_learned_from_other_titles():
    """A word in capitals in two other titles is an acronym; one capital use against a plain one is not."""
    learned = (
        article("x1", "SNIP in ASPLOS")
        + article("x2", "Notes on ASPLOS", "B, C")
        + article("x3", "Asplos papers", "D, E")
    )
    assert ("title-acronym", "x3") in rules_of(learned)
    once = article("y1", "SNAP: A Processor") + article("y2", "Oh snap, a bug", "B, C")
    assert ("title-acronym", "y2") not in rules_of(once)


def test_a_pair_is_reported_once_on_the_later_entry():
    """Two entries sharing DOI and title give one finding, on the second, naming the first."""
    text = article("first", extra="doi = {10.1000/z},") + article("second", extra="doi = {10.1000/z},")
    (hit,) = [finding for finding in findings(text) if finding.rule.startswith("duplicate")]
    assert (hit.rule, hit.key, hit.related) == ("duplicate-doi", "second", ("first",))
    assert "first" in hit.message


def test_finding_line_is_the_field_line():
    """A finding about one field points at the line of that field."""
    (hit,) = [
        f
        for f in findings(article("du", extra="url = {https://doi.org/10.1000/abc},"))
        if f.rule == "doi-in-url"
    ]
    assert hit.line == 6


def test_disabled_rules_and_entry_ignores():
    """Rules switched off in the config, by a lint-ignore field, or by a lint-ignore: keyword are not reported."""
    text = FIRES["month-malformed"][0]
    assert rules_of(text, config=LintConfig(frozenset({"month-malformed"}))) == set()
    ignored = text.replace("month = {Nov.},", "month = {Nov.},\n  lint-ignore = {month-malformed},")
    assert rules_of(ignored) == set()
    tagged = text.replace("month = {Nov.},", "month = {Nov.},\n  keywords = {lint-ignore:month-malformed},")
    assert rules_of(tagged) == set()
    everything = text.replace("month = {Nov.},", "month = {Nov.},\n  lint-ignore = {*},")
    assert rules_of(everything) == set()


def test_lint_ignore_tags_are_not_topics_on_the_page():
    """A lint-ignore:RULE tag set in Zotero stays out of the page's topic filter."""
    from ext.reader.fields import Fields
    from ext.site.facets import topics_of

    bib = parse_bib(article("t", extra="keywords = {pruning, lint-ignore:title-acronym},"))
    assert topics_of(Fields(bib.data.entries["t"])) == ("pruning",)


def test_keys_select_findings_of_those_entries_and_their_duplicates():
    """With keys, only findings on those entries, or naming them, are returned."""
    text = (
        article("old", "Same Title")
        + article("new", "Same Title")
        + article("other", "X", extra="month = {Nov.},")
    )
    assert rules_of(text, keys=["old"]) == {("duplicate-title", "new")}
    assert rules_of(text, keys=["other"]) == {("month-malformed", "other")}


def test_zotero_link_for_mirrored_entries_only():
    """A mirrored entry's finding links its Zotero item; a contributed one has no link; a bad key gives none."""
    text = article("m", extra="month = {Nov.},\n  zoterokey = {ABCD2345},") + article(
        "c", "B", extra="month = {Nov.},"
    )
    links = {f.key: f.zotero_url for f in findings(text, group="4242")}
    assert links == {"m": "https://www.zotero.org/groups/4242/items/ABCD2345", "c": None}
    hostile = article("h", extra='month = {Nov.},\n  zoterokey = {x"><script>},')
    assert [f.zotero_url for f in findings(hostile, group="4242")] == [None]


def test_doi_links_are_decoded_and_ambiguous_ones_reported_not_fixed():
    """lint --fix writes the DOI a doi.org link names (decoded, without query and fragment); an
    ambiguous link is a doi-in-url finding that says why, and is left as it was."""
    from ext.lint.fix import fix_texts

    text = (
        article("q", extra="url = {https://doi.org/10.1000/q?utm_source=x},")
        + article("s", "S", extra="url = {https://doi.org/10.1000%2Fs#top},")
        + article("u", "U", extra="url = {https://doi.org/10.1000%252Fu},")
    )
    bib = parse_bib(text, "refs.bib")
    fixed, _ = fix_texts(bib, {"refs.bib": text})
    entries = parse_bib(fixed["refs.bib"], "refs.bib").data.entries
    assert entries["q"].fields["doi"] == "10.1000/q" and "url" not in entries["q"].fields
    assert entries["s"].fields["doi"] == "10.1000/s"
    assert "doi" not in entries["u"].fields and entries["u"].fields["url"] == "https://doi.org/10.1000%252Fu"
    (hit,) = [f for f in findings(text) if f.key == "u" and f.rule == "doi-in-url"]
    assert "encoded twice" in hit.message
