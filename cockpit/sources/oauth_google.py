"""Google sign-in for installed apps: loopback redirect with PKCE (RFC 7636, S256).

`google_sign_in` listens once on 127.0.0.1 (a free port), prints the consent page's
address and opens it in a browser when it can, waits for Google to redirect back
with `code` and `state`, checks the state, and trades the code (with the PKCE
verifier) for a refresh token. `access_type=offline` and `prompt=consent` make
Google hand out a refresh token every time. The code, verifier and tokens are never
printed, logged or put in an exception.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import secrets
import threading
import webbrowser
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from cockpit.sources.errors import AuthError, BadResponse
from cockpit.sources.http import RetryPolicy
from cockpit.sources.oauth import GoogleEndpoints, OAuthError, auth_command, token_request

LABEL = "Google"
SOURCE = "google"
PAGE_OK = (
    "<html><body><h1>Signed in.</h1>"
    "<p>You can close this tab and go back to the terminal.</p></body></html>"
)
PAGE_FAIL = (
    "<html><body><h1>Sign-in failed.</h1><p>Go back to the terminal for details.</p></body></html>"
)


def pkce_pair() -> tuple[str, str]:
    """(verifier, S256 challenge): 86 unreserved characters and their base64url SHA-256."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return verifier, challenge


class _Redirect(ThreadingHTTPServer):
    """A loopback server that keeps the first redirect that carries an answer.

    One thread per connection, so an idle browser preconnect cannot hold it up.
    """

    daemon_threads = True

    def __init__(self, state: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.expected_state = state
        self.answer: dict[str, str] | None = None
        self.timeout = 0.2

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/"


class _Handler(BaseHTTPRequestHandler):
    server: _Redirect
    timeout = 5.0
    """Browsers open idle preconnect sockets; do not let one block the server."""

    def do_GET(self) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        if "code" not in query and "error" not in query:
            self._reply(404, "<html><body>Not here.</body></html>")  # e.g. /favicon.ico
            return
        ok = "code" in query and secrets.compare_digest(
            query.get("state", ""), self.server.expected_state
        )
        self._reply(200 if ok else 400, PAGE_OK if ok else PAGE_FAIL)
        if self.server.answer is None:
            self.server.answer = query

    def _reply(self, status: int, page: str) -> None:
        data = page.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the request line holds the authorization code."""


def _serve(server: _Redirect, stop: threading.Event) -> None:
    while server.answer is None and not stop.is_set():
        server.handle_request()


def authorization_url(
    endpoints: GoogleEndpoints, client_id: str, redirect_uri: str, challenge: str, state: str
) -> str:
    """The consent page's address for this sign-in."""
    query = urlencode(
        {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": endpoints.scope,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "state": state,
            "access_type": "offline",
            "prompt": "consent",
        }
    )
    return f"{endpoints.auth_url}?{query}"


def _again(name: str | None) -> str:
    return f"run `{auth_command(name)}` again" if name else "try again"


async def google_sign_in(
    http: httpx.AsyncClient,
    client_id: str,
    client_secret: str | None,
    *,
    open_browser: Callable[[str], object] = webbrowser.open,
    endpoints: GoogleEndpoints | None = None,
    print_fn: Callable[[str], object] = print,
    timeout: float = 300.0,
    name: str | None = None,
    policy: RetryPolicy | None = None,
) -> str:
    """Sign in to Google in the browser; return the refresh token (to store in the keyring).

    `name` (the calendar) only makes the error sentences name `cockpit auth <name>`.
    """
    endpoints = endpoints or GoogleEndpoints()
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(24)
    server = _Redirect(state)
    stop = threading.Event()
    waiter = asyncio.ensure_future(asyncio.to_thread(_serve, server, stop))
    try:
        url = authorization_url(endpoints, client_id, server.redirect_uri, challenge, state)
        print_fn(f"Sign in to Google in your browser; if it does not open, visit:\n{url}")
        with contextlib.suppress(Exception):  # no browser is fine: the address is printed
            open_browser(url)
        try:
            await asyncio.wait_for(asyncio.shield(waiter), timeout)
        except TimeoutError:
            raise AuthError(
                SOURCE, f"Google sign-in timed out waiting for the browser; {_again(name)}."
            ) from None
    finally:
        stop.set()
        await asyncio.gather(waiter, return_exceptions=True)
        server.server_close()
    answer = server.answer or {}
    if "error" in answer:
        error = answer["error"] if answer["error"].isidentifier() else "error"
        raise AuthError(SOURCE, f"Google sign-in was not completed ({error}); {_again(name)}.")
    if not secrets.compare_digest(answer.get("state", ""), state):
        raise AuthError(
            SOURCE,
            f"Google sign-in answer did not match this sign-in (state mismatch); {_again(name)}.",
        )
    form = {
        "grant_type": "authorization_code",
        "code": answer.get("code", ""),
        "code_verifier": verifier,
        "client_id": client_id,
        "redirect_uri": server.redirect_uri,
    }
    if client_secret:
        form["client_secret"] = client_secret
    try:
        body = await token_request(
            http, endpoints.token_url, form, source=SOURCE, label=LABEL, policy=policy
        )
    except OAuthError as exc:
        raise AuthError(
            SOURCE, f"Google refused the sign-in code ({exc.error}); {_again(name)}."
        ) from None
    refresh = body.get("refresh_token")
    if not isinstance(refresh, str) or not refresh:
        raise BadResponse(
            SOURCE, f"Google sent no refresh token (offline access refused); {_again(name)}."
        )
    return refresh
