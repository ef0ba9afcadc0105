"""Faults end with a correct bib or the old bib untouched, and one clear ``Error:`` line."""

from __future__ import annotations

import http.server
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ext.reader.bibfile import read_bib
from sync.cli import main
from sync.client.budget import MAX_WAIT, Budget
from sync.client.zotero import _BoundedZotero, _seconds

from conftest import REPO
from zotero_fixture import GROUP, entry_count


def pull(bib: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["pull", "--bib", str(bib), "--quiet", *args])


@pytest.fixture
def old_bib(tmp_path: Path) -> Path:
    bib = tmp_path / "sparsity.bib"
    bib.write_text("@misc{old2020,\n  title = {The old file}\n}\n", encoding="utf-8")
    return bib


def assert_untouched(bib: Path, result: Result, message: str) -> None:
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [lines[0]] and lines[0].startswith("Error: ") and message in lines[0], result.output
    assert bib.read_text() == "@misc{old2020,\n  title = {The old file}\n}\n"
    assert not bib.with_suffix(".zotero.json").exists()


def test_bad_key_is_403(sync_env, old_bib: Path, monkeypatch) -> None:
    """A key without access gives one error naming ZOTERO_API_KEY; the bib is untouched."""
    monkeypatch.setenv("ZOTERO_API_KEY", "wrongkey999")
    assert_untouched(old_bib, pull(old_bib), "ZOTERO_API_KEY")


def test_unknown_group_is_404(sync_env, old_bib: Path) -> None:
    """A wrong group id gives one error naming --group."""
    assert_untouched(old_bib, pull(old_bib, "--group", "999999"), "check --group")


def test_connection_refused(sync_env, old_bib: Path) -> None:
    """Nothing listening: retried, then one error naming --endpoint."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = pull(old_bib, "--endpoint", f"http://127.0.0.1:{port}", "--retries", "1")
    assert_untouched(old_bib, result, "cannot connect")


def test_dns_failure(sync_env, old_bib: Path) -> None:
    """An unresolvable host fails at once with an error naming the network and --endpoint."""
    result = pull(old_bib, "--endpoint", "http://zotero-api.invalid", "--retries", "3")
    assert_untouched(old_bib, result, "cannot resolve")


def test_timeout(zotero, sync_env, old_bib: Path) -> None:
    """A server slower than --timeout gives one error naming the timeout."""
    zotero.inject(delay=2.0, times=None)
    assert_untouched(
        old_bib, pull(old_bib, "--timeout", "0.3", "--retries", "1"), "did not answer within 0.3 s"
    )


def test_rate_limit_backoff_and_server_errors_are_retried(zotero, sync_env, tmp_path: Path) -> None:
    """429 with Retry-After, Backoff, a 500 on page 3 and a dropped connection: the pull completes,
    and only the failed page is asked for again."""
    zotero.inject(status=429, retry_after=0.2, path_contains="/items/top")
    zotero.inject(backoff=0.2, path_contains="/items/top", times=2)
    zotero.inject(status=500, path_contains="/items/top", query={"start": "300"})
    zotero.inject(drop=True, path_contains="/items/top", query={"start": "400"})
    bib = tmp_path / "sparsity.bib"
    result = pull(bib)
    assert result.exit_code == 0, result.output
    assert len(read_bib(bib).data.entries) == entry_count(zotero.group(GROUP))
    starts = [r.query.get("start", "0") for r in zotero.requests if "/items/top" in r.path]
    assert sorted(starts) == ["0", "0", "100", "200", "300", "300", "400", "400"]


def test_a_rate_limit_holds_back_the_other_threads_requests(zotero, sync_env, tmp_path: Path) -> None:
    """A 429 with Retry-After on one of a full pull's concurrent requests (the collections) holds back
    the requests other threads send after it (the next pages of items), not only its own retry."""
    arrived: dict[str, float] = {}  #: when the server saw the first request of each kind

    def note(record) -> None:
        kind = "collections" if "/collections" in record.path else record.query.get("start", "")
        arrived.setdefault(kind, time.monotonic())

    zotero.inject(before=note, times=None)
    zotero.inject(status=429, retry_after=2, path_contains="/collections")
    zotero.inject(
        delay=1, path_contains="/items/top", query={"start": 0}
    )  # the 429 is back before the next pages go
    assert pull(tmp_path / "x.bib").exit_code == 0
    assert arrived["100"] - arrived["collections"] >= 1.9  # a lower bound: slowness cannot fail it


def test_503_with_retry_after(zotero, sync_env, tmp_path: Path) -> None:
    """Maintenance (503 + Retry-After) is waited out."""
    zotero.inject(status=503, retry_after=0.3, path_contains="/items/top")
    assert pull(tmp_path / "x.bib").exit_code == 0


def test_endpoint_that_is_not_a_zotero_api(sync_env, old_bib: Path, monkeypatch) -> None:
    """A web page given as the endpoint (200 text/html) is one error naming --endpoint."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html><body>Zotero | Groups</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("ZOTERO_API_URL", f"http://127.0.0.1:{server.server_address[1]}")
        assert_untouched(
            old_bib,
            pull(old_bib, "--retries", "1"),  # retried once (a proxy's error page may pass), then refused
            "did not answer the first page of items as a Zotero Web API v3",
        )
    finally:
        server.shutdown()


def test_backoff_waits_are_bounded() -> None:
    """A Retry-After or Backoff of a day makes pyzotero wait at most MAX_WAIT seconds."""
    zot = _BoundedZotero("1", "group", "key0123")
    zot.budget = Budget(600)
    zot._set_backoff("86400")
    assert zot.backoff_until <= time.time() + MAX_WAIT + 1


#: Runs ``python -m sync ARGS`` and kills it with SIGKILL at an exact point of its writes, seen
#: through Python's audit events (a real death of the process, at a moment chosen, not guessed).
_KILLER = """
import os, runpy, signal, sys
point, target = sys.argv[1], sys.argv[2]
sys.argv = ["sync", *sys.argv[3:]]

def hook(event, args):
    name = os.path.basename(str(args[0])) if args else ""
    if (point == "temp-created" and event == "open" and name.startswith("." + target) and name.endswith(".tmp")) or (
        point == "temp-written" and event == "os.chmod" and name.startswith("." + target)
    ) or (point == "renaming" and event == "os.rename" and os.path.basename(str(args[1])) == target):
        os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(hook)
runpy.run_module("sync", run_name="__main__")
"""


@pytest.mark.parametrize(
    ("point", "target"),
    [
        ("temp-created", "sparsity.bib"),
        ("temp-written", "sparsity.bib"),
        ("renaming", "sparsity.bib"),
        ("temp-written", "sparsity.zotero.json"),
        ("renaming", "sparsity.zotero.json"),
    ],
)
def test_a_pull_killed_while_writing_loses_nothing(
    zotero, sync_env, tmp_path: Path, point: str, target: str
) -> None:
    """A pull killed at any moment of writing the bib or the state leaves the old or the whole new
    bib (never a torn one, never the old bib with a new state), and the next pull completes it."""
    bib = tmp_path / "sparsity.bib"
    old = "@misc{old2020,\n  title = {The old file}\n}\n"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    reference = tmp_path / "reference"
    reference.mkdir()
    (reference / "sparsity.bib").write_text(old)
    args = ["pull", "-q", "--bib"]
    done = subprocess.run(
        [sys.executable, "-m", "sync", *args, str(reference / "sparsity.bib")], cwd=REPO, env=env, timeout=120
    )
    assert done.returncode == 0
    new = (reference / "sparsity.bib").read_text()
    assert "old2020" in new and new != old  # the finished pull kept the local entry, added the library
    bib.write_text(old)
    killed = subprocess.run(
        [sys.executable, "-c", _KILLER, point, target, *args, str(bib)], cwd=REPO, env=env, timeout=120
    )
    assert killed.returncode == -signal.SIGKILL  # it died at that point, not before
    after_kill = bib.read_text()
    expected = new if target == "sparsity.zotero.json" else old
    assert after_kill == expected
    if after_kill == old:
        assert not bib.with_suffix(".zotero.json").exists()  # no state that claims the old bib is current
    done = subprocess.run([sys.executable, "-m", "sync", *args, str(bib)], cwd=REPO, env=env, timeout=120)
    assert done.returncode == 0 and bib.read_text() == new


def test_retry_after_as_an_http_date() -> None:
    """Retry-After may be an HTTP date instead of seconds; both are understood."""
    assert _seconds("3") == 3.0 and _seconds("soon") == 0.0
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= _seconds(later) <= 31


class _Drip(socketserver.BaseRequestHandler):
    """Answers any request with a valid start, then a body one byte every 0.3 s."""

    def handle(self) -> None:
        self.request.recv(65536)
        self.request.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
            b"Last-Modified-Version: 5\r\nTotal-Results: 1\r\n\r\n"
        )
        try:
            for _ in range(100):
                time.sleep(0.3)
                self.request.sendall(b" ")
        except OSError:
            pass


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """The command in a process of its own, so that a wait without end fails the test instead of hanging it."""
    return subprocess.run(
        [sys.executable, "-m", "sync", *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_dripping_answer_is_cut_at_the_timeout(tmp_path: Path) -> None:
    """A body dripped a byte at a time ends at --timeout, however steadily it comes (30 s at that rate)."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Drip)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {"ZOTERO_API_URL": f"http://127.0.0.1:{server.server_address[1]}", "ZOTERO_API_KEY": "k0123"}
        args = ["pull", "--group", "1", "--timeout", "1", "--retries", "0", "--bib", str(tmp_path / "x.bib")]
        done = run_cli(args, env)
    finally:
        server.shutdown()
    assert done.returncode == 1 and "did not answer within 1 s" in done.stderr, done.stderr


def test_a_retry_after_of_days_is_not_waited_out(zotero, sync_env, tmp_path: Path) -> None:
    """429s with Retry-After: 999999 end the pull when --max-time is spent, with one error."""
    zotero.inject(status=429, retry_after=999999, times=None)
    done = run_cli(["pull", "--max-time", "3", "--bib", str(tmp_path / "x.bib")], sync_env)
    assert done.returncode == 1 and "gave up after 3 s (--max-time)" in done.stderr, done.stderr
    assert not (tmp_path / "x.bib").exists()
