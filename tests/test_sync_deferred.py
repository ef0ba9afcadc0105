"""What pyzotero imports for answers a pull never asks for loads on first use, once, and works then."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from conftest import REPO


def run(script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """*script* in a Python process of its own (its ``sys.modules`` is the point), with this tree first."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        env={**os.environ, **(env or {}), "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_client_imports_pyzotero_without_its_bibtex_and_feed_parsers() -> None:
    """Importing the Zotero client loads pyzotero but neither bibtexparser (nor pyparsing) nor feedparser."""
    done = run(
        """
        import sys
        import sync.client.zotero
        loaded = [m for m in ("pyparsing", "bibtexparser.bparser", "feedparser.api") if m in sys.modules]
        print("pyzotero._client" in sys.modules, loaded)
        """
    )
    assert done.stdout.split() == ["True", "[]"], done.stderr[-2000:]


def test_a_deferred_package_loads_on_use_and_its_submodules_exist_once() -> None:
    """A name read from a deferred package loads it; a submodule imported through the stand-in before the
    package is the same object the package hands out later (no second copy of its classes)."""
    done = run(
        """
        import sys
        import sync.client
        from bibtexparser.customization import InvalidName
        assert "bibtexparser.bparser" not in sys.modules
        import bibtexparser
        assert bibtexparser.customization.InvalidName is InvalidName
        assert sys.modules["bibtexparser.customization"].InvalidName is InvalidName
        parser = bibtexparser.bparser.BibTexParser(common_strings=True)
        assert type(sys.modules["bibtexparser"]).__name__ == "module"
        print(parser.parse("@misc{a, title={T}}").entries[0]["title"])
        import feedparser
        print(feedparser.parse("<rss version='2.0'><channel><title>F</title></channel></rss>").feed.title)
        """
    )
    assert done.stdout.split() == ["T", "F"], done.stderr[-2000:]


def test_pyzotero_answers_bibtex_through_the_stand_in(empty_group) -> None:
    """pyzotero's own BibTeX answer, which parses with bibtexparser, works after the client deferred it."""
    from zotero_fixture import GROUP

    empty_group.groups[GROUP].add_item(
        {"itemType": "journalArticle", "title": "Deferred but there", "creators": [], "date": "2021"}
    )
    done = run(
        """
        import os
        import sync.client.zotero
        from pyzotero import zotero
        zot = zotero.Zotero(os.environ["ZOTERO_GROUP_ID"], "group", os.environ["ZOTERO_API_KEY"])
        zot.endpoint = os.environ["ZOTERO_API_URL"]
        print([entry["title"] for entry in zot.items(format="bibtex").entries])
        """
    )
    assert "Deferred but there" in done.stdout, done.stderr[-2000:]
