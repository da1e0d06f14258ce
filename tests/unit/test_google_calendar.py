"""GoogleCalendarSource against the fake Calendar API: paging, mapping, errors."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from support.fakes.google_calendar import FakeGoogle, google_event
from support.fakes.sleeps import Sleeps

from cockpit.config.credentials import MemoryCredentials
from cockpit.models import Meeting
from cockpit.sources.calendar_base import CalendarSource
from cockpit.sources.errors import AuthError, RateLimited
from cockpit.sources.google import GoogleCalendarSource
from cockpit.sources.http import RetryPolicy
from cockpit.sources.oauth import StaticToken, google_token_provider

NY = ZoneInfo("America/New_York")
LISBON = ZoneInfo("Europe/Lisbon")
DAY = datetime(2026, 11, 26, tzinfo=NY)
REFRESH = "1//refresh-google"


def at(hour: int, minute: int = 0, tz: ZoneInfo = NY) -> datetime:
    return datetime(2026, 11, 26, hour, minute, tzinfo=tz)


def make_source(
    fake: FakeGoogle, name: str = "Work", tz: ZoneInfo = NY, refresh: str | None = REFRESH
) -> tuple[GoogleCalendarSource, Sleeps, MemoryCredentials]:
    sleeps = Sleeps()
    policy = RetryPolicy(sleep=sleeps)
    http = fake.client()
    store = MemoryCredentials({f"google:{name}": refresh} if refresh else {})
    tokens = google_token_provider(
        http, name, fake.client_id, store, client_secret=fake.client_secret, policy=policy
    )
    source = GoogleCalendarSource(http, name, "primary", tz, tokens, policy=policy)
    return source, sleeps, store


async def fetch_day(source: GoogleCalendarSource) -> list[Meeting]:
    return await source.fetch(DAY, DAY + timedelta(days=1))


async def test_pages_are_followed_and_the_query_is_the_documented_one() -> None:
    fake = FakeGoogle(
        events=[google_event(f"e{i}", f"Meeting {i}", at(9 + i), at(9 + i, 30)) for i in range(5)],
        page_size=2,
    )
    source, _, _ = make_source(fake)
    meetings = await fetch_day(source)
    assert [m.title for m in meetings] == [f"Meeting {i}" for i in range(5)]
    calls = fake.event_requests()
    assert len(calls) == 3
    first = calls[0].url.params
    assert first["singleEvents"] == "true" and first["orderBy"] == "startTime"
    assert datetime.fromisoformat(first["timeMin"]) == DAY
    assert first["timeMin"].endswith("-05:00")
    assert "pageToken" not in first and "pageToken" in calls[1].url.params
    assert isinstance(source, CalendarSource)


async def test_cancelled_events_are_hidden() -> None:
    fake = FakeGoogle(
        events=[
            google_event("a", "Kept", at(9), at(10)),
            google_event("b", "Called off", at(11), at(12), status="cancelled"),
        ]
    )
    source, _, _ = make_source(fake)
    assert [m.title for m in await fetch_day(source)] == ["Kept"]


async def test_all_day_event_spans_local_midnights_with_exclusive_end() -> None:
    fake = FakeGoogle(events=[google_event("h", "Offsite", date(2026, 11, 26), date(2026, 11, 27))])
    source, _, _ = make_source(fake, tz=LISBON)
    window = datetime(2026, 11, 26, tzinfo=LISBON)
    [meeting] = await source.fetch(window, window + timedelta(days=1))
    assert meeting.all_day
    assert meeting.start == datetime(2026, 11, 26, tzinfo=LISBON)
    assert meeting.end == datetime(2026, 11, 27, tzinfo=LISBON)
    assert meeting.duration_minutes == 24 * 60


async def test_times_come_back_in_the_users_zone() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    fake = FakeGoogle(events=[google_event("z", "Sync", at(15, tz=berlin), at(16, tz=berlin))])
    source, _, _ = make_source(fake)
    [meeting] = await fetch_day(source)
    assert meeting.start == at(9) and meeting.start.tzinfo == NY
    assert meeting.start.hour == 9 and meeting.end == at(10)


async def test_attendees_organizer_and_my_tentative_answer() -> None:
    fake = FakeGoogle(
        events=[
            google_event(
                "p",
                "Globex review",
                at(9),
                at(10),
                organizer={"email": "pat@acme.com", "self": True},
                attendees=[
                    {"email": "Pat@Acme.com", "organizer": True, "responseStatus": "accepted"},
                    {"email": "me@acme.com", "self": True, "responseStatus": "tentative"},
                    {"email": "ann@globex.com", "displayName": "Ann", "responseStatus": "declined"},
                    {"email": "bob@globex.com", "responseStatus": "needsAction"},
                    {"email": "room-4@resource.calendar.google.com", "resource": True},
                ],
                location="Room 4",
                description="Agenda: pricing",
            )
        ]
    )
    source, _, _ = make_source(fake)
    [meeting] = await fetch_day(source)
    people = {a.email: a for a in meeting.attendees}
    assert people["pat@acme.com"].organizer and people["pat@acme.com"].response == "accepted"
    assert people["ann@globex.com"].name == "Ann"
    assert people["ann@globex.com"].response == "declined"
    assert people["bob@globex.com"].response == "needs-action"
    assert people["room-4@resource.calendar.google.com"].resource
    assert meeting.status == "tentative"
    assert meeting.organizer == "pat@acme.com"
    assert (meeting.location, meeting.description) == ("Room 4", "Agenda: pricing")
    assert meeting.calendar == "Work" and meeting.uid == "p"


async def test_join_links_from_hangout_link_and_video_entry_points() -> None:
    zoom = "https://acme.zoom.us/j/123456789"
    fake = FakeGoogle(
        events=[
            google_event(
                "m", "Meet", at(9), at(10), hangoutLink="https://meet.google.com/abc-defg-hij"
            ),
            google_event(
                "z",
                "Zoom via add-on",
                at(11),
                at(12),
                conferenceData={
                    "entryPoints": [
                        {"entryPointType": "phone", "uri": "tel:+1-555-0100"},
                        {"entryPointType": "video", "uri": zoom},
                    ]
                },
            ),
            google_event("x", "Planted", at(13), at(14), hangoutLink="javascript:alert(1)"),
        ]
    )
    source, _, _ = make_source(fake)
    links = {m.uid: m.join_url for m in await fetch_day(source)}
    assert links == {"m": "https://meet.google.com/abc-defg-hij", "z": zoom, "x": None}


async def test_rate_limit_waits_for_retry_after_then_succeeds() -> None:
    fake = FakeGoogle(events=[google_event("a", "A", at(9), at(10))], rate_limited=1)
    source, sleeps, _ = make_source(fake)
    assert [m.title for m in await fetch_day(source)] == ["A"]
    assert sleeps == [7.0]


async def test_rate_limit_that_never_ends_is_a_clear_error() -> None:
    fake = FakeGoogle(events=[], rate_limited=99)
    source, sleeps, _ = make_source(fake)
    with pytest.raises(RateLimited):
        await fetch_day(source)
    assert sleeps == [7.0, 7.0, 7.0]


async def test_expired_access_token_is_renewed_once_and_the_fetch_succeeds() -> None:
    fake = FakeGoogle(events=[google_event("a", "A", at(9), at(10))])
    source, _, _ = make_source(fake)
    await fetch_day(source)
    fake.expire_access_tokens()
    assert [m.title for m in await fetch_day(source)] == ["A"]
    token_calls = [r for r in fake.requests if r.url.host == "oauth2.googleapis.com"]
    assert len(token_calls) == 2


async def test_revoked_refresh_token_gives_the_sentence_naming_cockpit_auth() -> None:
    fake = FakeGoogle(events=[google_event("a", "A", at(9), at(10))])
    source, _, _ = make_source(fake)
    await fetch_day(source)
    fake.expire_access_tokens()
    fake.revoke_refresh_tokens()
    with pytest.raises(AuthError) as caught:
        await fetch_day(source)
    assert str(caught.value) == (
        "Google Calendar 'Work' sign-in expired or was revoked; run `cockpit auth Work`"
    )
    assert REFRESH not in repr(caught.value) and "ya29" not in str(caught.value)


async def test_a_token_the_api_keeps_refusing_is_tried_twice_only() -> None:
    fake = FakeGoogle(events=[])
    source, _, _ = make_source(fake)
    fake.access_tokens = _Refusing()
    with pytest.raises(AuthError, match="cockpit auth Work"):
        await fetch_day(source)
    assert len(fake.event_requests()) == 2


class _Refusing(set[str]):
    """Tokens get issued but the API never accepts them."""

    def __contains__(self, item: object) -> bool:
        return False


async def test_not_signed_in_and_names_with_spaces_are_quoted_for_the_shell() -> None:
    source, _, _ = make_source(FakeGoogle(), name="My Work", refresh=None)
    with pytest.raises(AuthError) as caught:
        await fetch_day(source)
    assert "not signed in" in str(caught.value)
    assert "`cockpit auth 'My Work'`" in str(caught.value)


async def test_calendar_not_shared_names_calendar_id() -> None:
    fake = FakeGoogle(calendar_id="team@group.calendar.google.com")
    source, _, _ = make_source(fake)
    with pytest.raises(Exception, match="calendar_id"):
        await fetch_day(source)


async def test_naive_window_is_refused() -> None:
    source, _, _ = make_source(FakeGoogle())
    with pytest.raises(ValueError):
        await source.fetch(datetime(2026, 11, 26), datetime(2026, 11, 27))


@pytest.mark.parametrize(
    ("reason", "error"), [("rateLimitExceeded", RateLimited), ("forbidden", AuthError)]
)
async def test_forbidden_tells_quota_from_permission(reason: str, error: type) -> None:
    body = {"error": {"code": 403, "message": "no", "errors": [{"reason": reason}]}}
    http = httpx.AsyncClient(
        transport=httpx.MockTransport(lambda r: httpx.Response(403, json=body))
    )
    source = GoogleCalendarSource(http, "Work", "team@x", NY, StaticToken("t"))
    with pytest.raises(error) as caught:
        await fetch_day(source)
    assert type(caught.value) is error
