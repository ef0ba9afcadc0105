"""The sync CLI reads its settings from flags, environment and key files, with one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sync.cli import main
from sync.client.settings import LOCAL_API, PUBLIC_API, Secret, resolve


@pytest.fixture(autouse=True)
def clean_env(monkeypatch) -> None:
    for name in ("ZOTERO_API_KEY", "ZOTERO_GROUP_ID", "ZOTERO_API_URL"):
        monkeypatch.delenv(name, raising=False)


def test_missing_group_is_one_error_line(tmp_path: Path) -> None:
    """Without a group the command stops with one line naming --group and ZOTERO_GROUP_ID."""
    result = CliRunner().invoke(main, ["pull", "--bib", str(tmp_path / "x.bib")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [result.output.strip()]
    assert "Error: no Zotero group given; pass --group ID or set ZOTERO_GROUP_ID" in result.output


def test_non_numeric_group() -> None:
    """A group id that is not a number is refused with the fix."""
    result = CliRunner().invoke(main, ["pull", "--group", "sparsity"])
    assert result.exit_code == 1 and "is not a number" in result.output


def test_key_from_file_or_environment(tmp_path: Path, monkeypatch) -> None:
    """The key comes from --api-key-file, else ZOTERO_API_KEY; it never prints."""
    key_file = tmp_path / "key"
    key_file.write_text("filekey123\n")
    settings = resolve("1", key_file, None, False, Path("b.bib"), 30, 4)
    assert settings.api_key.reveal() == "filekey123" and "filekey123" not in repr(settings)
    monkeypatch.setenv("ZOTERO_API_KEY", "envkey456")
    assert resolve("1", None, None, False, Path("b.bib"), 30, 4).api_key.reveal() == "envkey456"
    assert str(Secret("x")) == "Secret('***')"


def test_bad_key_file(tmp_path: Path) -> None:
    """An unreadable or empty key file is one error naming the file."""
    empty = tmp_path / "empty"
    empty.write_text("")
    result = CliRunner().invoke(main, ["pull", "--group", "1", "--api-key-file", str(empty)])
    assert result.exit_code == 1 and "no key on its first line" in result.output
    result = CliRunner().invoke(main, ["pull", "--group", "1", "--api-key-file", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "cannot read the API key file" in result.output


def test_endpoints(monkeypatch) -> None:
    """Default public API; --local uses the desktop API; ZOTERO_API_URL and --endpoint override."""
    assert resolve("1", None, None, False, Path("b"), 30, 4).endpoint == PUBLIC_API
    assert resolve("1", None, None, True, Path("b"), 30, 4).endpoint == LOCAL_API
    monkeypatch.setenv("ZOTERO_API_URL", "http://127.0.0.1:9/")
    assert resolve("1", None, None, False, Path("b"), 30, 4).endpoint == "http://127.0.0.1:9"
    assert resolve("1", None, "https://z.example", False, Path("b"), 30, 4).endpoint == "https://z.example"


def test_no_key_flag_exists() -> None:
    """There is deliberately no --api-key flag (it would land in shell history)."""
    result = CliRunner().invoke(main, ["pull", "--api-key", "secret"])
    assert result.exit_code == 2 and "No such option" in result.output


def test_every_command_has_help_with_example() -> None:
    """Each command documents itself with an example."""
    for name, command in main.commands.items():
        assert command.help and "Example:" in command.help, name


def test_key_file_first_line_only(tmp_path: Path) -> None:
    """A key file may hold comments after its first line; only that line is the key."""
    key_file = tmp_path / "key"
    key_file.write_text("filekey123\n# group Sparsity, read-only\n")
    assert resolve("1", key_file, None, False, Path("b.bib"), 30, 4).api_key.reveal() == "filekey123"


@pytest.mark.parametrize("key", ["abc def0123", "abc0123\n# note", "ключ0123"])
def test_malformed_key_is_refused_without_showing_it(key: str, monkeypatch) -> None:
    """A key with blanks, lines or non-ASCII letters is refused before any request, and never printed."""
    monkeypatch.setenv("ZOTERO_API_KEY", key)
    result = CliRunner().invoke(main, ["pull", "--group", "1", "--endpoint", "http://127.0.0.1:9"])
    assert result.exit_code == 1 and "is not a Zotero API key" in result.output
    assert key.split()[0] not in result.output


@pytest.mark.parametrize(
    "endpoint, message",
    [
        ("http://user:S3CRET@127.0.0.1:9", "user name or password"),
        ("http://[::1", "is not an http(s) URL"),
        ("ftp://127.0.0.1", "is not an http(s) URL"),
    ],
)
def test_bad_endpoints_are_refused(endpoint: str, message: str) -> None:
    """Malformed endpoints, and endpoints carrying credentials, are one error that never echoes a password."""
    result = CliRunner().invoke(main, ["pull", "--group", "1", "--endpoint", endpoint])
    assert result.exit_code == 1 and message in result.output and "S3CRET" not in result.output


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_push_help_says_what_bib_is_for_push() -> None:
    """``push --help`` describes --bib as the file pushed from, not one mirrored into."""
    result = CliRunner().invoke(main, ["push", "--help"])
    assert "mirror" not in result.output.split("--bib", 1)[1].split("--timeout", 1)[0]


def test_local_without_zotero_running_says_so_at_once(tmp_path: Path) -> None:
    """``--local`` with nothing listening names Zotero desktop and its setting, without retrying."""
    endpoint = f"http://127.0.0.1:{closed_port()}/api"
    result = CliRunner().invoke(
        main, ["pull", "--local", "--group", "1", "--endpoint", endpoint, "--bib", str(tmp_path / "x.bib")]
    )
    assert result.exit_code == 1 and "Zotero desktop does not answer" in result.output
    assert "network" not in result.output


def test_one_attempt_is_singular(tmp_path: Path) -> None:
    """With --retries 0 the error counts "1 attempt"."""
    endpoint = f"http://127.0.0.1:{closed_port()}"
    args = [
        "pull",
        "--group",
        "1",
        "--endpoint",
        endpoint,
        "--retries",
        "0",
        "--bib",
        str(tmp_path / "x.bib"),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "(1 attempt);" in result.output


def test_missing_folder_and_no_lock_left_behind(tmp_path: Path) -> None:
    """A --bib in a missing folder names that folder; a failed pull leaves no lock file."""
    result = CliRunner().invoke(main, ["pull", "--group", "1", "--bib", "/nonexistent/x.bib"])
    assert result.exit_code == 1 and "the folder /nonexistent of x.bib does not exist" in result.output
    endpoint = f"http://127.0.0.1:{closed_port()}"
    bib = tmp_path / "x.bib"
    CliRunner().invoke(
        main, ["pull", "--group", "1", "--endpoint", endpoint, "--retries", "0", "--bib", str(bib)]
    )
    assert list(tmp_path.iterdir()) == []


def test_sync_imports_without_fcntl() -> None:
    """The CLI does not need the Unix-only fcntl module (the lock is cross-platform)."""
    import subprocess
    import sys

    code = "import sys; sys.modules['fcntl'] = None; import sync.cli, sync.local.lock"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
