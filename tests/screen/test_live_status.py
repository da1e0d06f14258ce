"""The status line over a day: a source's error goes once it answers again, a write
error goes once Jira takes the writes, and the count of writes still waiting stays
on the line at any width (80 columns included)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from rich.cells import cell_len
from support.backlog_app import fake_of
from support.demo_app import FROZEN_NOW, TZ, demo_app, settle
from textual.widgets import Checkbox

from cockpit.models import SourceState
from cockpit.sources.http import RetryPolicy
from cockpit.tui.app import CockpitApp
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.note_editor import NoteEditor
from cockpit.widgets.status_line import StatusLine, describe, synced_label

RANK = r"/rest/agile/1\.0/issue/rank$"
DAY = FROZEN_NOW.date()


async def no_wait(_seconds: float) -> None:
    """The HTTP retry policy's sleep: retries happen, the test does not wait."""


def quick_app(tmp_path: Path) -> CockpitApp:
    app = demo_app(tmp_path)
    app.writes.move_settle = 0.1
    assert app.workspace.jira is not None
    app.workspace.jira.policy = RetryPolicy(sleep=no_wait)
    return app


def status_text(app: CockpitApp) -> str:
    return str(app.query_one(StatusLine).render())


def jira_part(app: CockpitApp) -> str:
    return status_text(app).split("Jira", 1)[1]


async def until(pilot: object, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {condition.__doc__}"
        await pilot.pause(0.02)  # type: ignore[attr-defined]


def idle(app: CockpitApp) -> Callable[[], bool]:
    def done() -> bool:
        """every worker to finish"""
        return all(w.is_finished for w in app.workers) and not app.writes.burst.pending

    return done


async def move_to_top(pilot: object, app: CockpitApp, row: int) -> None:
    pane = app.query_one("#backlog", BacklogPane)
    await pilot.press("4")  # type: ignore[attr-defined]
    assert pane.select_key(pane.order[row].key)
    await pilot.press("T")  # type: ignore[attr-defined]


async def test_a_write_error_shows_until_jira_takes_the_writes(tmp_path: Path) -> None:
    app = quick_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        fake.inject(503, path=RANK, times=None)  # Jira takes reads, not rank writes
        await move_to_top(pilot, app, 5)
        await until(pilot, lambda: bool(fake.requests_to(RANK)))
        await until(pilot, idle(app))
        assert jira_part(app).startswith(": ") and "synced" not in jira_part(app)
        assert "1 write waiting" in status_text(app)
        assert app.states["Jira"].error is None, "the refresh itself went fine"

        fake.clear_faults()
        app.drain_outbox_now()
        await until(pilot, lambda: app.workspace.store.pending_count() == 0)
        await until(pilot, idle(app))
        assert jira_part(app).startswith(" synced")
        assert "waiting" not in status_text(app)


async def test_a_jira_refresh_error_goes_once_jira_takes_a_write_again(tmp_path: Path) -> None:
    """The writes go through, so Jira is back: its failed refresh is tried again at once
    (it would otherwise wait out a backoff of up to 30 minutes)."""
    app = quick_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        fake.inject(503, times=None)  # Jira is down
        await pilot.press("r")
        await until(pilot, idle(app))
        await pilot.pause()
        assert app.states["Jira"].error and jira_part(app).startswith(": ")
        await pilot.press("3", "n", *"Chased legal", "tab", "space")
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one("#note-post", Checkbox).value
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.workspace.store.pending_count() == 1)
        await until(pilot, idle(app))

        fake.clear_faults()  # Jira is back
        app.drain_outbox_now()
        await until(pilot, lambda: app.workspace.store.pending_count() == 0)
        await until(pilot, idle(app))
        await pilot.pause()
        assert app.states["Jira"].error is None
        assert jira_part(app).startswith(" synced")


async def test_the_count_of_waiting_writes_shows_at_80_columns(tmp_path: Path) -> None:
    app = quick_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        fake.inject(503, path=RANK, times=None)
        await move_to_top(pilot, app, 5)
        await move_to_top(pilot, app, 9)
        await until(pilot, lambda: app.workspace.store.pending_count() == 2)
        await until(pilot, idle(app))
        await pilot.pause()
        status = app.query_one(StatusLine)
        line = status_text(app)
        assert line.endswith("2 writes waiting")
        assert cell_len(line) <= status.content_size.width
        assert "Jira: " in line, "the write error is said too, cut to make room"


ERROR = SourceState(
    "Jira", error="Jira is rate limited until 11:20; not asking it again before then."
)
STATES = (SourceState("Calendar", fetched_at=datetime(2026, 11, 26, 10, 20, tzinfo=TZ)), ERROR)


@pytest.mark.parametrize("width", [16, 20, 40, 60, 80, 120, 200])
def test_the_waiting_count_is_the_last_thing_cut(width: int) -> None:
    line = describe(STATES, 3, DAY, DAY, width=width)
    assert line.cell_len <= width
    assert line.plain.endswith("3 writes waiting")


def test_a_line_that_fits_is_whole_and_a_tight_one_turns_terse_first() -> None:
    whole = describe(STATES[:1], 3, DAY, DAY, width=200).plain
    assert whole == "Thu 26 Nov 2026  ·  Calendar synced 10:20  ·  3 writes waiting"
    compact = describe(STATES[:1], 3, DAY, DAY, width=56).plain
    assert compact == "Thu 26 Nov · Calendar synced 10:20  ·  3 writes waiting"
    terse = describe(STATES[:1], 3, DAY, DAY, width=50).plain
    assert terse == "Thu 26 Nov · Calendar 10:20  ·  3 writes waiting"


def test_a_very_narrow_line_keeps_the_count_alone() -> None:
    assert describe(STATES, 12, DAY, DAY, width=24).plain == "12 writes waiting"
    assert describe(STATES, 12, DAY, DAY, width=10).plain == "12 writes…"
    assert describe(STATES, 0, DAY, DAY, width=10).plain == "Thu 26 No…"


@pytest.mark.parametrize(
    ("day", "label"),
    [(DAY, "10:20"), (date(2026, 11, 27), "Thu 10:20"), (date(2026, 12, 6), "26 Nov 10:20")],
)
def test_a_sync_time_from_an_earlier_day_says_the_day(day: date, label: str) -> None:
    assert synced_label(datetime(2026, 11, 26, 10, 20, tzinfo=TZ), day) == label
