"""Citations in the text read as Chicago author-date and unknown keys are caught with a suggestion."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ext.site.citations import closest_keys, unknown_keys


def citations(html: str) -> list[str]:
    spans = re.findall(r'<span (?:class="bibtex-citation" )?id="[^"]+"[^>]*>(.*?)</span>', html, re.S)
    return [re.sub(r"<[^>]+>", "", span) for span in spans]


@pytest.mark.sphinx("html", testroot="citations")
def test_textual_and_parenthetical_forms(app, warning) -> None:
    """:cite:t: gives "Frankle and Carbin (2019)", :cite:p: "(Han et al. 2015; Zhu and Gupta 2017)"."""
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    found = citations(html)
    assert found[0] == "Frankle and Carbin (2019)"
    assert found[1] == "(Han et al. 2015; Zhu and Gupta 2017)"
    assert found[2] == "(see Frankle et al. 2020b, p. 3)"  # year suffix of the full list, notes


@pytest.mark.sphinx("html", testroot="citations")
def test_every_cited_work_links_to_its_reference(app) -> None:
    """Each author-year of a citation is a link to that work's entry in the references on the page:
    one link per cited key, each to an anchor that exists."""
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    spans = re.findall(r'<span (?:class="bibtex-citation" )?id="[^"]+"[^>]*>(.*?)</span>', html, re.S)
    anchors = set(re.findall(r'\bid="([^"]+)"', html))
    links = [re.findall(r'<a [^>]*href="#([^"]+)"[^>]*>(.*?)</a>', span, re.S) for span in spans[:3]]
    assert [len(found) for found in links] == [1, 2, 1]  # Frankle; Han, Zhu; Frankle 2020b
    targets = [target for found in links for target, _ in found]
    assert all(target in anchors for target in targets), targets
    assert len(set(targets)) == 4  # four different works
    texts = [re.sub(r"<[^>]+>", "", text) for found in links for _, text in found]
    assert "2019" in texts[0]
    assert texts[1:] == ["Han et al. 2015", "Zhu and Gupta 2017", "Frankle et al. 2020b"]


@pytest.mark.sphinx("html", testroot="citations", freshenv=True)
def test_unknown_key_warning(app, warning) -> None:
    """An unknown key gives one warning with file:line and the closest existing keys."""
    app.build()
    lines = [
        line for line in re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue()).splitlines() if "WARNING" in line
    ]
    assert len(lines) == 1, lines
    assert re.search(
        r"index\.rst:10: WARNING: unknown citation key 'Frankel2019'; "
        r"did you mean 'Frankle:2019'.*\[papers\.unknown_key\]$",
        lines[0],
    )


def test_closest_keys_and_target_parsing() -> None:
    """Suggestions ignore case; targets with notes parse to their keys."""
    assert closest_keys("HAN2015", ["han2015learning", "zhu2017prune"]) == ["han2015learning"]
    assert unknown_keys("{see}a{p. 1}, b", {"a"}) == ["b"]


@pytest.mark.sphinx("html", testroot="citation-ids")
def test_citation_ids_never_collide(app, warning) -> None:
    """Keys that differ only in punctuation get distinct citation ids, and each citation links to its own."""
    app.build()
    assert warning.getvalue() == ""
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'id="(cite-[^"]+)"', html)
    assert sorted(ids) == ["cite-smith-2020", "cite-smithq3aq2020", "cite-smithq5fq2020"]
    assert {f'href="#{name}"' for name in ids} <= set(re.findall(r'href="#cite-[^"]+"', html))
