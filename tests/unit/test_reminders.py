"""Reminders: which are due, each claimed once in the store, and `remind` announcing
each once across runs (the same store, as two cron runs share it)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from cockpit.cli.remind import remind
from cockpit.demo.workspace import demo_workspace
from cockpit.domain.reminders import due_reminders, reminder_key
from cockpit.models import Meeting
from cockpit.runtime.notify import terminal_notification
from cockpit.store.db import Store

TZ = ZoneInfo("Europe/Lisbon")
START = datetime(2026, 11, 26, 11, 30, tzinfo=TZ)


def meeting(uid: str = "m", **kwargs: object) -> Meeting:
    fields: dict[str, object] = {
        "uid": uid,
        "title": "Globex call",
        "start": START,
        "end": START + timedelta(minutes=30),
        "calendar": "Work",
        "my_response": "accepted",
        "join_url": "https://acme.zoom.us/j/1",
        "provider": "Zoom",
    }
    fields.update(kwargs)
    return Meeting(**fields)  # type: ignore[arg-type]


def test_due_from_n_minutes_before_until_the_start() -> None:
    m = meeting()
    assert due_reminders([m], START - timedelta(minutes=6), [5]) == []
    (due,) = due_reminders([m], START - timedelta(minutes=5), [5])
    assert due.key == reminder_key(m, 5) and due.earlier == ()
    assert due.title(START - timedelta(minutes=5)) == "Globex call starts in 5 min (11:30)"
    assert due.body("O") == "Join with Zoom: press O"
    assert due_reminders([m], START, [5]) == []


def test_only_the_nearest_of_passed_thresholds_and_the_others_claimed_with_it() -> None:
    (due,) = due_reminders([meeting()], START - timedelta(minutes=2), [10, 5, 2])
    assert due.minutes == 2
    assert set(due.earlier) == {reminder_key(meeting(), 10), reminder_key(meeting(), 5)}


def test_declined_tentative_unanswered_cancelled_and_all_day_get_none() -> None:
    now = START - timedelta(minutes=1)
    quiet = [
        meeting("a", my_response="declined"),
        meeting("b", my_response="tentative"),
        meeting("c", my_response="needs_action"),
        meeting("d", status="cancelled"),
        meeting("e", all_day=True),
    ]
    assert due_reminders(quiet, now, [5]) == []
    assert [r.meeting.uid for r in due_reminders([meeting("f", my_response=None)], now, [5])] == [
        "f"
    ]


def test_a_claim_is_taken_once_across_store_connections(tmp_path: Path) -> None:
    first, second = Store.open(tmp_path), Store.open(tmp_path)
    try:
        assert first.claim_reminder("k5", ["k10"], START)
        assert not second.claim_reminder("k5", [], START)
        assert not second.claim_reminder("k10", [], START)  # claimed with k5
        assert second.claim_reminder("k5", [], START + timedelta(days=4))  # old ones pruned
    finally:
        first.close()
        second.close()


def test_terminal_notification_is_inert() -> None:
    text = terminal_notification("Evil\x1b]52;c;aGk=\x07 call; now", "Join")
    assert text.count("\x1b") == 2  # our OSC 9 and OSC 777 only
    assert "\x1b]777;notify;Evil call, now;Join\x07" in text


async def test_remind_twice_announces_once(tmp_path: Path) -> None:
    now = datetime.combine(START.date(), START.time(), TZ) - timedelta(minutes=3)  # 11:27

    async def run() -> str:
        out = io.StringIO()
        workspace = demo_workspace(clock=lambda: now, tz=TZ, data_dir=tmp_path)
        try:
            assert await remind(workspace, (5,), quiet=True, out=out) == 0
        finally:
            workspace.store.close()
        return out.getvalue()

    first = await run()
    assert first == (
        "Globex: renewal check-in starts in 3 min (11:30): Join with Zoom"
        "  https://acme.zoom.us/j/81234567890?pwd=demo\n"
    )
    assert await run() == ""
