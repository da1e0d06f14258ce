"""CalDAV against a real Radicale: discovery, time-range queries, local expansion, auth."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import httpx
import pytest
from support.radicale_server import Radicale, mkcalendar, put_event

from cockpit.domain.agenda import gather_meetings
from cockpit.sources.caldav import CalDavSource
from cockpit.sources.calendar_base import day_window
from cockpit.sources.errors import AuthError, BadResponse
from cockpit.sources.http import RetryPolicy

LISBON = ZoneInfo("Europe/Lisbon")

STANDUP = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//caldav//EN
BEGIN:VEVENT
UID:standup-1
SUMMARY:Daily stand-up
DTSTART;TZID=Europe/Lisbon:20240304T093000
DTEND;TZID=Europe/Lisbon:20240304T094500
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
EXDATE;TZID=Europe/Lisbon:20240306T093000
ORGANIZER:mailto:lead@acme.com
ATTENDEE;CN=Pat;PARTSTAT=ACCEPTED:mailto:pm@acme.com
END:VEVENT
BEGIN:VEVENT
UID:standup-1
RECURRENCE-ID;TZID=Europe/Lisbon:20240307T093000
SUMMARY:Daily stand-up (moved to Saturday)
DTSTART;TZID=Europe/Lisbon:20240309T110000
DTEND;TZID=Europe/Lisbon:20240309T111500
END:VEVENT
END:VCALENDAR
"""

NEW_YORK_CALL = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//caldav//EN
BEGIN:VEVENT
UID:globex-call
SUMMARY:Globex renewal call
DTSTART;TZID=America/New_York:20240305T090000
DTEND;TZID=America/New_York:20240305T100000
LOCATION:https://meet.google.com/abc-defg-hij
ATTENDEE;CN=Gina;PARTSTAT=ACCEPTED:mailto:gina@globex.com
ATTENDEE;CUTYPE=ROOM;CN=Big room:mailto:room@acme.com
END:VEVENT
END:VCALENDAR
"""

OFFSITE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//caldav//EN
BEGIN:VEVENT
UID:offsite
SUMMARY:Team offsite
DTSTART;VALUE=DATE:20240305
DTEND;VALUE=DATE:20240306
END:VEVENT
END:VCALENDAR
"""

TODO = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//caldav//EN
BEGIN:VTODO
UID:todo-1
SUMMARY:Write PRD
END:VTODO
END:VCALENDAR
"""


@pytest.fixture(scope="module")
def dav(radicale_server: Radicale) -> Radicale:
    base = radicale_server.url + radicale_server.user + "/"
    with radicale_server.client() as client:
        client.request("PROPFIND", radicale_server.url + radicale_server.user + "/")
        mkcalendar(client, base + "work/", "Work")
        mkcalendar(client, base + "team/", "Team")
        mkcalendar(client, base + "tasks/", "Tasks", components="VTODO")
        put_event(client, base + "work/", "standup.ics", STANDUP)
        put_event(client, base + "work/", "globex.ics", NEW_YORK_CALL)
        put_event(client, base + "team/", "offsite.ics", OFFSITE)
        put_event(client, base + "tasks/", "todo.ics", TODO)
    return radicale_server


def no_sleep_policy() -> RetryPolicy:
    async def sleep(_: float) -> None:
        return None

    return RetryPolicy(attempts=2, sleep=sleep)


def source(dav: Radicale, client: httpx.AsyncClient, password: str | None = None) -> CalDavSource:
    return CalDavSource(
        client,
        "Fastmail",
        dav.url,
        dav.user,
        password or dav.password,
        LISBON,
        policy=no_sleep_policy(),
    )


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LISBON)


async def test_discovery_finds_event_calendars_only(dav: Radicale) -> None:
    async with httpx.AsyncClient() as client:
        calendars = await source(dav, client).calendars()
    assert sorted(c.name for c in calendars) == ["Team", "Work"]


async def test_day_from_two_calendars_in_the_users_zone(dav: Radicale) -> None:
    async with httpx.AsyncClient() as client:
        meetings = await source(dav, client).fetch(*day_window(date(2024, 3, 5), LISBON))
    shown = [(m.title, m.start, m.all_day, m.calendar) for m in meetings]
    assert shown == [
        ("Team offsite", at(date(2024, 3, 5), 0), True, "Fastmail: Team"),
        ("Daily stand-up", at(date(2024, 3, 5), 9, 30), False, "Fastmail: Work"),
        ("Globex renewal call", at(date(2024, 3, 5), 14), False, "Fastmail: Work"),
    ]
    call = meetings[2]
    assert call.join_url == "https://meet.google.com/abc-defg-hij"
    assert [a.resource for a in call.attendees] == [False, True]


async def test_exdate_and_occurrence_moved_to_another_day(dav: Radicale) -> None:
    async with httpx.AsyncClient() as client:
        src = source(dav, client)
        wednesday = await src.fetch(*day_window(date(2024, 3, 6), LISBON))
        thursday = await src.fetch(*day_window(date(2024, 3, 7), LISBON))
        saturday = await src.fetch(*day_window(date(2024, 3, 9), LISBON))
        next_monday = await src.fetch(*day_window(date(2024, 3, 11), LISBON))
    assert [m.title for m in wednesday] == []
    assert [m.title for m in thursday] == []
    assert [(m.title, m.start) for m in saturday] == [
        ("Daily stand-up (moved to Saturday)", at(date(2024, 3, 9), 11))
    ]
    assert [m.start for m in next_monday] == [at(date(2024, 3, 11), 9, 30)]


async def test_unchanged_resources_are_not_parsed_again(dav: Radicale) -> None:
    async with httpx.AsyncClient() as client:
        src = source(dav, client)
        await src.fetch(*day_window(date(2024, 3, 5), LISBON))
        first = src._cache.parses
        await src.fetch(*day_window(date(2024, 3, 5), LISBON))
    assert first == 3
    assert src._cache.parses == first


async def test_wrong_password_names_the_calendar_not_the_secret(dav: Radicale) -> None:
    async with httpx.AsyncClient() as client:
        with pytest.raises(AuthError) as info:
            await source(dav, client, password="wrong-password").fetch(
                *day_window(date(2024, 3, 5), LISBON)
            )
    message = str(info.value)
    assert "Fastmail" in message and "127.0.0.1" in message
    assert "wrong-password" not in message


async def test_one_failing_source_does_not_sink_the_others(dav: Radicale) -> None:
    async with httpx.AsyncClient() as client:
        good = source(dav, client)
        bad = source(dav, client, password="nope")
        bad.name = "Broken"
        meetings, errors = await gather_meetings([good, bad], *day_window(date(2024, 3, 5), LISBON))
    assert len(meetings) == 3
    assert [type(e) for e in errors] == [AuthError]


async def test_plain_http_to_a_remote_host_is_refused() -> None:
    async with httpx.AsyncClient() as client:
        src = CalDavSource(client, "Work", "http://dav.example.com/", "u", "p", LISBON)
        with pytest.raises(BadResponse, match="https"):
            await src.fetch(*day_window(date(2024, 3, 5), LISBON))


async def test_an_xml_entity_bomb_is_refused_not_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<d:multistatus xmlns:d="DAV:"><d:response><d:href>&c;</d:href></d:response>'
        b"</d:multistatus>"
    )
    transport = httpx.MockTransport(lambda request: httpx.Response(207, content=bomb))
    async with httpx.AsyncClient(transport=transport) as http:
        source = CalDavSource(
            http, "Work", "https://dav.example.com/", "pm", "pw", ZoneInfo("Europe/Lisbon")
        )
        start, end = day_window(date(2026, 11, 26), ZoneInfo("Europe/Lisbon"))
        with pytest.raises(BadResponse, match="unreadable XML"):
            await source.fetch(start, end)
