"""The iCalendar parser on real exports: recurrences, overrides, zones, broken input."""

from __future__ import annotations

import asyncio
import threading
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from support.paths import ICS_FIXTURES as FIXTURES

from cockpit.models import Meeting
from cockpit.sources.calendar_base import day_window
from cockpit.sources.errors import BadResponse
from cockpit.sources.ical import Expansion, ParseCache, parse_ics, parse_ics_async

LISBON = ZoneInfo("Europe/Lisbon")
NEW_YORK = ZoneInfo("America/New_York")


def agenda(name: str, day: date, tz: ZoneInfo = LISBON) -> list[Meeting]:
    start, end = day_window(day, tz)
    return parse_ics((FIXTURES / name).read_bytes(), "Test").expand(start, end, tz, "Test").meetings


def at(day: date, hour: int, minute: int = 0, tz: ZoneInfo = LISBON) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def wrap(*events: str, extra: str = "") -> str:
    body = "\n".join(f"BEGIN:VEVENT\n{e.strip()}\nEND:VEVENT" for e in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{extra}{body}\nEND:VCALENDAR\n"


def day_of(text: str, day: date, tz: ZoneInfo = LISBON) -> Expansion:
    start, end = day_window(day, tz)
    return parse_ics(text, "Test").expand(start, end, tz, "Test")


# --- Google ------------------------------------------------------------------------


def test_google_occurrence_moved_to_another_day() -> None:
    moved = agenda("google_moved_occurrence.ics", date(2021, 12, 17))
    assert [(m.title, m.start) for m in moved] == [("Karaoke", at(date(2021, 12, 17), 20, 30))]
    assert agenda("google_moved_occurrence.ics", date(2021, 12, 31)) == []
    # the series itself still runs on its usual day
    assert [m.title for m in agenda("google_moved_occurrence.ics", date(2022, 1, 28))] == [
        "Karaoke"
    ]


def test_google_x_wr_timezone_shows_the_calendars_wall_clock() -> None:
    meetings = agenda("google_x_wr_timezone.ics", date(2021, 12, 22), NEW_YORK)
    assert [(m.start.hour, m.end and m.end.hour) for m in meetings] == [(12, 13), (21, 22)]
    assert all(m.start.tzinfo == NEW_YORK for m in meetings)


def test_weekly_series_across_dst_changes_keeps_its_local_time() -> None:
    # Event#2 is Friday 10:15 in Chicago; Lisbon leaves summer time a week before Chicago.
    before = agenda("google_dst_exdate.ics", date(2020, 10, 30))
    after = agenda("google_dst_exdate.ics", date(2020, 11, 6))
    assert (at(date(2020, 10, 30), 15, 15), "Event#2") in [(m.start, m.title) for m in before]
    assert (at(date(2020, 11, 6), 16, 15), "Event#2") in [(m.start, m.title) for m in after]


def test_exdate_removes_only_that_occurrence() -> None:
    titles_23 = [m.title for m in agenda("google_dst_exdate.ics", date(2020, 10, 23))]
    titles_16 = [m.title for m in agenda("google_dst_exdate.ics", date(2020, 10, 16))]
    assert "Event#2" not in titles_23
    assert "Event#2" in titles_16


# --- Exchange / Outlook -------------------------------------------------------------


def test_exchange_all_day_series_with_moved_occurrence() -> None:
    assert agenda("exchange_gmt_standard_time.ics", date(2020, 4, 16)) == []
    (bin_day,) = agenda("exchange_gmt_standard_time.ics", date(2020, 4, 17))
    assert bin_day.title == "Refuse black bin"
    assert bin_day.all_day
    assert bin_day.start == at(date(2020, 4, 17), 0)
    assert bin_day.end == at(date(2020, 4, 18), 0)


def test_exchange_windows_zone_name_is_converted() -> None:
    (event,) = agenda("exchange_eastern_standard_time.ics", date(2024, 10, 28))
    assert event.start == at(date(2024, 10, 28), 21)  # 17:00 EDT, Lisbon is on WET
    assert event.duration_minutes == 60


@pytest.mark.parametrize(
    ("day", "hour"),
    [(date(2024, 3, 5), 17), (date(2024, 3, 12), 16), (date(2024, 4, 2), 17)],
)
def test_outlook_pacific_meeting_across_both_dst_changes(day: date, hour: int) -> None:
    (call,) = [m for m in agenda("outlook_windows_zones.ics", day) if "Initech" in m.title]
    assert call.start == at(day, hour)
    assert call.join_url and call.join_url.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert call.organizer == "lee.buyer@initech.com"
    responses = {a.email: a.response for a in call.attendees}
    assert responses["sam@acme.com"] == "tentative"
    assert responses["lee.buyer@initech.com"] is None


def test_outlook_override_moves_tuesday_to_thursday() -> None:
    assert not [
        m for m in agenda("outlook_windows_zones.ics", date(2024, 3, 19)) if "Init" in m.title
    ]
    (moved,) = [
        m for m in agenda("outlook_windows_zones.ics", date(2024, 3, 21)) if "Init" in m.title
    ]
    assert moved.title == "Initech weekly sync (moved to Thursday)"
    assert moved.start == at(date(2024, 3, 21), 17, 30)


def test_outlook_standup_w_europe_zone_exdate_and_room() -> None:
    (standup,) = [
        m for m in agenda("outlook_windows_zones.ics", date(2024, 3, 26)) if "stand" in m.title
    ]
    assert standup.start == at(date(2024, 3, 26), 9)  # 10:00 Amsterdam summer time
    rooms = [a.email for a in standup.attendees if a.resource]
    assert rooms == ["room.amsterdam@acme.com"]
    assert not [
        m for m in agenda("outlook_windows_zones.ics", date(2024, 3, 27)) if "stand" in m.title
    ]
    assert not [
        m for m in agenda("outlook_windows_zones.ics", date(2024, 3, 30)) if "stand" in m.title
    ]


def test_all_day_end_is_exclusive() -> None:
    def freeze(d: date) -> list[Meeting]:
        return [m for m in agenda("outlook_windows_zones.ics", d) if m.title == "Release freeze"]

    assert freeze(date(2024, 3, 28)) and freeze(date(2024, 3, 29))
    assert not freeze(date(2024, 3, 30))
    (first,) = freeze(date(2024, 3, 28))
    assert first.all_day and first.start == at(date(2024, 3, 28), 0)
    assert first.end == at(date(2024, 3, 30), 0)


# --- Apple / Thunderbird ------------------------------------------------------------


def test_apple_rdate_exdate_and_override() -> None:
    assert not [m for m in agenda("apple_work.ics", date(2024, 3, 18)) if "1:1" in m.title]
    (extra,) = [m for m in agenda("apple_work.ics", date(2024, 3, 20)) if "1:1" in m.title]
    assert extra.start == at(date(2024, 3, 20), 15)
    (late,) = [m for m in agenda("apple_work.ics", date(2024, 4, 1)) if "1:1" in m.title]
    assert late.title == "1:1 Pat / Alex (late start)" and late.start == at(date(2024, 4, 1), 11)
    assert {a.email: a.response for a in late.attendees}["alex@acme.com"] == "needs-action"


@pytest.mark.parametrize(
    ("day", "hour"), [(date(2024, 3, 4), 4), (date(2024, 3, 11), 5), (date(2024, 4, 8), 4)]
)
def test_apple_series_seen_from_another_zone_across_dst(day: date, hour: int) -> None:
    (one,) = [m for m in agenda("apple_work.ics", day, NEW_YORK) if "1:1" in m.title]
    assert one.start == at(day, hour, tz=NEW_YORK)


def test_tentative_status_and_zoom_location() -> None:
    (demo,) = [m for m in agenda("apple_work.ics", date(2024, 3, 26)) if m.title == "Globex demo"]
    assert demo.status == "tentative"
    assert demo.join_url == "https://globex.zoom.us/j/98765432100?pwd=QWERTY"


def test_thunderbird_edited_and_moved_occurrences() -> None:
    (edited,) = agenda("thunderbird_moved.ics", date(2019, 3, 19))
    assert edited.title == "test7 - edited" and edited.location == "location"
    moved = [m for m in agenda("thunderbird_moved.ics", date(2019, 3, 8)) if m.title == "New Event"]
    assert [m.start for m in moved] == [at(date(2019, 3, 8), 0)]  # 01:00 Berlin


def test_cancelled_occurrence_is_kept_and_marked() -> None:
    statuses = [
        m.status
        for m in agenda("thunderbird_cancelled.ics", date(2020, 1, 29), ZoneInfo("Europe/Berlin"))
    ]
    assert statuses == ["cancelled"]
    assert [
        m.status
        for m in agenda("thunderbird_cancelled.ics", date(2020, 1, 30), ZoneInfo("Europe/Berlin"))
    ] == ["confirmed"]


# --- RFC corner cases ---------------------------------------------------------------


def test_missing_dtend_rules() -> None:
    text = wrap(
        "UID:a\nSUMMARY:timed\nDTSTART:20240105T100000Z",
        "UID:b\nSUMMARY:dated\nDTSTART;VALUE=DATE:20240105",
        "UID:c\nSUMMARY:lasting\nDTSTART:20240105T110000Z\nDURATION:PT45M",
    )
    by_title = {m.title: m for m in day_of(text, date(2024, 1, 5)).meetings}
    assert by_title["timed"].end is None
    assert by_title["dated"].all_day and by_title["dated"].end == at(date(2024, 1, 6), 0)
    assert by_title["lasting"].duration_minutes == 45


def test_floating_time_is_the_users_wall_clock() -> None:
    (m,) = day_of(
        wrap("UID:f\nSUMMARY:float\nDTSTART:20240105T090000\nDTEND:20240105T100000"),
        date(2024, 1, 5),
        NEW_YORK,
    ).meetings
    assert m.start == at(date(2024, 1, 5), 9, tz=NEW_YORK)


def test_windows_zone_without_vtimezone() -> None:
    text = wrap(
        "UID:w\nSUMMARY:w\nDTSTART;TZID=W. Europe Standard Time:20240105T100000\nDURATION:PT30M"
    )
    (m,) = day_of(text, date(2024, 1, 5)).meetings
    assert m.start == at(date(2024, 1, 5), 9)


def test_one_broken_event_is_skipped_and_counted() -> None:
    text = wrap(
        "UID:ok\nSUMMARY:Fine\nDTSTART:20240105T100000Z",
        "UID:bad\nSUMMARY:Bad date\nDTSTART:2024XX05T100000",
        "UID:bad2\nSUMMARY:Bad rule\nDTSTART:20240105T100000Z\nRRULE:FREQ=SOMETIMES",
        "UID:nostart\nSUMMARY:No start",
    )
    result = day_of(text, date(2024, 1, 5))
    assert [m.title for m in result.meetings] == ["Fine"]
    assert result.skipped == 3
    assert any("Bad rule" in p for p in result.problems)


def test_hostile_titles_stay_plain_text() -> None:
    text = wrap("UID:x\nSUMMARY:[b]bold[/b] \x1b[31mred\nDTSTART:20240105T100000Z")
    (m,) = day_of(text, date(2024, 1, 5)).meetings
    assert m.title.startswith("[b]bold[/b]")


@pytest.mark.parametrize(
    "body",
    [
        "",
        "hello world",
        "<!DOCTYPE html><html><body>Sign in</body></html>",
        "BEGIN:VEVENT\nEND:VEVENT",
    ],
)
def test_not_a_calendar_raises_bad_response(body: str) -> None:
    with pytest.raises(BadResponse) as info:
        parse_ics(body, "Work")
    assert "Work" in str(info.value)


# --- speed: parse once, in a thread -------------------------------------------------


def big_calendar(n: int = 1500) -> str:
    events = [
        f"UID:e{i}\nSUMMARY:Event {i} with a longish title\n"
        f"DTSTART:2024{1 + i % 12:02d}{1 + i % 28:02d}T{8 + i % 9:02d}0000Z\n"
        f"DURATION:PT30M\nDESCRIPTION:{'x' * 400}"
        for i in range(n)
    ]
    return wrap(*events)


async def test_async_parse_runs_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    text = big_calendar()
    main = threading.get_ident()
    seen: list[int] = []
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.001)

    import cockpit.sources.ical as ical

    original = ical.parse_ics

    def spy(data: str | bytes, source: str, *rest: Any) -> ical.ParsedCalendar:
        seen.append(threading.get_ident())
        return original(data, source, *rest)

    monkeypatch.setattr(ical, "parse_ics", spy)  # records the thread; parsing is real
    task = asyncio.create_task(ticker())
    parsed = await parse_ics_async(text, "Big")
    task.cancel()
    assert seen and seen[0] != main
    assert ticks > 3  # the loop kept ticking while the calendar was parsed
    assert len(list(parsed.calendar.walk("VEVENT"))) == 1500


async def test_parse_cache_parses_each_content_once() -> None:
    cache = ParseCache()
    text = wrap("UID:a\nSUMMARY:A\nDTSTART:20240105T100000Z")
    first = await cache.parse(text, "Work")
    second = await cache.parse(text, "Work")
    third = await cache.parse(text.replace("SUMMARY:A", "SUMMARY:B"), "Work")
    assert first is second and third is not first
    assert cache.parses == 2
