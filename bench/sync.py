"""Sync against the fake Zotero server: requests made and wall time, vs pyzotero's plain export.

Scenarios: full pull, no-op pull, pull after 10 edits, each at 0 and 100 ms of
injected latency per request; the anchor is what a script would do with
pyzotero alone: ``everything(items(format="bibtex"))``. These run in this
process; :func:`measure_cli` times the command itself (``python -m sync pull``
as a new process: start-up and imports included), which is what a curator waits for, next to
the floor of the same requests made through pyzotero alone (:mod:`bench.syncfloor`).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx2
from pyzotero import zotero

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests")]

from sync.client.settings import Secret, Settings  # noqa: E402
from sync.client.zotero import ZoteroClient  # noqa: E402
from sync.commands.pull import pull  # noqa: E402

from fakezotero import FakeZotero  # noqa: E402
from zotero_fixture import GROUP, KEYS, READ_KEY, build  # noqa: E402


@dataclass(frozen=True)
class SyncSample:
    scenario: str
    latency_ms: int
    requests: int
    seconds: float


def _pull(server: FakeZotero, bib: Path) -> tuple[int, float]:
    settings = Settings(str(GROUP), Secret(READ_KEY), server.url, False, bib)
    client = ZoteroClient(settings)
    server.requests.clear()
    start = time.perf_counter()
    try:
        pull(settings, client)
    finally:
        client.close()
    return len(server.requests), time.perf_counter() - start


def _baseline(server: FakeZotero) -> tuple[int, float]:
    zot = zotero.Zotero(GROUP, "group", READ_KEY, client=httpx2.Client(trust_env=False, timeout=30))
    zot.endpoint = server.url
    server.requests.clear()
    start = time.perf_counter()
    zot.everything(zot.items(format="bibtex"))
    return len(server.requests), time.perf_counter() - start


def measure(latencies_ms: tuple[int, ...] = (0, 100)) -> list[SyncSample]:
    samples = []
    for latency in latencies_ms:
        with FakeZotero(keys=KEYS) as server, tempfile.TemporaryDirectory() as tmp:
            lib = server.add_group(GROUP, name="Sparsity")
            build(lib, server.schema)
            server.latency = latency / 1000
            bib = Path(tmp) / "sparsity.bib"
            for scenario in ("full pull", "no-op pull"):
                samples.append(SyncSample(scenario, latency, *_pull(server, bib)))
            for key in list(lib.items)[:10]:
                lib.update_item(key, title=f"Edited {key}")
            samples.append(SyncSample("pull after 10 edits", latency, *_pull(server, bib)))
            samples.append(
                SyncSample("pyzotero everything(items(format='bibtex'))", latency, *_baseline(server))
            )
    return samples


def _env(server: FakeZotero, code: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(code),
        "ZOTERO_API_KEY": READ_KEY,
        "ZOTERO_GROUP_ID": str(GROUP),
        "ZOTERO_API_URL": server.url,
    }


def _timed(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=str(cwd), env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def _cli_pull(server: FakeZotero, bib: Path, code: Path) -> float:
    argv = [sys.executable, "-m", "sync", "pull", "--quiet", "--bib", str(bib)]
    return _timed(argv, _env(server, code), bib.parent)


def _floor(server: FakeZotero, scenario: str, version: int, cwd: Path) -> float:
    """:mod:`bench.syncfloor` as a new process: pyzotero making the pull's requests, nothing else
    (the same for every tree measured: it loads only this repository's deferral of pyzotero's parsers;
    ``-P``: not this folder's ``sync.py`` for the ``sync`` package)."""
    argv = [sys.executable, "-P", str(Path(__file__).with_name("syncfloor.py")), scenario, str(version)]
    return _timed(argv, _env(server, REPO), cwd)


def measure_cli(latency_ms: int = 100, repeat: int = 3, code: Path = REPO) -> dict[str, float]:
    """Median wall time of ``python -m sync pull`` as a new process (`sync` loaded from the tree
    *code*): a full pull into an empty folder, and a no-op pull right after one; and, in the same
    rounds, the floor of each (``full floor``, ``no-op floor``: :mod:`bench.syncfloor`)."""
    times: dict[str, list[float]] = {"full": [], "no-op": [], "full floor": [], "no-op floor": []}
    with FakeZotero(keys=KEYS) as server:
        lib = server.add_group(GROUP, name="Sparsity")
        build(lib, server.schema)
        server.latency = latency_ms / 1000
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as tmp:
                bib = Path(tmp) / "sparsity.bib"
                times["full"].append(_cli_pull(server, bib, code))
                times["no-op"].append(_cli_pull(server, bib, code))
                times["full floor"].append(_floor(server, "full", 0, Path(tmp)))
                times["no-op floor"].append(_floor(server, "no-op", lib.version, Path(tmp)))
    return {name: statistics.median(values) for name, values in times.items()}
