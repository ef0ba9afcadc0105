"""The suite survives a changing sparsity.bib: ``make test-data-change``.

Curators change the Zotero group every week; no test may assume today's
list. This script does what a curator's week does to a copy of the project:
the fake Zotero server holds the fixture library (the seed bibliography as
items, with child notes and attachments, a standalone note and a trashed item), then 10 items are edited, 3 added and
2 trashed (none of them cited by the survey text: a curator who trashes a cited
paper is told so by the change report, and the build rightly warns). The copy's
``sparsity.bib`` is replaced by a pull of that library, ``make readme`` runs,
and then the copy's whole test suite (``make test``) must pass.

The copy shares this checkout's ``.venv`` (a symlink), so nothing is installed
again. Exit status: that of the copy's ``make test``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from sync.local.cited import citations_in_project  # noqa: E402

from fakezotero import FakeZotero, Library  # noqa: E402
from zotero_fixture import GROUP, KEYS, READ_KEY, build  # noqa: E402

_SKIP = shutil.ignore_patterns(
    ".venv",
    "_build",
    ".git",
    "__pycache__",
    "*.pyc",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "sparsity.bib.lock",
)

NEW_ITEMS = [
    {
        "itemType": "preprint",
        "title": "Sparse mixtures of experts at scale",
        "date": "2025-02-11",
        "creators": [{"creatorType": "author", "firstName": "Ada", "lastName": "Lovelace"}],
        "archiveID": "arXiv:2502.01234",
        "repository": "arXiv",
        "tags": [{"tag": "mixture of experts"}],
    },
    {
        "itemType": "journalArticle",
        "title": "Pruning transformers without retraining",
        "date": "2025-06",
        "creators": [
            {"creatorType": "author", "firstName": "Grace", "lastName": "Hopper"},
            {"creatorType": "author", "firstName": "Alan", "lastName": "Turing"},
        ],
        "publicationTitle": "Journal of Machine Learning Research",
        "volume": "26",
        "pages": "1-40",
    },
    {
        "itemType": "conferencePaper",
        "title": "Structured sparsity for edge inference",
        "date": "2025",
        "creators": [{"creatorType": "author", "firstName": "Émilie", "lastName": "du Châtelet"}],
        "proceedingsTitle": "Proceedings of the 42nd International Conference on Machine Learning",
        "pages": "101-115",
        "DOI": "10.5555/example.2025.101",
    },
]


def uncited_items(lib: Library, cited: set[str]) -> list[str]:
    """Keys of the library's seed items whose citation key the survey does not cite, in a fixed order."""
    found = sorted(
        (item.data.get("citationKey", ""), item.key)
        for item in lib.items.values()
        if item.data.get("citationKey") and item.data["citationKey"].lower() not in cited
    )
    return [key for _, key in found]


def curators_week(lib: Library, cited: set[str]) -> None:
    """10 edits, 3 additions, 2 items trashed."""
    items = uncited_items(lib, cited)
    edits = [
        {"title": "A revised title: sparsity, revisited"},
        {"date": "2021-03"},
        {"pages": "12-34"},
        {"title": "Ünïcode, “quotes” & 100% of {braces}"},
        {"volume": "99"},
        {"tags": [{"tag": "pruning"}, {"tag": "new topic"}]},
        {"abstractNote": "Rewritten abstract with $math$ and_underscores."},
        {"date": "2019"},
        {"title": "Short"},
        {"extra": "A curator's note"},
    ]
    for key, fields in zip(items[:10], edits, strict=True):
        before = lib.items[key].version
        lib.update_item(key, **fields)
        if lib.items[key].version == before:
            raise SystemExit(f"data change: editing {key} with {fields} changed nothing; pick another edit")
    for data in NEW_ITEMS:
        lib.add_item(data)
    for key in items[-2:]:
        lib.trash_item(key)


def copy_project(target: Path) -> None:
    shutil.copytree(REPO, target, ignore=_SKIP, symlinks=True)  # copy2: mtimes kept, so make installs nothing
    os.symlink(REPO / ".venv", target / ".venv")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="data-change-") as tmp:
        copy = Path(tmp) / "project"
        copy_project(copy)
        cited = set(citations_in_project(copy))
        with FakeZotero(keys=KEYS) as server:
            lib = server.add_group(GROUP, name="Sparsity (a week later)")
            build(lib, server.schema, hostile=False)  # hostile text has tests of its own
            curators_week(lib, cited)
            (copy / "sparsity.bib").unlink()
            env = {
                **os.environ,
                "ZOTERO_API_KEY": READ_KEY,
                "ZOTERO_GROUP_ID": str(GROUP),
                "ZOTERO_API_URL": server.url,
            }
            pulled = subprocess.run(
                [sys.executable, "-m", "sync", "pull", "--quiet", "--bib", "sparsity.bib"],
                cwd=copy,
                env=env,
                check=False,
            )
            if pulled.returncode:
                return pulled.returncode
        entries = (copy / "sparsity.bib").read_text(encoding="utf-8").count("zoterokey =")
        print(
            f"data change: the copy's sparsity.bib now holds {entries} entries pulled from the edited library"
        )
        for target in ("readme", "test"):
            done = subprocess.run(["make", target], cwd=copy, check=False)
            if done.returncode:
                print(f"data change: 'make {target}' failed in the copy", file=sys.stderr)
                return done.returncode
        print("data change: the whole suite passed on the changed bibliography")
        return 0


if __name__ == "__main__":
    sys.exit(main())
