"""MicrosoftCalendarSource against the fake Graph: paging, zones, mapping, errors."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from support.fakes.graph_calendar import FakeGraph, attendee, graph_event
from support.fakes.sleeps import Sleeps

from cockpit.config.credentials import MemoryCredentials
from cockpit.models import Meeting
from cockpit.sources.calendar_base import CalendarSource
from cockpit.sources.errors import AuthError, BadResponse
from cockpit.sources.http import RetryPolicy
from cockpit.sources.microsoft import MicrosoftCalendarSource, graph_zone
from cockpit.sources.oauth import StaticToken, microsoft_token_provider

LISBON = ZoneInfo("Europe/Lisbon")
TOKYO = ZoneInfo("Asia/Tokyo")
UTC = ZoneInfo("UTC")
DAY = datetime(2026, 11, 26, tzinfo=LISBON)
REFRESH = "0.refresh-ms"


def at(hour: int, minute: int = 0, tz: ZoneInfo = LISBON) -> datetime:
    return datetime(2026, 11, 26, hour, minute, tzinfo=tz)


def make_source(
    fake: FakeGraph, tz: ZoneInfo = LISBON, page_size: int = 100
) -> tuple[MicrosoftCalendarSource, Sleeps, MemoryCredentials]:
    sleeps = Sleeps()
    policy = RetryPolicy(sleep=sleeps)
    http = fake.client()
    store = MemoryCredentials({"microsoft:Office": REFRESH})
    tokens = microsoft_token_provider(http, "Office", fake.client_id, store, policy=policy)
    source = MicrosoftCalendarSource(http, "Office", tz, tokens, policy=policy, page_size=page_size)
    return source, sleeps, store


async def fetch_day(source: MicrosoftCalendarSource) -> list[Meeting]:
    start = datetime.combine(DAY.date(), datetime.min.time(), tzinfo=source.tz)
    return await source.fetch(start, start + timedelta(days=1))


async def test_next_links_are_followed_with_utc_times_requested() -> None:
    fake = FakeGraph(
        events=[graph_event(f"e{i}", f"Meeting {i}", at(9 + i), at(9 + i, 30)) for i in range(5)]
    )
    source, _, _ = make_source(fake, page_size=2)
    meetings = await fetch_day(source)
    assert [m.title for m in meetings] == [f"Meeting {i}" for i in range(5)]
    calls = fake.view_requests()
    assert len(calls) == 3
    assert 'outlook.timezone="UTC"' in calls[0].headers["Prefer"]
    first = calls[0].url.params
    assert first["startDateTime"] == "2026-11-26T00:00:00Z" and first["$top"] == "2"
    assert "isCancelled" in first["$select"] and "onlineMeeting" in first["$select"]
    assert "$skiptoken" in calls[1].url.params
    assert isinstance(source, CalendarSource)


async def test_cancelled_occurrences_are_hidden() -> None:
    fake = FakeGraph(
        events=[
            graph_event("a", "Kept", at(9), at(10)),
            graph_event("b", "Called off", at(11), at(12), isCancelled=True),
        ]
    )
    source, _, _ = make_source(fake)
    assert [m.title for m in await fetch_day(source)] == ["Kept"]


async def test_utc_answers_are_shown_in_the_users_zone() -> None:
    fake = FakeGraph(events=[graph_event("t", "Standup", at(9), at(9, 15))])
    source, _, _ = make_source(fake, tz=TOKYO)
    start = datetime(2026, 11, 26, tzinfo=TOKYO)
    [meeting] = await source.fetch(start, start + timedelta(days=1))
    assert meeting.start == datetime(2026, 11, 26, 18, 0, tzinfo=TOKYO)
    assert meeting.start.tzinfo == TOKYO and meeting.start.hour == 18
    assert meeting.duration_minutes == 15


async def test_a_server_answering_in_a_windows_zone_is_read_correctly() -> None:
    fake = FakeGraph(events=[graph_event("w", "West coast sync", at(17), at(18))])
    fake.zone = "Pacific Standard Time"  # ignores our Prefer header
    source, _, _ = make_source(fake)
    [meeting] = await fetch_day(source)
    assert meeting.start == at(17) and meeting.start.hour == 17
    assert graph_zone("Pacific Standard Time") == ZoneInfo("America/Los_Angeles")
    assert graph_zone("Nowhere Standard Time") is None


async def test_unreadable_events_are_skipped_and_counted() -> None:
    broken = graph_event("x", "Broken", at(10), at(11))
    broken["start"] = {"dateTime": "not a time", "timeZone": "UTC"}
    odd_zone = graph_event("y", "Odd zone", at(12), at(13))
    odd_zone["start"]["timeZone"] = "Nowhere Standard Time"
    body = {"value": [graph_event("a", "Fine", at(9), at(10)), broken, odd_zone]}
    http = httpx.AsyncClient(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json=body))
    )
    source = MicrosoftCalendarSource(http, "Office", LISBON, StaticToken("t"))
    meetings = await fetch_day(source)
    assert [m.title for m in meetings] == ["Fine"] and source.skipped == 2


async def test_all_day_event_starts_at_local_midnight() -> None:
    fake = FakeGraph(events=[graph_event("h", "Holiday", date(2026, 11, 26), date(2026, 11, 27))])
    source, _, _ = make_source(fake, tz=TOKYO)
    start = datetime(2026, 11, 26, tzinfo=TOKYO)
    [meeting] = await source.fetch(start, start + timedelta(days=1))
    assert meeting.all_day
    assert meeting.start == datetime(2026, 11, 26, tzinfo=TOKYO)
    assert meeting.end == datetime(2026, 11, 27, tzinfo=TOKYO)


async def test_attendees_rooms_responses_and_my_tentative_answer() -> None:
    fake = FakeGraph(
        events=[
            graph_event(
                "p",
                "Initech QBR",
                at(14),
                at(15),
                organizer={"emailAddress": {"name": "Pat", "address": "Pat@Acme.com"}},
                attendees=[
                    attendee("pat@acme.com", "Pat", "organizer"),
                    attendee("li@initech.com", "Li", "tentativelyAccepted"),
                    attendee("max@initech.com", "Max", "declined", "optional"),
                    attendee("nobody@initech.com", "Nobody", "none"),
                    attendee("room4@acme.com", "Room 4", "accepted", "resource"),
                ],
                responseStatus={"response": "tentativelyAccepted"},
                location={"displayName": "Room 4"},
                bodyPreview="Quarterly review",
            )
        ]
    )
    source, _, _ = make_source(fake)
    [meeting] = await fetch_day(source)
    people = {a.email: a for a in meeting.attendees}
    assert people["pat@acme.com"].organizer
    assert people["li@initech.com"].response == "tentative"
    assert people["max@initech.com"].response == "declined"
    assert people["nobody@initech.com"].response == "needs-action"
    assert people["room4@acme.com"].resource and not people["li@initech.com"].resource
    assert meeting.status == "tentative"
    assert meeting.organizer == "pat@acme.com"
    assert (meeting.location, meeting.description) == ("Room 4", "Quarterly review")


async def test_join_links_from_online_meeting_fields_and_body() -> None:
    teams = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"
    fake = FakeGraph(
        events=[
            graph_event("a", "Teams", at(9), at(10), onlineMeeting={"joinUrl": teams}),
            graph_event(
                "b", "Legacy", at(10), at(11), onlineMeetingUrl="https://acme.webex.com/meet/pat"
            ),
            graph_event(
                "c", "Zoom in body", at(11), at(12), bodyPreview="Join https://acme.zoom.us/j/42."
            ),
            graph_event(
                "d", "No link", at(12), at(13), bodyPreview="See https://intranet.acme.com"
            ),
        ]
    )
    source, _, _ = make_source(fake)
    links = [m.join_url for m in await fetch_day(source)]
    assert links == [teams, "https://acme.webex.com/meet/pat", "https://acme.zoom.us/j/42", None]


async def test_rate_limit_waits_for_retry_after() -> None:
    fake = FakeGraph(events=[graph_event("a", "A", at(9), at(10))], rate_limited=2)
    source, sleeps, _ = make_source(fake)
    assert [m.title for m in await fetch_day(source)] == ["A"]
    assert sleeps == [3.0, 3.0]


async def test_refresh_token_rotation_is_stored_back() -> None:
    fake = FakeGraph(events=[graph_event("a", "A", at(9), at(10))])
    source, _, store = make_source(fake)
    await fetch_day(source)
    rotated = store.get("microsoft:Office")
    assert rotated and rotated != REFRESH and rotated in fake.refresh_tokens
    fake.access_tokens.clear()  # the access token expires: the rotated refresh token works
    assert [m.title for m in await fetch_day(source)] == ["A"]


async def test_revoked_refresh_token_gives_the_sentence_naming_cockpit_auth() -> None:
    fake = FakeGraph(events=[])
    source, _, _ = make_source(fake)
    fake.refresh_tokens.clear()
    with pytest.raises(AuthError) as caught:
        await fetch_day(source)
    assert str(caught.value) == (
        "Microsoft 365 calendar 'Office' sign-in expired or was revoked; run `cockpit auth Office`"
    )
    assert REFRESH not in str(caught.value)


async def test_next_link_to_another_host_is_refused_and_gets_no_token() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = {"value": [], "@odata.nextLink": "https://evil.example/steal?$skiptoken=x"}
        return httpx.Response(200, json=body)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    source = MicrosoftCalendarSource(http, "Office", LISBON, StaticToken("secret-access"))
    with pytest.raises(BadResponse):
        await fetch_day(source)
    assert [r.url.host for r in seen] == ["graph.microsoft.com"]


async def test_forbidden_names_the_permission() -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda r: httpx.Response(403)))
    source = MicrosoftCalendarSource(http, "Office", LISBON, StaticToken("t"))
    with pytest.raises(AuthError, match=r"Calendars\.Read.*cockpit auth Office"):
        await fetch_day(source)
