"""Reminders while the cockpit runs: each clock tick, the reminders due for today's
meetings (and tomorrow's, when a reminder reaches past midnight) are claimed in the
store (so `cockpit remind` from cron, or a second tick, never repeats them) and
announced: a toast naming the join key, the bell, and the terminal's desktop
notification (OSC 9 / OSC 777).

The meetings come from the day on screen when it is one of those days, else from the
calendar cache; a day whose cache is missing or old is fetched in the background (at
most every `REFETCH`), whatever day the PM is looking at."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from cockpit.domain.reminders import due_reminders
from cockpit.runtime.notify import terminal_notification
from cockpit.store.db import StoreError

if TYPE_CHECKING:
    from cockpit.models import Meeting
    from cockpit.tui.app import CockpitApp

REFETCH = timedelta(minutes=15)
"""How old a day's cached meetings may be before the desk fetches them again."""


class ReminderDesk:
    """Announces the due reminders of today's and tomorrow's meetings, whatever day is shown."""

    def __init__(self, app: CockpitApp, minutes_before: Sequence[int]) -> None:
        self.app = app
        self.minutes_before = tuple(minutes_before)
        self.announced: list[str] = []
        """What was announced in this run (titles), newest last."""
        self._asked: dict[date, datetime] = {}
        """When each day's meetings were last fetched for reminders."""
        self._loaded: dict[date, Sequence[Meeting]] = {}
        """What those fetches found (kept also when a calendar failed and nothing was cached)."""

    def tick(self, now: datetime) -> None:
        if not self.minutes_before:
            return
        reach = now + timedelta(minutes=max(self.minutes_before))
        meetings: dict[tuple[str, datetime], Meeting] = {}
        for day in sorted({now.date(), reach.date()}):
            for meeting in self._meetings(day, now):
                meetings.setdefault((meeting.uid, meeting.start), meeting)
        store = self.app.workspace.store
        for reminder in due_reminders(meetings.values(), now, self.minutes_before):
            try:
                if not store.claim_reminder(reminder.key, reminder.earlier, now):
                    continue
            except StoreError:
                continue  # the store says why elsewhere; a reminder is not worth a crash
            title = reminder.title(now)
            body = reminder.body(self.app.key_of("join_next"))
            self.announced.append(title)
            self.app.notify(body, title=title, timeout=30, markup=False)
            self.app.bell()
            self.app.write_to_terminal(terminal_notification(title, body))

    def _meetings(self, day: date, now: datetime) -> Sequence[Meeting]:
        """`day`'s meetings: on screen, or cached (fetched again when missing or old)."""
        agenda = self.app.board.agenda
        if agenda.day == day:
            return agenda.meetings
        cached = self.app.workspace.cached_agenda(day)
        if cached is None or now - cached.fetched_at > REFETCH:
            self._fetch(day, now)
        if cached is not None and day not in self._loaded:
            return cached.value.meetings
        return self._loaded.get(day, cached.value.meetings if cached is not None else ())

    def _fetch(self, day: date, now: datetime) -> None:
        asked = self._asked.get(day)
        if asked is not None and now - asked < REFETCH:
            return
        self._asked[day] = now
        self.app.run_worker(self._load(day), group="reminders", exit_on_error=False)

    async def _load(self, day: date) -> None:
        """Fetch `day` into the calendar cache, then announce what became due."""
        try:
            agenda, _ = await self.app.workspace.fetch_agenda(day)
        except Exception:  # the Today pane reports the calendars' failures
            return
        self._loaded[day] = agenda.meetings
        self.tick(self.app.workspace.now())
