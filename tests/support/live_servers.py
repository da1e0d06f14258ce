"""Servers the setup-command tests (init, auth, doctor, the CLI) meet on loopback.

`jira` / `jira_dc`: the real fake Jira (`cockpit.fakejira`) with the demo dataset,
served on 127.0.0.1 by `serve_in_thread`; `feed_url`: a public ICS feed. A plugin
(tests/conftest.py): ask for the fixtures by name; import only the helpers.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from cockpit.fakejira import FakeJira
from cockpit.fakejira.demo_data import demo_jira
from cockpit.fakejira.server import serve_in_thread
from support.feed_server import serve_feed

TOKEN = "atl-TOKEN-5ecret"
EMAIL = "pm@acme.com"
TODAY = dt.date(2025, 3, 3)
BOARD = 42
BOARD_NAME = "Payments team"
BOARDS_PATH = r"^/rest/agile/1\.0/board$"


@dataclass
class LiveJira:
    """The fake and where it answers."""

    fake: FakeJira
    url: str

    def paths(self) -> list[str]:
        return [r.path for r in self.fake.requests]

    def offer_boards(self, boards: list[tuple[int, str]], page: int = 2) -> None:
        """Answer the board list with `boards`, `page` at a time (as Jira pages it)."""
        for start in range(0, len(boards), page):
            chunk = boards[start : start + page]
            body = {
                "startAt": start,
                "maxResults": page,
                "total": len(boards),
                "isLast": start + page >= len(boards),
                "values": [{"id": i, "name": n, "type": "scrum"} for i, n in chunk],
            }
            self.fake.inject(200, path=BOARDS_PATH, method="GET", body=json.dumps(body))


def serve(flavor: str) -> Iterator[LiveJira]:
    fake = demo_jira(TODAY, flavor=flavor)  # type: ignore[arg-type]
    fake.token, fake.email = TOKEN, (EMAIL if flavor == "cloud" else None)
    server, url = serve_in_thread(fake)
    try:
        yield LiveJira(fake, url)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def jira() -> Iterator[LiveJira]:
    yield from serve("cloud")


@pytest.fixture
def jira_dc() -> Iterator[LiveJira]:
    yield from serve("datacenter")


FEED = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//feed//EN\r
BEGIN:VEVENT\r
UID:team-sync-1\r
SUMMARY:Team sync\r
DTSTART:20250303T100000Z\r
DTEND:20250303T103000Z\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def feed_url() -> Iterator[str]:
    """A public ICS feed with one event on a loopback port."""
    with serve_feed(FEED.encode(), "/team.ics") as url:
        yield url
