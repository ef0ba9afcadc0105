"""The fixture group library: the frozen seed bibliography as Zotero items, plus what real libraries hold.

Built straight into a :class:`fakezotero.Library` (no HTTP), so every test can
start from a fresh copy quickly:

* the entries of ``tests/data/seed.bib`` (a frozen copy of the project's first sparsity.bib, so
  that the fixture never changes when the live file is synced), converted with :func:`sync.mapping.tozotero.to_item`
  (preprints for arXiv entries, conference papers, journal articles, books,
  book sections, theses), citation keys pinned as ``push`` pins them;
* child notes and attachments, a standalone note, a trashed item;
* items the bib does not have: a report by an organisation, a master's
  thesis, a web page, and items whose fields hold hostile strings.

``python -m tests.zotero_fixture`` runs the sync demo (``make sync-demo``).
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_BIB = REPO / "tests" / "data" / "seed.bib"
for path in (REPO, REPO / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from ext.reader.bibfile import read_bib  # noqa: E402
from sync.mapping.tozotero import item_type, to_item  # noqa: E402

from fakezotero import FakeZotero, Library  # noqa: E402

GROUP = 4242
READ_KEY = "readonlykey0123"
WRITE_KEY = "writekey0123456"
KEYS = {READ_KEY: {"groups": {GROUP: "read"}}, WRITE_KEY: {"groups": {GROUP: "write"}}}

HOSTILE_TITLES = {
    "inputfile": r"\input{/etc/passwd} and \write18{rm -rf /}",
    "braces": "Unbalanced }{ braces { and } more }",
    "specials": "100% of #1 & x_i cost $5 ^ ~ `",
    "scripts": 'Émoji 😀, RTL مرحبا, Greek Ελληνικά, CJK 中文 <script>alert(1)</script> " onmouseover=x',
    "long": "Long " + "x" * 2000,
}


_SEED: list[dict] = []


def seed_items(schema) -> list[dict]:
    """The shipped bib's entries as Zotero item data (citation keys pinned); computed once."""
    if not _SEED:
        bib = read_bib(SEED_BIB)
        for key, entry in bib.data.entries.items():
            _SEED.append(to_item(entry, key, schema.template(item_type(entry), None, None)))
    return copy.deepcopy(_SEED)


def extra_items() -> list[dict]:
    """Items with shapes the bib lacks, and hostile text in every field that reaches the page."""
    extras = [
        {
            "itemType": "report",
            "title": "NVIDIA A100 Tensor Core GPU Architecture",
            "creators": [{"creatorType": "author", "name": "NVIDIA Corporation"}],
            "institution": "NVIDIA",
            "reportNumber": "WP-10082-001",
            "date": "2020",
            "url": "https://www.nvidia.com/a100",
        },
        {
            "itemType": "thesis",
            "title": "Pruning recurrent networks",
            "thesisType": "Master's thesis",
            "creators": [{"creatorType": "author", "firstName": "Jane", "lastName": "Doe"}],
            "university": "ETH Zürich",
            "date": "2019",
        },
        {
            "itemType": "webpage",
            "title": "A blog post about sparsity",
            "websiteTitle": "Sparse Blog",
            "creators": [{"creatorType": "author", "firstName": "Ann", "lastName": "Able"}],
            "url": "javascript:alert(1)",
            "date": "2021-05-03",
        },
    ]
    for word, title in HOSTILE_TITLES.items():
        extras.append(
            {
                "itemType": "journalArticle",
                "title": title,
                "publicationTitle": f"Journal of {title[:40]}",
                "creators": [
                    {
                        "creatorType": "author",
                        "firstName": "Robert'); DROP TABLE--",
                        "lastName": f"Tables {{{word}}} \\relax",
                    }
                ],
                "date": "2022",
                "pages": "1-10",
                "tags": [{"tag": f"hostile {word} <b>"}],
            }
        )
    return extras


def entry_count(lib: Library) -> int:
    """How many entries a full pull of *lib* writes: its live, regular, top-level items."""
    with lib.lock:
        return sum(
            1
            for item in lib.items.values()
            if item.item_type not in ("note", "attachment", "annotation")
            and not item.parent
            and not item.trashed
        )


def build(lib: Library, schema, *, hostile: bool = True) -> None:
    """Fill *lib* with the fixture library (without the items of unusual shape and hostile text, when told)."""
    keys = [lib.add_item(data) for data in seed_items(schema)]
    for data in extra_items() if hostile else ():
        lib.add_item(data)
    for parent in keys[:3]:
        lib.add_item({"itemType": "note", "note": "<p>A child note</p>", "parentItem": parent})
        lib.add_item(
            {
                "itemType": "attachment",
                "linkMode": "linked_url",
                "title": "PDF",
                "url": "https://example.org/x.pdf",
                "parentItem": parent,
            }
        )
    lib.add_item({"itemType": "note", "note": "<p>A standalone note</p>"})
    trashed = lib.add_item(
        {
            "itemType": "journalArticle",
            "title": "Trashed paper",
            "creators": [{"creatorType": "author", "firstName": "T", "lastName": "Rash"}],
        }
    )
    lib.trash_item(trashed)


def demo() -> None:
    """Start the fake server with the fixture library and pull it into a temporary bib."""
    import os
    import tempfile

    from click.testing import CliRunner

    from sync.cli import main

    with FakeZotero(keys=KEYS) as server, tempfile.TemporaryDirectory() as tmp:
        build(server.add_group(GROUP, name="Sparsity (demo)"), server.schema)
        bib = Path(tmp) / "demo.bib"
        env = {"ZOTERO_API_KEY": READ_KEY, "ZOTERO_GROUP_ID": str(GROUP), "ZOTERO_API_URL": server.url}
        print(f"Fake Zotero API at {server.url}, group {GROUP}; pulling into {bib}")
        for run in ("first pull (everything)", "second pull (nothing changed)"):
            result = CliRunner().invoke(
                main, ["pull", "--bib", str(bib), "--quiet"], env={**os.environ, **env}
            )
            print(f"{run}: {result.output.strip()}")
        print(bib.read_text(encoding="utf-8")[:1200])


if __name__ == "__main__":
    demo()
