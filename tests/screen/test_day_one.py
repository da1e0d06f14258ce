"""What a PM notices on the first day (issue 12): a note shows under "Last note" at
once, escape in a pane clears its filter, a search with no match says so, and a
meeting that runs past midnight says the day it started."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from support.demo_app import demo_app, settle
from support.live_fixtures import Clock, CountingCalendar, at, calendar_app, today_rows
from textual.widgets import Input

from cockpit.domain.present import today_table
from cockpit.models import Meeting
from cockpit.tui.app import CockpitApp
from cockpit.widgets.item_pane import ItemPane
from cockpit.widgets.journal import JournalScreen, journal_text
from cockpit.widgets.table_pane import TablePane

SUNDAY, MONDAY = date(2026, 11, 29), date(2026, 11, 30)


def last_note_of(app: CockpitApp, customer: str) -> str:
    calls = app.query_one("#calls", TablePane)
    row = next(i for i in range(calls.row_count) if calls.shown_cells(i)[0] == customer)
    return calls.shown_cells(row)[3]


async def test_a_note_on_a_customer_call_shows_under_last_note_at_once(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert last_note_of(app, "Globex") == "no notes yet"
        await pilot.press("2", "n", *"Wants SSO by March", "ctrl+s")
        await pilot.pause()
        assert not any(w.group == "agenda" for w in app.workers if not w.is_finished), "no r"
        assert last_note_of(app, "Globex") == "Wants SSO by March"
        assert last_note_of(app, "Initech") == "no notes yet"


@pytest.mark.parametrize(
    ("key", "pane", "words"), [("1", "#today", "stand"), ("4", "#backlog", "PAY-1")]
)
async def test_escape_in_a_filtered_pane_shows_every_row_again(
    tmp_path: Path, key: str, pane: str, words: str
) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        target = app.query_one(pane, ItemPane)
        every = target.count
        await pilot.press(key, "slash", *words, "enter")
        assert app.focused is target and 0 < target.count < every
        await pilot.press("escape")
        assert target.count == every and not target.filtered
        box = app.query_one("#filter", Input)
        assert box.value == "" and not box.display
        assert app.focused is target


async def test_escape_clears_a_filter_the_box_has_moved_on_from(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        today, backlog = app.query_one("#today", ItemPane), app.query_one("#backlog", ItemPane)
        every = today.count
        await pilot.press("1", "slash", *"stand", "enter")
        await pilot.press("4", "slash", "ctrl+u", *"PAY-1", "enter")
        await pilot.press("1", "escape")
        assert today.count == every
        assert backlog.filtered and app.query_one("#filter", Input).value == "PAY-1"


async def test_escape_in_an_unfiltered_pane_changes_nothing(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("1", "down", "escape")
        today = app.query_one("#today", TablePane)
        assert app.focused is today and today.cursor_row == 1


async def test_a_journal_search_with_no_match_says_so(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("N")
        assert isinstance(app.screen, JournalScreen)
        await pilot.pause()
        assert "No notes yet" in str(app.screen.query_one("#journal-notes").render())
        await pilot.press(*"xyz")
        await pilot.pause()
        shown = str(app.screen.query_one("#journal-notes").render())
        assert "No notes match 'xyz'." in shown and "No notes yet" not in shown


def test_a_search_text_with_controls_is_shown_plain() -> None:
    assert str(journal_text([], "\x1b[31mred")) == "No notes match 'red'."


def overnight() -> Meeting:
    start = at(23, 45, SUNDAY)
    return Meeting(
        uid="release", title="Release night", start=start, end=start + timedelta(minutes=75),
        calendar="Work",
    )  # fmt: skip


def test_a_meeting_from_the_day_before_says_its_day() -> None:
    monday = today_table([overnight()], at(0, 10, MONDAY), day=MONDAY)
    sunday = today_table([overnight()], at(23, 50, SUNDAY), day=SUNDAY)
    assert monday.rows[0].cells[:3] == ("now", "Sun 23:45", "Release night")
    assert sunday.rows[0].cells[1] == "23:45"


async def test_the_today_pane_shows_a_meeting_past_midnight_with_its_day(tmp_path: Path) -> None:
    clock = Clock(at(0, 10, MONDAY))
    app = calendar_app(tmp_path, clock, CountingCalendar([overnight()]), refresh_minutes=0)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.sync_started.wait()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert today_rows(app) == [("now", "Sun 23:45", "Release night")]


def test_another_day_marks_no_now_or_next() -> None:
    """Tomorrow's first meeting is not "next" while today still has meetings to come."""
    tomorrow = today_table([overnight()], at(22, 0, date(2026, 11, 28)), day=SUNDAY)
    assert tomorrow.rows[0].cells[0] == ""
