"""``python -m tests.fakezotero``: serve empty group libraries until interrupted, printing the URL."""

from __future__ import annotations

import argparse
import contextlib
import threading

from .server import FakeZotero


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fakezotero", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--group", type=int, action="append", default=[], help="group id (repeatable)")
    parser.add_argument("--key", action="append", default=[], help="API key with write access to every group")
    parser.add_argument("--public", action="store_true", help="allow anonymous reads")
    args = parser.parse_args(argv)
    server = FakeZotero(
        keys={k: {"groups": dict.fromkeys(args.group, "write")} for k in args.key},
        host=args.host,
        port=args.port,
    )
    for group in args.group:
        server.add_group(group, public=args.public)
    with server:
        print(server.url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
