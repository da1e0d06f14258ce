"""The ICS feed source against a real loopback HTTP server that honours ETags."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import httpx
import pytest
from support.paths import ICS_FIXTURES as FIXTURES

from cockpit.sources.calendar_base import CalendarSource, day_window
from cockpit.sources.errors import AuthError, BadResponse
from cockpit.sources.http import RetryPolicy
from cockpit.sources.ics import IcsSource

LISBON = ZoneInfo("Europe/Lisbon")
SECRET_PATH = "/private/4f9c2e-secret-token/basic.ics"


@dataclass
class Feed:
    body: bytes = b""
    etag: str = '"v1"'
    status: int = 200
    content_type: str = "text/calendar; charset=utf-8"
    requests: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
def feed() -> Iterator[tuple[Feed, str]]:
    state = Feed(body=(FIXTURES / "outlook_windows_zones.ics").read_bytes())

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(dict(self.headers.items()))
            if self.path != SECRET_PATH:
                self.send_response(404)
                self.end_headers()
                return
            if state.status != 200:
                self.send_response(state.status)
                self.end_headers()
                return
            if self.headers.get("If-None-Match") == state.etag:
                self.send_response(304)
                self.send_header("ETag", state.etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", state.content_type)
            self.send_header("ETag", state.etag)
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def policy() -> RetryPolicy:
    async def sleep(_: float) -> None:
        return None

    return RetryPolicy(attempts=2, sleep=sleep)


TUESDAY = day_window(date(2024, 3, 5), LISBON)


async def test_feed_is_fetched_then_revalidated_with_etag(feed: tuple[Feed, str]) -> None:
    state, base = feed
    async with httpx.AsyncClient() as client:
        source = IcsSource(client, "Work", base + SECRET_PATH, LISBON, policy=policy())
        assert isinstance(source, CalendarSource)
        first = await source.fetch(*TUESDAY)
        second = await source.fetch(*TUESDAY)
    assert [m.title for m in first] == ["Initech weekly sync"]
    assert first == second
    assert "If-None-Match" not in state.requests[0]
    assert state.requests[1]["If-None-Match"] == '"v1"'
    assert source.not_modified == 1


async def test_changed_feed_is_parsed_again(feed: tuple[Feed, str]) -> None:
    state, base = feed
    async with httpx.AsyncClient() as client:
        source = IcsSource(client, "Work", base + SECRET_PATH, LISBON, policy=policy())
        await source.fetch(*TUESDAY)
        state.body = state.body.replace(b"Initech weekly sync", b"Initech quarterly review")
        state.etag = '"v2"'
        meetings = await source.fetch(*TUESDAY)
    assert [m.title for m in meetings] == ["Initech quarterly review"]


async def test_missing_feed_says_name_and_host_but_not_the_secret_url(
    feed: tuple[Feed, str],
) -> None:
    _, base = feed
    async with httpx.AsyncClient() as client:
        source = IcsSource(client, "Work", base + "/private/zq81x-secret/a.ics", LISBON)
        with pytest.raises(BadResponse) as info:
            await source.fetch(*TUESDAY)
    message = str(info.value)
    assert "Work" in message and "127.0.0.1" in message and "not found" in message
    assert "zq81x" not in message and "/a.ics" not in message


async def test_unauthorised_feed_raises_auth_error(feed: tuple[Feed, str]) -> None:
    state, base = feed
    state.status = 401
    async with httpx.AsyncClient() as client:
        source = IcsSource(client, "Work", base + SECRET_PATH, LISBON)
        with pytest.raises(AuthError, match="Work"):
            await source.fetch(*TUESDAY)


async def test_html_login_page_is_not_a_calendar(feed: tuple[Feed, str]) -> None:
    state, base = feed
    state.body = b"<!DOCTYPE html><html><body>Please sign in</body></html>"
    state.content_type = "text/html"
    async with httpx.AsyncClient() as client:
        source = IcsSource(client, "Work", base + SECRET_PATH, LISBON)
        with pytest.raises(BadResponse, match="web page"):
            await source.fetch(*TUESDAY)


async def test_garbage_feed_is_a_bad_response(feed: tuple[Feed, str]) -> None:
    state, base = feed
    state.body = b"BEGIN:VCALENDAR\r\nthis is not : valid\r\n"
    state.content_type = "text/plain"
    async with httpx.AsyncClient() as client:
        with pytest.raises(BadResponse, match="Work"):
            await IcsSource(client, "Work", base + SECRET_PATH, LISBON).fetch(*TUESDAY)


async def test_plain_http_to_a_remote_host_is_refused() -> None:
    async with httpx.AsyncClient() as client:
        source = IcsSource(client, "Work", "http://calendar.example.com/a.ics", LISBON)
        with pytest.raises(BadResponse, match="https"):
            await source.fetch(*TUESDAY)


async def test_webcal_is_treated_as_https() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, content=(FIXTURES / "apple_work.ics").read_bytes())

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        source = IcsSource(client, "Apple", "webcal://p01-caldav.icloud.com/x.ics", LISBON)
        meetings = await source.fetch(*day_window(date(2024, 3, 4), LISBON))
    assert seen == ["https://p01-caldav.icloud.com/x.ics"]
    assert [m.title for m in meetings] == ["1:1 Pat / Alex"]
