"""Parsing a calendar event by event gives what parsing it whole gives."""

from __future__ import annotations

from icalendar import Calendar
from support.paths import ICS_FIXTURES as FIXTURES

from cockpit.sources.ical_pieces import read_calendars, split_events

NESTED = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
    "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261126T090000Z\r\nSUMMARY:Stand-up with a ver\r\n"
    " y long folded title\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT5M\r\n"
    "END:VALARM\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20261126T100000Z\r\nSUMMARY:Review\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_blocks_keep_nested_alarms_and_folded_lines() -> None:
    skeleton, blocks = split_events(NESTED)
    assert "VEVENT" not in skeleton and "VERSION:2.0" in skeleton
    assert len(blocks) == 2 and "END:VALARM" in blocks[0]
    [calendar], unreadable = read_calendars(NESTED)
    assert not unreadable
    [first, second] = calendar.walk("VEVENT")
    assert str(first["SUMMARY"]) == "Stand-up with a very long folded title"
    assert first.walk("VALARM") and str(second["UID"]) == "b"


def test_every_fixture_reads_the_same_as_a_whole_parse() -> None:
    exports = sorted(FIXTURES.glob("*.ics"))
    assert exports, f"no calendar exports in {FIXTURES}: the loop below would check nothing"
    for path in exports:
        text = path.read_text(encoding="utf-8", errors="replace")
        whole = [c for c in Calendar.from_ical(text, multiple=True) if c.name == "VCALENDAR"]
        pieces = [c for c in read_calendars(text)[0] if c.name == "VCALENDAR"]
        uids = sorted(str(e.get("UID")) for c in whole for e in c.walk("VEVENT"))
        assert sorted(str(e.get("UID")) for e in pieces[0].walk("VEVENT")) == uids, path.name
