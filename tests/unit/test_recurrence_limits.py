"""Recurrence expansion is bounded: an event repeating every second since 1970 costs
little, shows at most its cap, and the calendar says what was left out.

The same limits over HTTP and in the Today pane: integration/test_recurrence_limits_over_http.py.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import threading
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest
from support.recurring_ics import HANG_GUARD, LISBON, WINDOW, calendar, event, titles

from cockpit.sources.ical import Expansion, parse_ics
from cockpit.sources.ical_expand import MAX_PER_EVENT, MAX_PER_WINDOW
from cockpit.sources.threads import Stopped, run_stoppable


def expand(text: str, window: tuple[datetime, datetime] = WINDOW) -> Expansion:
    return parse_ics(text, "Test").expand(*window, LISBON, "Work")


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
