"""Whatever goes wrong in a refresh, the pane ends stale with the reason: an answer
nobody can read, a bug (KeyError from a body nobody expected). Never a fresh-looking
pane. The same failures in the shell: integration/test_refresh_failures_in_the_shell.py.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from support.backlog_app import fake_of
from support.demo_app import demo_app, settle

from cockpit.fakejira import FakeJira
from cockpit.tui.app import CockpitApp
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.status_line import StatusLine
from cockpit.widgets.table_pane import TablePane

NESTED = "[" * 100_000 + "]" * 100_000
"""A JSON answer deeper than Python's recursion limit."""


def status_text(app: CockpitApp) -> str:
    return str(app.query_one(StatusLine).render())


@pytest.fixture
def crash_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Crash reports go here instead of the system's temporary folder."""
    folder = tmp_path / "crashes"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def boom(*_args: object, **_kwargs: object) -> object:
    raise KeyError("fields")


async def test_a_nested_json_answer_leaves_the_backlog_stale_with_the_reason(
    tmp_path: Path,
) -> None:
    app = demo_app(tmp_path / "data")
    fake: FakeJira = fake_of(app)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        backlog = app.query_one("#backlog", BacklogPane)
        before = backlog.order.keys()
        fake.inject(200, path="/backlog", body=NESTED, times=None)
        await pilot.press("r")
        await settle(app, pilot)
        assert "Jira: Jira sent JSON nested too deeply to read (HTTP 200)." in status_text(app)
        assert app.states["Jira"].stale
        assert backlog.order.keys() == before
        assert backlog.border_subtitle == "not refreshed"


async def test_a_bug_in_the_jira_refresh_ends_stale_with_the_reason_and_a_report(
    tmp_path: Path, crash_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        backlog = app.query_one("#backlog", BacklogPane)
        before = backlog.order.keys()
        monkeypatch.setattr("cockpit.sources.jira.parse_issue", boom)  # a bug, say
        await pilot.press("r")
        await settle(app, pilot)
        text = status_text(app)
        assert "Jira: unexpected error in Jira refresh: KeyError 'fields'; details in " in text
        assert "synced" not in text.split("Jira:")[1] and "syncing" not in text
        assert app.states["Jira"].stale
        assert backlog.order.keys() == before
        for pane in ("#blocked", "#backlog"):
            assert app.query_one(pane).border_subtitle == "not refreshed"
        said = app.states["Jira"].error or ""  # (the line itself is cut at the pane's width)
        [report] = [r for r in crash_dir.glob("cockpit-crash-*.txt") if str(r) in said]
        assert "KeyError: 'fields'" in report.read_text()


async def test_a_bug_in_the_calendar_refresh_ends_stale_with_the_reason(
    tmp_path: Path, crash_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo_app(tmp_path / "data")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        today = app.query_one("#today", TablePane)
        count = today.count
        assert count
        monkeypatch.setattr("cockpit.domain.agenda.build_agenda", boom)
        await pilot.press("r")
        await settle(app, pilot)
        assert "Calendar: unexpected error in Calendar refresh: KeyError 'fields'" in (
            status_text(app)
        )
        assert app.states["Calendar"].stale
        assert today.count == count
        assert today.border_subtitle == "not refreshed"
        assert list(crash_dir.glob("cockpit-crash-*.txt"))


class DownCalendar:
    """A calendar whose server is down."""

    name = "Work"

    async def fetch(self, start: object, end: object) -> list[object]:
        from cockpit.sources.errors import Unreachable

        raise Unreachable("Work", "Calendar 'Work': the server did not answer.")


async def test_when_every_calendar_fails_the_meetings_on_screen_stay(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        today = app.query_one("#today", TablePane)
        before = today.count
        assert before > 0
        app.workspace.calendars = [DownCalendar()]  # type: ignore[list-item]
        await pilot.press("r")
        await settle(app, pilot)
        assert today.count == before, "the last good meetings stay on screen"
        assert app.states["Calendar"].stale and "did not answer" in (
            app.states["Calendar"].error or ""
        )
