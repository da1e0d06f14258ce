"""The merged day: fetch every calendar at once, dedupe, classify, pick now and next.

`gather_meetings` asks all sources concurrently; one failing source becomes an
error in the returned list, never an exception that hides the others.
`build_agenda` turns the merged meetings into what the Today and Customer calls
panes show for one day.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, tzinfo

from cockpit.domain.classify import CompanyRules, classify
from cockpit.models import Agenda, Meeting
from cockpit.runtime.crash import unexpected_error
from cockpit.sources.calendar_base import CalendarSource, day_window, overlaps
from cockpit.sources.errors import Incomplete, SourceError


async def gather_meetings(
    sources: Sequence[CalendarSource], start: datetime, end: datetime
) -> tuple[list[Meeting], list[SourceError]]:
    """All sources' meetings in [start, end), fetched concurrently, plus each failure.

    A source that delivered but left something out says so in its `warnings`
    (after the fetch); each becomes an `Incomplete` error beside its meetings.
    """
    results = await asyncio.gather(
        *(source.fetch(start, end) for source in sources), return_exceptions=True
    )
    meetings: list[Meeting] = []
    errors: list[SourceError] = []
    for source, result in zip(sources, results, strict=True):
        if isinstance(result, asyncio.CancelledError):
            raise result
        name = source.name
        if isinstance(result, SourceError):
            errors.append(result)
        elif isinstance(result, BaseException):
            errors.append(SourceError(name, unexpected_error(result, f"calendar {name!r}")))
        else:
            meetings.extend(result)
            errors.extend(Incomplete(name, w) for w in getattr(source, "warnings", ()))
    return meetings, errors


def _richness(meeting: Meeting) -> tuple[bool, bool, int, bool]:
    return (
        meeting.status != "cancelled",
        meeting.join_url is not None,
        len(meeting.attendees),
        meeting.end is not None,
    )


def dedupe(meetings: Iterable[Meeting]) -> list[Meeting]:
    """One meeting per (UID, start) and per (title, start, end), keeping the richest copy.

    The same invitation shows up in the user's calendar and in a shared team
    calendar; the copy that is not cancelled, has a join link and more attendees wins.
    """
    kept: list[Meeting] = []
    index: dict[tuple[object, ...], int] = {}
    for meeting in meetings:
        keys = [
            ("uid", meeting.uid, meeting.start),
            ("text", meeting.title.strip().casefold(), meeting.start, meeting.end),
        ]
        slot = next((index[k] for k in keys if k in index), None)
        if slot is None:
            slot = len(kept)
            kept.append(meeting)
        elif _richness(meeting) > _richness(kept[slot]):
            kept[slot] = meeting
        for key in keys:
            index.setdefault(key, slot)
    return kept


def sort_key(meeting: Meeting) -> tuple[bool, datetime, str]:
    """All-day first, then by start, then by title."""
    return (not meeting.all_day, meeting.start, meeting.title.casefold())


def build_agenda(
    meetings: Iterable[Meeting],
    day: date,
    tz: tzinfo,
    rules: CompanyRules,
    customers: Mapping[str, str],
    lookahead_days: int = 3,
) -> Agenda:
    """The day's meetings (deduped, classified, sorted) and the next days' customer calls."""
    merged = [classify(m, rules, customers) for m in dedupe(meetings)]
    start, end = day_window(day, tz)
    _, horizon = day_window(day, tz, days=1 + lookahead_days)
    today = sorted((m for m in merged if overlaps(m, start, end)), key=sort_key)
    upcoming = sorted(
        (
            m
            for m in merged
            if m.customer is not None and m.status != "cancelled" and end <= m.start < horizon
        ),
        key=sort_key,
    )
    return Agenda(day=day, meetings=tuple(today), upcoming_calls=tuple(upcoming))


def customer_calls(agenda: Agenda) -> list[Meeting]:
    """Today's and upcoming customer calls (not cancelled), grouped by customer.

    Groups come in the order of their first call; calls inside a group by start.
    """
    calls = [m for m in agenda.meetings if m.customer is not None and m.status != "cancelled"]
    calls += [m for m in agenda.upcoming_calls if m.status != "cancelled"]
    calls.sort(key=lambda m: m.start)
    groups: dict[str, list[Meeting]] = {}
    for call in calls:
        groups.setdefault(call.customer or "", []).append(call)
    return [call for group in groups.values() for call in group]


def now_and_next(meetings: Iterable[Meeting], now: datetime) -> tuple[str | None, str | None]:
    """UIDs of the meeting under way at `now` and the next one to start (timed, not
    cancelled, not declined by the user)."""
    timed = [
        m
        for m in meetings
        if not m.all_day and m.status != "cancelled" and m.my_response != "declined"
    ]
    current = [m for m in timed if m.end is not None and m.start <= now < m.end]
    current.sort(key=lambda m: m.start, reverse=True)
    upcoming = sorted((m for m in timed if m.start > now), key=lambda m: m.start)
    return (
        current[0].uid if current else None,
        upcoming[0].uid if upcoming else None,
    )


def window_for(day: date, tz: tzinfo, lookahead_days: int = 3) -> tuple[datetime, datetime]:
    """The fetch window build_agenda needs: the day plus the look-ahead days."""
    return day_window(day, tz, days=1 + lookahead_days)
