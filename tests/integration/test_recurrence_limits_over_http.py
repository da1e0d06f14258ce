"""A feed that repeats every second since 1970, fetched over HTTP from a loopback server:
cut fast to its cap, said as a warning, and shown as 'incomplete' in the Today pane."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from support.demo_app import settle
from support.feed_server import serve_feed
from support.recurring_ics import HANG_GUARD, LISBON, WINDOW, calendar, event, titles

from cockpit.config.credentials import MemoryCredentials
from cockpit.config.loader import load_config
from cockpit.domain.agenda import gather_meetings
from cockpit.sources.errors import Incomplete
from cockpit.sources.ical_expand import MAX_PER_EVENT
from cockpit.sources.ics import IcsSource
from cockpit.sync.wiring import workspace_from_config
from cockpit.tui.app import CockpitApp
from cockpit.widgets.status_line import StatusLine
from cockpit.widgets.table_pane import TablePane


async def test_secondly_and_minutely_since_1970_are_cut_fast_and_said_over_http() -> None:
    feed = calendar(
        event("s", "Every second", "FREQ=SECONDLY"),
        event("m", "Every minute", "FREQ=MINUTELY"),
        event("d", "Stand-up", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "19700105T093000"),
    )
    with serve_feed(feed.encode()) as url:
        async with httpx.AsyncClient() as http:
            source = IcsSource(http, "Work", url, LISBON)
            began = time.perf_counter()
            meetings, errors = await gather_meetings([source], *WINDOW)
            took = time.perf_counter() - began
    assert took < HANG_GUARD
    counts = titles(meetings)
    assert counts == {"Every second": MAX_PER_EVENT, "Every minute": MAX_PER_EVENT, "Stand-up": 2}
    seconds = sorted(m.start for m in meetings if m.title == "Every second")
    assert seconds[:2] == [WINDOW[0], WINDOW[0] + timedelta(seconds=1)]  # the same instants
    standups = [m.start for m in meetings if m.title == "Stand-up"]
    assert standups == [
        datetime(2026, 11, 26, 9, 30, tzinfo=LISBON),
        datetime(2026, 11, 27, 9, 30, tzinfo=LISBON),
    ]
    [warning] = errors
    assert isinstance(warning, Incomplete)
    assert "Calendar 'Work'" in str(warning)
    assert f"'Every second' repeats more than {MAX_PER_EVENT} times" in str(warning)
    assert "'Every minute'" in str(warning)


async def test_the_today_pane_says_what_was_left_out(tmp_path: Path) -> None:
    feed = calendar(
        event("s", "Ping", "FREQ=SECONDLY"),
        event("t", "Team sync", "", "20261126T150000Z"),
    )
    with serve_feed(feed.encode()) as url:
        config = tmp_path / "config.toml"
        config.write_text(
            'timezone = "Europe/Lisbon"\n[company]\ndomains = ["acme.com"]\n'
            f'[[calendars]]\nname = "Work"\nkind = "ics"\nurl = "{url}"\n'
        )
        workspace = workspace_from_config(
            load_config(config),
            credentials=MemoryCredentials({}),
            data_dir=tmp_path / "data",
            clock=lambda: datetime(2026, 11, 26, 10, 20, tzinfo=LISBON),
        )
        app = CockpitApp(workspace)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(app, pilot)
            today = app.query_one("#today", TablePane)
            status = str(app.query_one(StatusLine).render())
            shown = {row.cells[2] for row in today._visible if len(row.cells) > 2}
    assert "Calendar: Calendar 'Work': 'Ping' repeats more than 500 times" in status
    assert today.border_subtitle == "incomplete"
    assert "Team sync" in shown
    assert not app.states["Calendar"].stale
