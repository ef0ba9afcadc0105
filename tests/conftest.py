"""Shared fixtures: Sphinx test roots, the repository root, and CI-strict skips."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
#: A frozen copy of the bibliography (the seed of the project): tests that need a real-world
#: bibliography read this, never the live sparsity.bib, which changes with every sync.
SEED_BIB = REPO / "tests" / "data" / "seed.bib"
sys.path.insert(0, str(REPO))

pytest_plugins = ["sphinx.testing.fixtures", "pagesite"]  # pagesite: the page tests' browser and site
collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test roots live in tests/roots/test-<name>/ (sphinx.testing convention)."""
    return REPO / "tests" / "roots"


def require(available: bool, what: str) -> None:
    """Skip locally when *what* is missing; under ``CI=true`` that is a failure."""
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing, and CI=true turns this skip into a failure")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def fixture_library():
    """The fixture group library, built once per session (every test serves a copy of it)."""
    from fakezotero import FakeZotero
    from zotero_fixture import GROUP, build

    builder = FakeZotero()
    library = builder.add_group(GROUP, name="Sparsity")
    build(library, builder.schema)
    return library


@pytest.fixture
def zotero(fixture_library):
    """A fake Zotero API server on 127.0.0.1 holding a fresh copy of the fixture group library."""
    from fakezotero import FakeZotero
    from zotero_fixture import KEYS

    with FakeZotero(keys=KEYS) as server:
        server.add_library(fixture_library.copy())
        yield server


@pytest.fixture
def sync_env(zotero, monkeypatch) -> dict[str, str]:
    """Environment for ``python -m sync`` pointing at the fake server with the read key."""
    from zotero_fixture import GROUP, READ_KEY

    env = {"ZOTERO_API_KEY": READ_KEY, "ZOTERO_GROUP_ID": str(GROUP), "ZOTERO_API_URL": zotero.url}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def empty_group(monkeypatch):
    """A fake server with an empty group and a write key in the environment."""
    from fakezotero import FakeZotero
    from zotero_fixture import GROUP, KEYS, WRITE_KEY

    with FakeZotero(keys=KEYS) as server:
        server.add_group(GROUP, name="Sparsity")
        monkeypatch.setenv("ZOTERO_API_KEY", WRITE_KEY)
        monkeypatch.setenv("ZOTERO_GROUP_ID", str(GROUP))
        monkeypatch.setenv("ZOTERO_API_URL", server.url)
        yield server


def build_alone(root: str, where: Path, before: str, after: str = "") -> dict:
    """Build the test root *root* (HTML) in a Python process of its own, with one thread as
    ``sphinx-build`` has: what the extension does only in a single-threaded process (freeze the heap,
    pause the collector, fork) cannot be seen in a test process whose other tests left threads
    (servers, pools). *before* runs once the app exists (``app``, ``gc``, ``out`` and the dict
    ``found`` are there to connect handlers and note what they see), *after* once it has built;
    returns ``found``."""
    script = "\n".join(
        [
            "import gc, json, shutil",
            "from pathlib import Path",
            "from sphinx.application import Sphinx",
            f"src, out = Path({str(where / 'src')!r}), Path({str(where / 'out')!r})",
            f"shutil.copytree({str(REPO / 'tests' / 'roots' / f'test-{root}')!r}, src)",
            'app = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html",'
            " status=None, warning=None, freshenv=True)",
            "found = {}",
            textwrap.dedent(before),
            "app.build()",
            textwrap.dedent(after),
            "print(json.dumps(found))",
        ]
    )
    paths = os.pathsep.join([str(REPO), str(REPO / "tests")])
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=where,
        env={**os.environ, "PYTHONPATH": paths},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
