"""Reminders while the cockpit runs: each clock tick, the reminders due for today's
meetings are claimed in the store (so `cockpit remind` from cron, or a second
tick, never repeats them) and announced: a toast naming the join key, the bell,
and the terminal's desktop notification (OSC 9 / OSC 777)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from cockpit.domain.reminders import due_reminders
from cockpit.runtime.notify import terminal_notification
from cockpit.store.db import StoreError

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp


class ReminderDesk:
    """Announces the due reminders of the meetings on screen (today's)."""

    def __init__(self, app: CockpitApp, minutes_before: Sequence[int]) -> None:
        self.app = app
        self.minutes_before = tuple(minutes_before)
        self.announced: list[str] = []
        """What was announced in this run (titles), newest last."""

    def tick(self, now: datetime) -> None:
        if not self.minutes_before:
            return
        agenda = self.app.board.agenda
        if agenda.day != now.date():
            cached = self.app.workspace.cached_agenda(now.date())
            if cached is None:
                return
            agenda = cached.value
        store = self.app.workspace.store
        for reminder in due_reminders(agenda.meetings, now, self.minutes_before):
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
