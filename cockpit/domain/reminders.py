"""Which meeting reminders are due: N minutes before each meeting the user accepted
(or whose calendar does not say), for each N of `[reminders] minutes_before`.

A reminder is due from N minutes before the start until the start. When several
of a meeting's thresholds have passed (the app was closed, cron skipped a run),
only the nearest is announced; the earlier ones are claimed with it, so none of
them fires later. The store claims each once, across processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from cockpit.domain.present import hhmm
from cockpit.models import Meeting
from cockpit.records import record


@record(slots=True)
class Reminder:
    meeting: Meeting
    minutes: int
    key: str
    earlier: tuple[str, ...]
    """The keys of the meeting's longer reminders, passed without being announced."""

    def title(self, now: datetime) -> str:
        left = max(0, round((self.meeting.start - now).total_seconds() / 60))
        soon = "now" if left == 0 else f"in {left} min"
        return f"{self.meeting.title} starts {soon} ({hhmm(self.meeting.start)})"

    def body(self, join_key: str = "") -> str:
        """How to join: the service and the key, or the dial-in, or where."""
        meeting = self.meeting
        if meeting.join_url:
            by = meeting.provider or "the link"
            return f"Join with {by}" + (f": press {join_key}" if join_key else "")
        if meeting.dial_in:
            return f"Dial {meeting.dial_in[0].dial_string()}"
        return meeting.location or meeting.calendar


def reminder_key(meeting: Meeting, minutes: int) -> str:
    return f"{meeting.uid}|{meeting.start.isoformat()}|{minutes}"


def wanted(meeting: Meeting) -> bool:
    """A timed meeting that happens, that the user did not decline or leave open."""
    return (
        not meeting.all_day
        and meeting.status != "cancelled"
        and meeting.my_response in ("accepted", None)
    )


def due_reminders(
    meetings: Iterable[Meeting], now: datetime, minutes_before: Sequence[int]
) -> list[Reminder]:
    """The reminders due at `now`, soonest meeting first (not yet checked against the
    store: claim each before announcing it)."""
    due = []
    for meeting in meetings:
        if not wanted(meeting) or meeting.start <= now:
            continue
        reached = sorted(m for m in minutes_before if meeting.start - timedelta(minutes=m) <= now)
        if not reached:
            continue
        nearest, *earlier = reached
        due.append(
            Reminder(
                meeting,
                nearest,
                reminder_key(meeting, nearest),
                tuple(reminder_key(meeting, m) for m in earlier),
            )
        )
    due.sort(key=lambda r: r.meeting.start)
    return due
