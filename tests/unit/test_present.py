"""The rows the panes and the headless commands share."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cockpit.domain.agenda import now_and_next
from cockpit.domain.present import (
    RowHint,
    backlog_table,
    blocked_table,
    calls_table,
    format_table,
    today_table,
)
from cockpit.models import Attendee, Issue, Meeting

TZ = ZoneInfo("Europe/Lisbon")
DAY = date(2026, 11, 26)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 26, hour, minute, tzinfo=TZ)


def meeting(uid: str, start: datetime, minutes: int = 30, **kw: Any) -> Meeting:
    return Meeting(
        uid=uid,
        title=uid,
        start=start,
        end=start + timedelta(minutes=minutes),
        calendar="Work",
        **kw,
    )


def test_now_and_next_skip_cancelled_and_all_day() -> None:
    day = [
        Meeting(
            uid="allday",
            title="Freeze",
            start=at(0),
            end=at(0) + timedelta(days=1),
            calendar="W",
            all_day=True,
        ),
        meeting("standup", at(9), 15),
        meeting("cancelled", at(10), status="cancelled"),
        meeting("review", at(11)),
    ]
    assert now_and_next(day, at(9, 5)) == ("standup", "review")
    assert now_and_next(day, at(12)) == (None, None)


def test_today_table_marks_rows_and_formats_durations() -> None:
    day = [
        meeting("standup", at(9), 15),
        meeting("planning", at(10), 90, join_url="https://meet.google.com/abc"),
    ]
    table = today_table(day, at(9, 1))
    assert [row.hint for row in table.rows] == [RowHint.NOW, RowHint.NEXT]
    assert table.rows[1].cells[1:] == ("10:00", "planning", "1h30", "", "join")


def test_calls_grouped_by_customer_with_last_note() -> None:
    guest = Attendee("ann@globex.com", external=True)
    calls = [
        meeting("g2", at(15), customer="Globex", attendees=(guest,)),
        meeting("i1", at(11), customer="Initech"),
        meeting("g1", at(9), customer="Globex", attendees=(guest,)),
    ]
    table = calls_table(calls, DAY)
    assert [row.ref.uid for row in table.rows] == ["g1", "g2", "i1"]  # type: ignore[attr-defined]
    assert [row.cells[0] for row in table.rows] == ["Globex", "", "Initech"]
    assert table.rows[0].cells[3] == "no notes yet"


def test_blocked_and_backlog_tables() -> None:
    issue = Issue(
        key="PAY-7",
        summary="Refunds",
        status="Blocked",
        url="u",
        reasons=("status", "link"),
        blocked_by=("PAY-3",),
        blocked_since=datetime(2026, 11, 20, tzinfo=TZ),
        points=3.0,
    )
    assert blocked_table([issue], DAY).rows[0].cells == (
        "PAY-7",
        "Refunds",
        "PAY-3, status Blocked",
        "unassigned",
        "6d",
    )
    assert backlog_table([issue]).rows[0].cells[:2] == ("1", "PAY-7")
    assert backlog_table([issue]).rows[0].cells[6] == "3"


def test_format_table_aligns_columns() -> None:
    text = format_table(backlog_table([Issue(key="PAY-1", summary="x", status="To Do", url="u")]))
    header, row = text.splitlines()
    assert header.index("Key") == row.index("PAY-1")
