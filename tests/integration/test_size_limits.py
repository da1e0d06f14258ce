"""Answers are read with a byte cap: a huge feed or Jira answer is refused with a clear
message (naming the config key for calendars), never held whole; JSON nested too
deeply is a BadResponse, not a RecursionError."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from support.feed_server import serve_feed
from support.jira_rig import rig

from cockpit.config.credentials import MemoryCredentials
from cockpit.config.loader import ConfigError, load_config
from cockpit.domain.agenda import gather_meetings
from cockpit.sources.caldav import CalDavSource
from cockpit.sources.calendar_base import day_window
from cockpit.sources.errors import BadResponse
from cockpit.sources.http import MB, RetryPolicy
from cockpit.sources.ics import IcsSource
from cockpit.sources.jira import JiraClient, JiraSite, build_http_client
from cockpit.sync.wiring import calendar_source

LISBON = ZoneInfo("Europe/Lisbon")
WINDOW = day_window(date(2026, 11, 26), LISBON)
SMALL_FEED = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
    b"SUMMARY:Team sync\r\nDTSTART:20261126T100000Z\r\nDTEND:20261126T103000Z\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


@contextmanager
def serve_endless(*, declared: int | None = None) -> Iterator[tuple[str, list[int]]]:
    """A server whose answer never ends (or declares `declared` bytes and sends none).

    Yields its base URL and a list that gets how many bytes each answer managed to send.
    """
    sent: list[int] = []

    class Endless(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if declared is not None:
                self.send_header("Content-Length", str(declared))
            self.end_headers()
            count = 0
            chunk = b"[" * 65536 if declared is None else b""
            try:
                while chunk and count < 200 * MB:  # a backstop, never reached
                    self.wfile.write(chunk)
                    count += len(chunk)
            except OSError:
                pass  # the client hung up: what the cap is for
            sent.append(count)

        do_GET = do_POST = do_REPORT = do_PROPFIND = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Endless)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", sent
    finally:
        server.shutdown()
        server.server_close()


def hung_up_after(sent: list[int]) -> int:
    """How much the endless server sent before the client hung up (waits for it to notice)."""
    deadline = time.monotonic() + 10
    while not sent and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sent, "the client never hung up"
    return sent[0]


def no_wait() -> RetryPolicy:
    async def sleep(_: float) -> None:
        return None

    return RetryPolicy(attempts=1, sleep=sleep)


async def test_an_oversize_feed_is_refused_clearly_and_the_other_calendar_loads() -> None:
    with serve_endless() as (base, sent), serve_feed(SMALL_FEED) as small_url:
        async with httpx.AsyncClient(timeout=10) as http:
            big = IcsSource(http, "Huge", base + "/huge.ics", LISBON, max_feed_mb=1)
            small = IcsSource(http, "Work", small_url, LISBON)
            began = time.perf_counter()
            meetings, errors = await gather_meetings([big, small], *WINDOW)
    assert time.perf_counter() - began < 10  # an endless feed read whole never returns
    assert hung_up_after(sent) < 16 * MB  # the cap, plus what the sockets buffer
    assert [m.title for m in meetings] == ["Team sync"]
    [error] = errors
    assert isinstance(error, BadResponse)
    assert str(error) == (
        "Calendar 'Huge' (127.0.0.1): the feed is larger than 1 MB; "
        "raise calendars[].max_feed_mb for 'Huge' in config.toml to read it."
    )


async def test_the_default_feed_cap_is_20_mb_and_a_declared_length_is_enough() -> None:
    with serve_endless(declared=21 * MB) as (base, _sent):
        async with httpx.AsyncClient(timeout=10) as http:
            source = IcsSource(http, "Work", base + "/feed.ics", LISBON, policy=no_wait())
            with pytest.raises(BadResponse) as caught:
                await source.fetch(*WINDOW)
    assert "the feed is larger than 20 MB" in str(caught.value)


async def test_an_oversize_caldav_answer_is_refused_with_the_key_to_raise() -> None:
    with serve_endless() as (base, sent):
        async with httpx.AsyncClient(timeout=10) as http:
            source = CalDavSource(
                http, "Dav", base + "/dav/", "pm", "pw", LISBON, policy=no_wait(), max_feed_mb=2
            )
            with pytest.raises(BadResponse) as caught:
                await source.fetch(*WINDOW)
    assert str(caught.value) == (
        "Calendar 'Dav' (127.0.0.1): the answer to PROPFIND is larger than 2 MB; "
        "raise calendars[].max_feed_mb for 'Dav' in config.toml to read it."
    )
    assert hung_up_after(sent) < 16 * MB


async def test_an_oversize_jira_answer_is_refused_without_reading_it_all() -> None:
    with serve_endless() as (base, sent):
        site = JiraSite(base, "cloud", "pm@acme.com", "token-123456")
        client = JiraClient(build_http_client(site, timeout=10), site, policy=no_wait())
        try:
            with pytest.raises(BadResponse) as caught:
                await client.backlog(42)
        finally:
            await client.http.aclose()
    assert str(caught.value) == "Jira sent more than 32 MB (127.0.0.1); refused."
    assert hung_up_after(sent) < 64 * MB


async def test_deeply_nested_json_from_jira_is_a_bad_response() -> None:
    r = rig()
    r.fake.inject(200, path="/backlog", body="[" * 100_000 + "]" * 100_000)
    with pytest.raises(BadResponse) as caught:
        await r.client.backlog(r.fake.board_id)
    assert str(caught.value) == "Jira sent JSON nested too deeply to read (HTTP 200)."


BASE = '[company]\ndomains = ["acme.com"]\n'


def test_max_feed_mb_is_read_per_calendar_and_reaches_the_source(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        BASE
        + '[[calendars]]\nname = "Big"\nkind = "ics"\nurl = "https://cal.example/a.ics"\n'
        + "max_feed_mb = 64\n"
        + '[[calendars]]\nname = "Usual"\nkind = "ics"\nurl = "https://cal.example/b.ics"\n'
    )
    config = load_config(path)
    assert [c.max_feed_mb for c in config.calendars] == [64, 20]
    http = httpx.AsyncClient()
    sources = [calendar_source(c, http, config, MemoryCredentials({})) for c in config.calendars]
    assert [s.max_feed_mb for s in sources] == [64, 20]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("max_feed_mb = 0", "calendars[0].max_feed_mb: expected a positive whole number"),
        ('max_feed_mb = "big"', "calendars[0].max_feed_mb: expected a positive whole number"),
    ],
)
def test_a_bad_max_feed_mb_is_one_clear_line(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        BASE + f'[[calendars]]\nname = "F"\nkind = "ics"\nurl = "https://a.b/x.ics"\n{line}\n'
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert expected in str(caught.value)


def test_max_feed_mb_is_only_for_feeds_and_caldav(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        BASE + '[[calendars]]\nname = "G"\nkind = "google"\nclient_id = "x"\nmax_feed_mb = 5\n'
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "calendars[0].max_feed_mb: expected only for kind caldav or ics" in str(caught.value)
