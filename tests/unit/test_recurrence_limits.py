"""Recurrence expansion is bounded: an event repeating every second since 1970 costs
little, shows at most its cap, and the calendar says what was left out."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import threading
import time
import tracemalloc
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from support.demo_app import settle
from support.feed_server import serve_feed

from cockpit.config.credentials import MemoryCredentials
from cockpit.config.loader import load_config
from cockpit.domain.agenda import gather_meetings
from cockpit.sources.calendar_base import day_window
from cockpit.sources.errors import Incomplete
from cockpit.sources.ical import parse_ics
from cockpit.sources.ical_expand import MAX_PER_EVENT, MAX_PER_WINDOW
from cockpit.sources.ics import IcsSource
from cockpit.sources.threads import Stopped, run_stoppable
from cockpit.sync.wiring import workspace_from_config
from cockpit.tui.app import CockpitApp
from cockpit.widgets.status_line import StatusLine
from cockpit.widgets.table_pane import TablePane

LISBON = ZoneInfo("Europe/Lisbon")
DAY = date(2026, 11, 26)
WINDOW = day_window(DAY, LISBON, days=4)  # what the workspace asks for: the day and 3 more
HANG_GUARD = 5.0
"""Seconds; the work takes tens of milliseconds, the unbounded one never finished."""


def event(uid: str, title: str, rule: str, start: str = "19700101T000000Z") -> str:
    """A one-second VEVENT; `start` is a UTC/floating value or a whole DTSTART;TZID=... line."""
    start_line = start if start.startswith("DTSTART") else f"DTSTART:{start}"
    rule_line = f"RRULE:{rule}\r\n" if rule else ""
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{title}\r\n{start_line}\r\n"
        f"DURATION:PT1S\r\n{rule_line}END:VEVENT\r\n"
    )


def calendar(*events: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + "".join(events)
        + ("END:VCALENDAR\r\n")
    )


def expand(text: str, window: tuple[datetime, datetime] = WINDOW):
    return parse_ics(text, "Test").expand(*window, LISBON, "Work")


def titles(meetings) -> Counter[str]:
    return Counter(m.title for m in meetings)


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


def test_secondly_since_1970_takes_little_memory() -> None:
    text = calendar(event("s", "Every second", "FREQ=SECONDLY"))
    tracemalloc.start()
    try:
        began = time.perf_counter()
        expansion = expand(text)
        took = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert took < HANG_GUARD
    assert peak < 50 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
    assert len(expansion.meetings) == MAX_PER_EVENT
    assert expansion.cuts


def test_moved_rules_give_exactly_the_instants_of_the_whole_rule() -> None:
    # every 37 minutes, on the 0th and 30th second, since 1970: worked out by hand
    rule = "FREQ=MINUTELY;INTERVAL=37;BYSECOND=0,30"
    expansion = expand(calendar(event("m", "Odd", rule)))
    first = datetime(1970, 1, 1, tzinfo=UTC)
    expected = []
    step = (WINDOW[0] - first) // timedelta(minutes=37)
    at = first + step * timedelta(minutes=37)
    while at < WINDOW[1]:
        expected += [t for t in (at, at + timedelta(seconds=30)) if WINDOW[0] <= t < WINDOW[1]]
        at += timedelta(minutes=37)
    assert [m.start for m in expansion.meetings] == expected
    assert not expansion.cuts


def test_hourly_in_a_zone_keeps_the_wall_clock_and_count_is_honoured() -> None:
    hourly = event("h", "Hourly", "FREQ=HOURLY", "DTSTART;TZID=Europe/Lisbon:19700101T000500")
    # 500,000 hours from 1970 run to 2027; 400,000 ended in 2015
    long_count = event("c", "Still counting", "FREQ=HOURLY;COUNT=500000")
    ended = event("e", "Counted out", "FREQ=HOURLY;COUNT=400000")
    expansion = expand(calendar(hourly, long_count, ended))
    counts = titles(expansion.meetings)
    assert counts == {"Hourly": 96, "Still counting": 96}
    hourly_starts = [m.start for m in expansion.meetings if m.title == "Hourly"]
    assert {(s.minute, s.second) for s in hourly_starts} == {(5, 0)}
    assert not expansion.cuts


def test_an_impossible_rule_ends_at_once() -> None:
    # dateutil would look for a 30th of February until the year 9999 (seconds of CPU)
    text = calendar(
        event("f", "Never", "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30"),
        event("g", "Never daily", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "20261126T100000Z"),
    )
    began = time.perf_counter()
    expansion = expand(text)
    assert time.perf_counter() - began < HANG_GUARD
    assert [m.title for m in expansion.meetings] == ["Never daily"]  # its DTSTART only


def test_a_dense_rule_that_cannot_be_moved_is_left_out_and_said() -> None:
    text = calendar(event("x", "Filtered count", "FREQ=SECONDLY;BYHOUR=9;COUNT=2000000000"))
    began = time.perf_counter()
    expansion = expand(text)
    assert time.perf_counter() - began < HANG_GUARD
    assert expansion.meetings == []
    assert expansion.cuts == (
        "'Filtered count' repeats too often to show (FREQ=SECONDLY;COUNT=2000000000); left out",
    )


def test_the_window_holds_at_most_its_limit_and_says_so() -> None:
    singles = [
        event(
            f"u{i}",
            f"Meeting {i}",
            "",
            (datetime(2026, 11, 26, 8) + timedelta(seconds=i)).strftime("%Y%m%dT%H%M%SZ"),
        )
        for i in range(MAX_PER_WINDOW + 100)
    ]
    expansion = expand(calendar(*singles))
    assert len(expansion.meetings) == MAX_PER_WINDOW
    assert expansion.full
    assert expansion.meetings[0].title == "Meeting 0"


async def test_a_cancelled_parse_stops_its_thread() -> None:
    running = threading.Event()
    finished = threading.Event()

    def work(stop: threading.Event) -> None:
        running.set()
        while not stop.wait(0.01):
            pass
        finished.set()
        raise Stopped

    task = asyncio.create_task(run_stoppable(work))
    await asyncio.to_thread(running.wait, 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await asyncio.to_thread(finished.wait, 5)


def test_stopping_a_parse_stops_it_between_events() -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(Stopped):
        parse_ics(calendar(event("a", "A", "")), "Test", stop)


def test_work_that_ignores_stop_does_not_keep_the_process_alive() -> None:
    # the old asyncio.to_thread pool was joined when the loop closed: 30 s here
    script = textwrap.dedent(
        """
        import asyncio, time
        from cockpit.sources.threads import run_stoppable

        async def main():
            try:
                await asyncio.wait_for(run_stoppable(lambda stop: time.sleep(30)), 0.2)
            except asyncio.TimeoutError:
                print("gave up")

        asyncio.run(main())
        """
    )
    began = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "gave up", result.stderr
    assert time.perf_counter() - began < 20
