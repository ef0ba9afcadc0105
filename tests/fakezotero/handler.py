"""HTTP/1.1 plumbing: read a request off the socket, hand it to the server, write the response.

Every response carries a Content-Length (none for 204/304), so keep-alive connections stay usable.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from .wire import Request, Response

NO_BODY_STATUSES = (204, 304)


class HTTPServer(ThreadingHTTPServer):
    """Threaded server whose requests go to *respond*; ``None`` from it means drop the connection."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], respond: Callable[[Request], Response | None]) -> None:
        self.respond = respond
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, Handler)

    def process_request(self, request: socket.socket, client_address: object) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up before its answer was written (a pull that stopped at a failed
        page while its other pages were on the wire) is the client's business, as on a real
        server: not a traceback on this process's stderr, where a test reads the client's
        output. Every other error is printed as before."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End idle keep-alive connections so a stopped server answers nothing more."""
        with self._connections_lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):  # already closed by the client
                    connection.shutdown(socket.SHUT_RDWR)

    def server_bind(self) -> None:
        """Skip ``HTTPServer``'s reverse-DNS lookup of the host; it can stall in sandboxes."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small answers go out at once, not after the client's delayed ACK
    timeout = 15  # idle keep-alive connections end after this many seconds
    server: HTTPServer

    def do_GET(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        headers = {name.lower(): value for name, value in self.headers.items()}
        host = headers.get("host") or "{}:{}".format(*self.server.server_address[:2])
        request = Request(
            method=self.command,
            path=unquote(parts.path),
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=headers,
            body=body,
            base=f"http://{host}",
        )
        response = self.server.respond(request)
        if response is None:
            self.close_connection = True
            return
        self._send(response)

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.status not in NO_BODY_STATUSES:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD" and response.status not in NO_BODY_STATUSES:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        """Tests read ``FakeZotero.requests``; stderr stays quiet."""
