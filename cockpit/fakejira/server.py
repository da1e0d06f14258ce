"""Serve a FakeJira over real HTTP on a loopback port (stdlib ThreadingHTTPServer)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from cockpit.fakejira.core import FakeJira

LOOPBACK = "127.0.0.1"


def make_server(fake: FakeJira, port: int = 0, *, rebase: bool = True) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1:`port` (0: any free port), not yet serving.

    With `rebase`, the fake's base URL becomes the server's, so `self` links work.
    """

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            answer = fake.handle(
                self.command, url.path, url.query, dict(self.headers.items()), body, host=LOOPBACK
            )
            if answer.delay:
                time.sleep(answer.delay)
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer.body)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

        def log_message(self, format: str, *args: object) -> None:
            pass  # the fake keeps its own request log

    server = ThreadingHTTPServer((LOOPBACK, port), Handler)
    server.daemon_threads = True
    if rebase:
        fake.base_url = f"http://{LOOPBACK}:{server.server_address[1]}"
    return server


def serve_in_thread(fake: FakeJira, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start serving in a daemon thread; returns the server and its base URL.

    Stop it with `server.shutdown(); server.server_close()`.
    """
    server = make_server(fake, port)
    threading.Thread(target=server.serve_forever, name="fakejira", daemon=True).start()
    return server, f"http://{LOOPBACK}:{server.server_address[1]}"
