"""Meetings in the app: the prep sheet on enter (and its note, join and dial-in
keys), declined meetings hidden until D, the dial-in copied with c."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from pathlib import Path

from support.browser import RecordingBrowser
from support.demo_app import demo_app, settle
from support.live_fixtures import TZ, Clock, at, demo_on
from textual.pilot import Pilot
from textual.widgets import Static

from cockpit.cli.remind import remind
from cockpit.demo.workspace import demo_workspace
from cockpit.models import Meeting
from cockpit.tui.app import CockpitApp
from cockpit.widgets.note_editor import NoteEditor
from cockpit.widgets.prep_screen import PrepScreen
from cockpit.widgets.table_pane import TablePane

SIZE = (160, 48)


def sheet_text(app: CockpitApp) -> str:
    return str(app.screen.query_one("#detail-text", Static).render())


async def select(pilot: Pilot[None], pane_id: str, title: str) -> None:
    """Put the cursor of the pane on the meeting called `title`, with the keys."""
    pane = pilot.app.query_one(f"#{pane_id}", TablePane)
    rows = [getattr(row.ref, "title", None) for row in pane._visible]
    pane.focus()
    await pilot.press("home", *["down"] * rows.index(title))


async def test_enter_on_a_customer_call_opens_its_prep_sheet(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, PrepScreen)
        text = sheet_text(app)
        for line in (
            "Globex (2)",
            "  Gina Globex <gina@globex.com>  accepted",
            "Open issues naming Globex (2)",
            "Issues in the invitation",
            "  PAY-6     To Do         Save card details for returning customers  (Ana Costa)",
        ):
            assert line in text.splitlines(), line
        assert "Dial-in  +16465558656  PIN 81234567890#" in text
        await pilot.press("d")
        await pilot.pause()
        assert app.clipboard == "+16465558656,,81234567890#"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.context_key.startswith("meeting:globex-checkin@demo.cockpit")


async def test_declined_meetings_are_hidden_until_d_and_then_struck(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        today = app.query_one("#today", TablePane)
        titles = [row.cells[2] for row in today._visible]
        assert not any("Hooli: pricing" in t for t in titles)
        count = today.count
        await pilot.press("D")
        await pilot.pause()
        (row,) = [r for r in today._visible if r.cells[2] == "Hooli: pricing deep-dive (declined)"]
        assert row.hint.value == "declined"
        assert today.count == count  # shown, not counted
        calls = app.query_one("#calls", TablePane)
        assert any("Hooli: pricing" in r.cells[2] for r in calls._visible)
        await pilot.press("D")
        await pilot.pause()
        assert not any("Hooli: pricing" in r.cells[2] for r in today._visible)


async def test_c_copies_the_selected_meetings_dial_in(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await select(pilot, "today", "Globex: renewal check-in")
        await pilot.press("d")
        await pilot.pause()
        assert app.clipboard == "+16465558656,,81234567890#"
        await select(pilot, "today", "Daily stand-up")
        await pilot.press("d")
        await pilot.pause()
        assert app.clipboard == "+16465558656,,81234567890#"  # nothing new copied
        assert "no dial-in" in str(list(app._notifications)[-1].message)
        meeting = app.query_one("#today", TablePane).selected
        assert isinstance(meeting, Meeting) and not meeting.dial_in


async def test_reminders_toast_once_while_the_app_runs_and_cron_does_not_repeat(
    tmp_path: Path,
) -> None:
    clock = Clock(at(11, 20))
    app = demo_on(tmp_path, clock, refresh_minutes=0, reminder_minutes=(5,))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        app.clockwork.tick()
        assert app.reminders.announced == []  # 10 minutes before: not yet
        clock.advance(minutes=6)  # 11:26
        app.clockwork.tick()
        await pilot.pause()
        assert app.reminders.announced == ["Globex: renewal check-in starts in 4 min (11:30)"]
        toast = list(app._notifications)[-1]
        assert toast.title == app.reminders.announced[0]
        assert toast.message == "Join with Zoom: press O"
        clock.advance(minutes=1)
        app.clockwork.tick()
        assert len(app.reminders.announced) == 1  # claimed: never twice
    out = io.StringIO()  # `cockpit remind` from cron, on the same store, a minute later
    workspace = demo_workspace(clock=clock, tz=TZ, data_dir=tmp_path)
    try:
        assert await remind(workspace, (5,), quiet=True, out=out) == 0
    finally:
        workspace.store.close()
    assert out.getvalue() == ""


async def test_capital_o_joins_the_meeting_under_way(
    tmp_path: Path, browser: RecordingBrowser
) -> None:
    app = demo_app(tmp_path)  # 10:20: the refinement (10:00-11:00) is under way
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("O")
        await asyncio.to_thread(browser.called.wait, 5)
    (link,) = browser.opened
    refinement = [m for m in app.board.agenda.meetings if m.title.startswith("Backlog refinement")]
    assert link == refinement[0].join_url


async def test_a_reminder_reaching_past_midnight_announces_tomorrows_meeting(
    tmp_path: Path,
) -> None:
    clock = Clock(at(23, 58))  # Thursday night; Friday's stand-up moved to 10:30
    app = demo_on(tmp_path, clock, refresh_minutes=0, reminder_minutes=(660,))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert app.day == at(23, 58).date()  # the screen shows Thursday
        app.clockwork.tick()  # Friday is not on screen nor cached: fetched for the reminder
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.reminders.announced == [
            "Daily stand-up (after all-hands) starts in 632 min (10:30)"
        ]
        clock.advance(minutes=1)
        app.clockwork.tick()
        await app.workers.wait_for_complete()
        assert len(app.reminders.announced) == 1  # claimed: never twice


async def test_a_reminder_fires_while_the_pm_looks_at_another_day(tmp_path: Path) -> None:
    clock = Clock(at(11, 26))
    monday = at(11, 26).date() + timedelta(days=4)
    app = demo_on(tmp_path, clock, refresh_minutes=0, reminder_minutes=(5,), day=monday)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert app.day == monday
        app.clockwork.tick()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.reminders.announced == ["Globex: renewal check-in starts in 4 min (11:30)"]
