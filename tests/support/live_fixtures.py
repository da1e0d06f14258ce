"""A clock tests move by hand, and cockpits on it: the demo, or one fake calendar.

The app reads time only through its workspace's clock, so a test moves the clock
and calls `app.clockwork.tick()` (the timer's job) instead of waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from cockpit.demo.workspace import demo_workspace
from cockpit.domain.classify import CompanyRules
from cockpit.models import Meeting
from cockpit.sources.errors import SourceError
from cockpit.store.db import Store
from cockpit.sync.workspace import Workspace
from cockpit.tui.app import CockpitApp
from cockpit.widgets.status_line import StatusLine
from cockpit.widgets.table_pane import TablePane

TZ = ZoneInfo("Europe/Lisbon")
THURSDAY = date(2026, 11, 26)


def at(hour: int, minute: int = 0, day: date = THURSDAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


class Clock:
    """The time it is for the app, until the test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def demo_on(data_dir: Path, clock: Clock, **kwargs: object) -> CockpitApp:
    """The demo cockpit (calendar generated for the clock's day) on `clock`."""
    workspace = demo_workspace(
        clock=clock, tz=TZ, data_dir=data_dir, layout=("today", "calls", "blocked", "backlog")
    )
    return CockpitApp(workspace, **kwargs)  # type: ignore[arg-type]


class CountingCalendar:
    """A calendar source that counts its fetches, fails with `error` when set, and
    holds each fetch until `gate` opens when one is set."""

    name = "Work"

    def __init__(self, meetings: Sequence[Meeting] = ()) -> None:
        self.meetings = list(meetings)
        self.fetches = 0
        self.error: SourceError | None = None
        self.gate: asyncio.Event | None = None

    async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
        self.fetches += 1
        if self.gate is not None:
            await self.gate.wait()
        if self.error is not None:
            raise self.error
        return [m for m in self.meetings if m.start < end and (m.end or m.start) > start]


def calendar_app(
    data_dir: Path, clock: Clock, calendar: CountingCalendar, **kwargs: object
) -> CockpitApp:
    """A cockpit with one calendar and no Jira."""
    workspace = Workspace(
        tz=TZ,
        calendars=[calendar],
        jira=None,
        store=Store.open(data_dir),
        rules=CompanyRules(domains=("acme.com",)),
        clock=clock,
    )
    return CockpitApp(workspace, **kwargs)  # type: ignore[arg-type]


def status_text(app: CockpitApp) -> str:
    """The status line as drawn (at its width)."""
    return str(app.query_one(StatusLine).render())


def today_rows(app: CockpitApp) -> list[tuple[str, str, str]]:
    """The Today pane's rows as (marker, time, meeting)."""
    pane = app.query_one("#today", TablePane)
    return [tuple(pane.shown_cells(i)[:3]) for i in range(pane.row_count)]  # type: ignore[misc]


def past_rows(app: CockpitApp) -> list[str]:
    """The meetings the Today pane shows as over."""
    pane = app.query_one("#today", TablePane)
    return [
        pane.shown_cells(i)[2]
        for i in range(pane.row_count)
        if pane.row_cells(i, 200)[1] == "table-pane--past"
    ]
