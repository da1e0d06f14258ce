"""The merged day: concurrency, dedupe, ordering, upcoming calls, now/next, the demo day."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cockpit.demo.calendar_data import (
    DEMO_COMPANY,
    DEMO_CUSTOMERS,
    DEMO_USER,
    demo_calendar_ics,
)
from cockpit.domain.agenda import (
    build_agenda,
    customer_calls,
    gather_meetings,
    now_and_next,
    window_for,
)
from cockpit.domain.classify import CompanyRules
from cockpit.models import Attendee, Meeting
from cockpit.sources.errors import SourceError, Unreachable
from cockpit.sources.ical import parse_ics

TZ = ZoneInfo("Europe/Lisbon")
DAY = date(2024, 3, 5)
RULES = CompanyRules(DEMO_COMPANY, user_emails=(DEMO_USER,))


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def mtg(uid: str, title: str, start: datetime, minutes: int = 30, **kw: Any) -> Meeting:
    return Meeting(uid, title, start, start + timedelta(minutes=minutes), "Work", **kw)


class FakeSource:
    """A CalendarSource that answers after a delay, or fails."""

    def __init__(
        self,
        name: str,
        meetings: Iterable[Meeting] = (),
        error: Exception | None = None,
        delay: float = 0.0,
    ) -> None:
        self.name = name
        self.meetings = list(meetings)
        self.error = error
        self.delay = delay
        self.started: list[float] = []

    async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
        self.started.append(asyncio.get_running_loop().time())
        await asyncio.sleep(self.delay)  # simulated latency, 0 s or an event's wait
        if self.error:
            raise self.error
        return self.meetings


async def test_sources_run_concurrently_and_failures_are_collected() -> None:
    gate = asyncio.Event()

    class Waiting(FakeSource):
        async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
            await gate.wait()  # only finishes if the other source ran meanwhile
            return self.meetings

    class Opener(FakeSource):
        async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
            gate.set()
            return self.meetings

    a = Waiting("A", [mtg("1", "One", at(9))])
    b = Opener("B", [mtg("2", "Two", at(10))])
    c = FakeSource("C", error=Unreachable("C", "C is down."))
    d = FakeSource("D", error=KeyError("boom"))
    meetings, errors = await asyncio.wait_for(
        gather_meetings([a, b, c, d], *window_for(DAY, TZ)), timeout=5
    )
    assert sorted(m.title for m in meetings) == ["One", "Two"]
    assert [str(e) for e in errors[:1]] == ["C is down."]
    assert isinstance(errors[1], SourceError) and "D" in str(errors[1])


def test_day_sorted_all_day_first_and_duplicates_merged() -> None:
    shared = mtg("s1", "Planning", at(11), attendees=(Attendee("a@acme.com"),))
    meetings = [
        mtg("x", "Late", at(16)),
        shared,
        Meeting("ad", "Offsite", at(0), at(0, day=DAY + timedelta(days=1)), "Team", all_day=True),
        mtg("s1", "Planning", at(11)),  # same UID + start, from a second calendar
        mtg("other-uid", "planning ", at(11), join_url="https://meet.google.com/a"),  # same text
        mtg("y", "Early", at(8)),
        mtg("tomorrow", "Tomorrow", at(9, day=DAY + timedelta(days=1))),
    ]
    agenda = build_agenda(meetings, DAY, TZ, RULES, DEMO_CUSTOMERS)
    assert [m.title for m in agenda.meetings] == ["Offsite", "Early", "planning ", "Late"]
    assert agenda.meetings[2].join_url == "https://meet.google.com/a"  # the richer copy


def test_upcoming_calls_and_grouping_by_customer() -> None:
    globex = (Attendee("gina@globex.com"),)
    initech = (Attendee("bob@initech.com"),)
    meetings = [
        mtg("g1", "Globex today", at(15), attendees=globex),
        mtg("i1", "Initech today", at(11), attendees=initech),
        mtg("g2", "Globex in 2 days", at(10, day=DAY + timedelta(days=2)), attendees=globex),
        mtg("g3", "Globex too far", at(10, day=DAY + timedelta(days=5)), attendees=globex),
        mtg("c", "Cancelled call", at(9, day=DAY + timedelta(days=1)), attendees=globex,
            status="cancelled"),
        mtg("int", "Internal tomorrow", at(9, day=DAY + timedelta(days=1))),
    ]  # fmt: skip
    agenda = build_agenda(meetings, DAY, TZ, RULES, DEMO_CUSTOMERS, lookahead_days=3)
    assert [m.title for m in agenda.upcoming_calls] == ["Globex in 2 days"]
    assert [m.title for m in customer_calls(agenda)] == [
        "Initech today",
        "Globex today",
        "Globex in 2 days",
    ]


def test_now_and_next() -> None:
    meetings = [
        Meeting("ad", "All day", at(0), at(0, day=DAY + timedelta(days=1)), "W", all_day=True),
        mtg("a", "A", at(9), 60),
        mtg("b", "B", at(9, 30), 15),
        mtg("c", "C", at(11), status="cancelled"),
        mtg("d", "D", at(12)),
    ]
    assert now_and_next(meetings, at(9, 40)) == ("b", "d")
    assert now_and_next(meetings, at(8)) == (None, "a")
    assert now_and_next(meetings, at(10, 30)) == (None, "d")
    assert now_and_next(meetings, at(13)) == (None, None)


@pytest.mark.parametrize("day", [date(2024, 3, 30), date(2024, 3, 31), date(2024, 10, 27)])
def test_demo_day_around_dst_changes_and_weekends(day: date) -> None:
    start, end = window_for(day, TZ)
    meetings = parse_ics(demo_calendar_ics(day, TZ), "Work").expand(start, end, TZ, "Work").meetings
    agenda = build_agenda(meetings, day, TZ, RULES, DEMO_CUSTOMERS)
    titles = [m.title for m in agenda.meetings]
    assert titles[0].startswith("Release freeze") and agenda.meetings[0].all_day
    standup = next(m for m in agenda.meetings if m.title == "Daily stand-up")
    assert standup.start == at(9, 30, day=day)  # local wall clock survives the DST change
    statuses = {m.title: m.status for m in agenda.meetings}
    assert "cancelled" in statuses.values() and "tentative" in statuses.values()
    calls = customer_calls(agenda)
    customers = {m.customer for m in calls}
    assert {"Globex", "Initech"} <= customers
    assert any(m.customer_confidence == "low" for m in calls)
    assert any(m.join_url and "zoom.us" in m.join_url for m in calls)
    for hour in (6, 10, 13, 19):  # something is under way or coming at any hour
        current, upcoming = now_and_next(agenda.meetings, at(hour, day=day))
        assert current or upcoming


def test_demo_moved_standup_tomorrow() -> None:
    tomorrow = DAY + timedelta(days=1)
    start, end = window_for(tomorrow, TZ, lookahead_days=0)
    meetings = parse_ics(demo_calendar_ics(DAY, TZ), "Work").expand(start, end, TZ, "Work").meetings
    standups = [m for m in meetings if m.title.startswith("Daily stand-up")]
    assert [(m.title, m.start) for m in standups] == [
        ("Daily stand-up (after all-hands)", at(10, 30, day=tomorrow))
    ]
