"""Calendars of one-second events under any RRULE, for the recurrence-limit tests."""

from __future__ import annotations

from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

from cockpit.models import Meeting
from cockpit.sources.calendar_base import day_window

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
    """A VCALENDAR holding `events`, CRLF line ends as on the wire."""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + "".join(events)
        + ("END:VCALENDAR\r\n")
    )


def titles(meetings: list[Meeting]) -> Counter[str]:
    """How many times each title was expanded."""
    return Counter(m.title for m in meetings)
