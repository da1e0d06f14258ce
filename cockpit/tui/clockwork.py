"""What moves by itself while the cockpit is open: the clock's tick.

Every few seconds `tick` reads the workspace's clock (tests pass one they move):
at midnight the day rolls over, unless the user is looking at another day on
purpose; each new minute the Today pane's now, next and past rows and the
status line are drawn again from what is on screen (no fetch); and the
background refreshes that are due start.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp

TICK_SECONDS = 10.0
"""How often the clock is read: now and next move at most this late."""


class Clockwork:
    """The app's tick: day rollover, the minute's repaint, due refreshes."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        now = app.workspace.now()
        self._today = now.date()
        self._minute = _minute(now)

    def start(self) -> None:
        self.app.set_interval(TICK_SECONDS, self.tick, name="clockwork")

    def tick(self) -> None:
        app = self.app
        now = app.workspace.now()
        if now.date() != self._today:
            yesterday, self._today = self._today, now.date()
            self._minute = _minute(now)
            if not app.day_pinned and app.day == yesterday:
                app.go_to_day(self._today)  # repaints and refreshes the calendar
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


def _minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)
