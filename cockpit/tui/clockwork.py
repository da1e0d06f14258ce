"""The day shown, and what moves by itself while the cockpit is open.

The user steps days (`[`, `]`, `t`); a day other than today chosen that way, or
with --date, is pinned. Every few seconds `tick` reads the workspace's clock
(tests pass one they move): at midnight the day rolls over unless it is pinned;
each new minute the Today pane's now, next and past rows and the status line are
drawn again from what is on screen (no fetch); the background refreshes that are
due start; and the meeting reminders that are due are announced.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from cockpit.models import Agenda

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp

TICK_SECONDS = 10.0
"""How often the clock is read: now and next move at most this late."""


class Clockwork:
    """The day shown and the app's tick: day rollover, the minute's repaint, due refreshes."""

    def __init__(self, app: CockpitApp, *, pinned: bool = False) -> None:
        self.app = app
        self.pinned = pinned
        """The user looks at `app.day` on purpose: midnight leaves it be."""
        now = app.workspace.now()
        self._today = now.date()
        self._minute = _minute(now)

    def step_day(self, delta: int) -> None:
        day = self.app.day + timedelta(days=delta)
        self.pinned = day != self.app.workspace.today()
        self.show_day(day)

    def back_to_today(self) -> None:
        self.pinned = False
        self.show_day(self.app.workspace.today())

    def show_day(self, day: date) -> None:
        """Show `day`: from the store at once, then from a refresh of the calendars."""
        app = self.app
        app.day = day
        cached = app.workspace.cached_agenda(day)
        agenda = cached.value if cached is not None else Agenda(day)
        app.board.show_agenda(agenda, stale_since=cached.fetched_at if cached else None)
        app.board.update_status()
        app.refresher.agenda()

    def start(self) -> None:
        self.app.set_interval(TICK_SECONDS, self.tick, name="clockwork")

    def tick(self) -> None:
        app = self.app
        now = app.workspace.now()
        if now.date() != self._today:
            yesterday, self._today = self._today, now.date()
            self._minute = _minute(now)
            if not self.pinned and app.day == yesterday:
                self.show_day(self._today)  # repaints and refreshes the calendar
            else:
                app.board.repaint_today()  # its title is no longer "Today"
            # and Jira's panes: "days blocked" counts one more
            app.refresher.start_idle(g for g in app.refresher.groups if g != "agenda")
            app.board.update_status()
        elif _minute(now) != self._minute:
            self._minute = _minute(now)
            app.board.repaint_today()
            app.board.update_status()
        app.refresher.tick(now)
        app.reminders.tick(now)


def _minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)
