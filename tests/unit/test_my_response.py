"""The user's own answer: Google's `self`, Graph's `responseStatus`, ICS `PARTSTAT`
for `[company] user_emails`; declined meetings hidden, never now/next, and the user
never an outside attendee."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.recorded_calendars import TZ, google_meetings, graph_meetings

from cockpit.domain.agenda import build_agenda, customer_calls, now_and_next
from cockpit.domain.classify import CompanyRules, classify
from cockpit.domain.present import calls_table, today_table
from cockpit.models import Attendee, Meeting, meeting_from_json, meeting_to_cache, meeting_to_json
from cockpit.sources.calendar_base import day_window
from cockpit.sources.ical import parse_ics

ACME = CompanyRules(domains=("acme.com",))
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def by_title(meetings: list[Meeting]) -> dict[str, Meeting]:
    return {m.title: m for m in meetings}


async def test_google_self_attendee_gives_my_answer() -> None:
    meetings = by_title(await google_meetings())
    assert meetings["Globex roadmap review"].my_response == "declined"
    assert meetings["Initech onboarding PAY-12"].my_response == "accepted"
    assert meetings["Umbrella all-hands (guests hidden)"].my_response == "needs_action"
    assert meetings["Write PRD"].my_response == "accepted"  # organised by me, no guests
    assert meetings["Globex roadmap review"].me == "pat@acme.com"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Sprint planning", "accepted"),  # organizer
        ("Design review", "accepted"),
        ("Vendor demo (maybe)", "tentative"),
        ("Hooli pricing call", "declined"),
        ("Contoso quarterly sync", "needs_action"),  # notResponded
        ("Team lunch", None),  # none
    ],
)
async def test_graph_response_status_of_every_kind(title: str, expected: str | None) -> None:
    assert by_title(await graph_meetings())[title].my_response == expected


def test_ics_partstat_for_an_address_in_user_emails() -> None:
    start, end = day_window(date(2024, 3, 26), TZ)
    parsed = parse_ics((FIXTURES / "ics" / "apple_work.ics").read_bytes(), "Test")
    (demo,) = [
        m for m in parsed.expand(start, end, TZ, "Test").meetings if m.title == "Globex demo"
    ]
    assert demo.my_response is None  # the source cannot tell who "I" am
    mine = classify(demo, CompanyRules(domains=("acme.com",), user_emails=("PM@acme.com",)), {})
    assert mine.my_response == "tentative"
    assert classify(demo, ACME, {}).my_response is None


def test_the_user_is_never_an_outside_attendee() -> None:
    meeting = Meeting(
        uid="u",
        title="Internal sync",
        start=datetime(2026, 11, 26, 9, tzinfo=TZ),
        end=datetime(2026, 11, 26, 10, tzinfo=TZ),
        calendar="Work",
        attendees=(Attendee("pat@home.example"), Attendee("lee@acme.com")),
        organizer="pat@home.example",
        me="pat@home.example",
    )
    classified = classify(meeting, ACME, {})
    assert classified.customer is None
    assert not any(a.external for a in classified.attendees)
    # without `me`, the same address is an outsider: the rule really looks at it
    assert classify(replace(meeting, me=None), ACME, {}).customer == "home.example"


async def test_declined_is_hidden_from_today_never_now_or_next_but_listed_in_json() -> None:
    meetings = await google_meetings() + await graph_meetings()
    agenda = build_agenda(meetings, date(2026, 11, 26), TZ, ACME, {})
    now = datetime(2026, 11, 26, 9, 40, tzinfo=TZ)  # Design review runs; Globex (10:00) next?
    current, nxt = now_and_next(agenda.meetings, now)
    titles = {m.uid: m.title for m in agenda.meetings}
    assert titles[current or ""] == "Design review"
    assert titles[nxt or ""] == "Vendor demo (maybe)"  # not the declined Globex review at 10:00
    shown = [row.cells[2] for row in today_table(agenda.meetings, now, show_declined=False).rows]
    assert "Globex roadmap review" not in " ".join(shown)
    assert "Contoso quarterly sync (not answered)" in shown
    struck = today_table(agenda.meetings, now, show_declined=True)
    (row,) = [r for r in struck.rows if r.cells[2] == "Globex roadmap review (declined)"]
    assert row.hint.value == "declined"
    calls = customer_calls(agenda)
    data = [meeting_to_json(m) for m in calls]
    assert {d["title"]: d["my_response"] for d in data}["Hooli pricing call"] == "declined"
    pane = calls_table(calls, agenda.day, show_declined=False)
    assert "Hooli" not in " ".join(r.cells[2] for r in pane.rows)


def test_my_response_survives_the_cache() -> None:
    meeting = Meeting(
        uid="u",
        title="t",
        start=datetime(2026, 11, 26, 9, tzinfo=ZoneInfo("UTC")),
        end=None,
        calendar="Work",
        my_response="needs_action",
        me="pat@acme.com",
        attendees_omitted=True,
    )
    assert meeting_from_json(meeting_to_cache(meeting)) == meeting
