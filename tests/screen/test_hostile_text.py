"""Hostile text from Jira and calendars shows as harmless, literal text everywhere.

A summary, title or name may hold Rich/Textual markup (`[bold red]x[/]`, an
`[@click=app.quit]` action), terminal escapes (clear screen, OSC 8 links, OSC 52
clipboard writes, C1 CSI) or bidi overrides. Every pane, screen, toast and the
status line must show the markup brackets literally, send no escape byte of its
own to the terminal, and a click on the text must not run an action. The
headless table and JSON output must not carry the escapes either.
"""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console
from support.demo_app import synced

from cockpit.cli.views import print_view
from cockpit.domain.classify import CompanyRules
from cockpit.domain.present import backlog_table, blocked_table, format_table, today_table
from cockpit.models import Attendee, Issue, Meeting, Note
from cockpit.sources.errors import SourceError
from cockpit.store.db import Store
from cockpit.sync.workspace import Workspace
from cockpit.tui.app import CockpitApp
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.detail import DetailScreen
from cockpit.widgets.journal import JournalScreen
from cockpit.widgets.note_editor import NoteEditor
from cockpit.widgets.priority_picker import PriorityPicker
from cockpit.widgets.table_pane import TablePane

TZ = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 26, 10, 20, tzinfo=TZ)
SIZE = (220, 60)

MARKUP = "[bold red]x[/]"
CLICK = "[@click=app.quit]q[/]"
CLEAR = "\x1b[2J"
OSC8 = "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
C1_CSI = "\x9b31m"
BIDI = "\u202e"


def hostile(label: str) -> str:
    """A field value carrying every kind of hostile text, after a short label."""
    return f"{label} {MARKUP} {CLICK} a{CLEAR}b {OSC8} c{OSC52}d e{C1_CSI}f {BIDI}gnp.exe"


def shown(label: str) -> str:
    """What `hostile(label)` must look like on screen."""
    return f"{label} {MARKUP} {CLICK} ab link cd ef gnp.exe"


FORBIDDEN = ("\x1b", "\x9b", "\x9d", "\x07", BIDI, "evil.example", "ZXZpbA")
"""Nothing of the escapes may reach the screen's text (their payloads included)."""


# --- data --------------------------------------------------------------------


def attendee(name: str, email: str, external: bool = False) -> Attendee:
    return Attendee(email=email, name=hostile(name), response="accepted", external=external)


def hostile_meetings() -> list[Meeting]:
    start = NOW.replace(hour=11, minute=0)
    internal = Meeting(
        uid="m1",
        title=hostile("Standup"),
        start=start,
        end=start + timedelta(minutes=30),
        calendar="Work",
        attendees=(attendee("Ana", "ana@acme.example"), attendee("Bo", "bo@acme.example")),
        location=hostile("Room"),
        description=hostile("Agenda"),
        organizer="ana@acme.example",
        join_url="https://meet.google.com/abc-defg-hij",
    )
    call = Meeting(
        uid="m2",
        title=hostile("Call"),
        start=start + timedelta(hours=2),
        end=start + timedelta(hours=3),
        calendar="Work",
        attendees=(
            attendee("Ana", "ana@acme.example"),
            attendee("Guest", "guest@globex.example", external=True),
        ),
    )
    return [internal, call]


def hostile_issue(key: str, **changes: object) -> Issue:
    fields: dict[str, object] = {
        "key": key,
        "summary": hostile("Sum"),
        "status": "Blocked",
        "url": f"https://acme.atlassian.net/browse/{key}",
        "type": "Story",
        "priority": "Medium",
        "assignee": hostile("Who"),
        "points": 3.0,
        "flagged": True,
        "reasons": ("flagged",),
        "blocked_since": NOW - timedelta(days=4),
        "epic": hostile("Epic"),
    }
    fields.update(changes)
    return Issue(**fields)  # type: ignore[arg-type]


class HostileCalendar:
    name = "Work"

    async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
        return hostile_meetings()


class FailingCalendar:
    name = "Feed"

    async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
        raise SourceError("Feed", hostile("Boom"))


class HostileJira:
    """The three calls the workspace makes, answering hostile issues and priorities."""

    async def blocked(self, projects: object, jql: object) -> list[Issue]:
        return [hostile_issue("PAY-1")]

    async def backlog(self, board: object) -> list[Issue]:
        return [hostile_issue("PAY-2", status="To Do", flagged=False, reasons=())]

    async def priorities(self) -> list[str]:
        return ["High", hostile("Prio")]


def hostile_workspace(data_dir: Path, *, failing: bool = False) -> Workspace:
    store = Store.open(data_dir)
    return Workspace(
        tz=TZ,
        calendars=[HostileCalendar(), *([FailingCalendar()] if failing else [])],
        jira=HostileJira(),  # type: ignore[arg-type]
        store=store,
        rules=CompanyRules(domains=("acme.example",), user_emails=("ana@acme.example",)),
        board=7,
        projects=("PAY",),
        clock=lambda: NOW,
    )


# --- looking at the screen ---------------------------------------------------


def render_screen(app: CockpitApp) -> tuple[list[str], str, list[dict[str, Any]]]:
    """(screen lines as a person reads them, raw terminal output, segment metas)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    metas = [
        segment.style.meta
        for line in update.strips  # type: ignore[union-attr]
        for strip in line
        for segment in strip
        if segment.style is not None and segment.style.meta
    ]
    console.print(update)
    raw = console.file.getvalue()  # type: ignore[attr-defined]
    text = console.export_text(styles=False)
    return text.splitlines(), raw, metas


def region_text(lines: list[str], widget: object) -> str:
    region = widget.region  # type: ignore[attr-defined]
    rows = lines[region.y : region.y + region.height]
    return "\n".join(row[region.x : region.x + region.width] for row in rows)


def assert_harmless(app: CockpitApp) -> list[str]:
    """No escape or payload in the screen's text, no OSC sent, no click action planted."""
    lines, raw, metas = render_screen(app)
    text = "\n".join(lines)
    for bad in FORBIDDEN:
        assert bad not in text, f"{bad!r} reached the screen"
    assert "\x1b]" not in raw and "\x07" not in raw, "an OSC sequence was sent to the terminal"
    assert "\x9b" not in raw
    planted = [m for m in metas if any("quit" in str(v) for v in m.values())]
    assert not planted, f"remote text planted an action: {planted}"
    return lines


async def click_on_action(pilot: object, lines: list[str], app: CockpitApp) -> None:
    """Click where `[@click=app.quit]q[/]` shows, on the q: the app must keep running."""
    for y, line in enumerate(lines):
        x = line.find(CLICK)
        if x >= 0:
            await pilot.click(offset=(x + CLICK.index("q[/]"), y))  # type: ignore[attr-defined]
            await pilot.pause()  # type: ignore[attr-defined]
            assert app.is_running, "clicking remote text quit the app"
            return
    raise AssertionError(f"{CLICK!r} is not on screen")


def strings(value: object) -> list[str]:
    """Every string inside decoded JSON."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def make_app(tmp_path: Path, *, failing: bool = False) -> CockpitApp:
    return CockpitApp(hostile_workspace(tmp_path / "data", failing=failing))


async def start(app: CockpitApp, pilot: object) -> None:
    await synced(app)
    await pilot.pause()  # type: ignore[attr-defined]


# --- the panes -----------------------------------------------------------------


@pytest.mark.parametrize("pane", ["today", "calls", "blocked"])
async def test_table_panes_show_remote_text_literally(tmp_path: Path, pane: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        table = app.query_one(f"#{pane}", TablePane)
        assert table.row_count >= 1
        lines = assert_harmless(app)
        inside = region_text(lines, table)
        assert MARKUP in inside, inside
        assert CLICK in inside, inside
        await click_on_action(pilot, lines, app)
        # Every cell, not only what fits on screen, is printable plain text.
        for row in range(table.row_count):
            for cell in table.shown_cells(row):
                assert cell.isprintable(), repr(cell)


async def test_blocked_pane_cells_are_the_cleaned_text(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        table = app.query_one("#blocked", TablePane)
        cells = table.drawn_cells(0)
        # Long cells may be cut with an ellipsis; what is shown is the cleaned text.
        for label in ("Sum", "Who"):
            cell = next(c for c in cells if c.startswith(label))
            assert shown(label).startswith(cell.removesuffix("…")), cell
            assert len(cell) > len(f"{label} [@"), cell


async def test_backlog_pane_shows_remote_text_literally(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        backlog = app.query_one("#backlog", BacklogPane)
        assert len(backlog.order) == 1
        lines = assert_harmless(app)
        inside = region_text(lines, backlog)
        assert MARKUP in inside and CLICK in inside, inside
        await click_on_action(pilot, lines, app)


# --- screens -------------------------------------------------------------------


async def test_detail_screen_of_a_meeting_is_literal(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        app.query_one("#today").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        lines = assert_harmless(app)
        text = "\n".join(lines)
        for label in ("Standup", "Room", "Agenda", "Ana", "Bo"):
            assert shown(label) in text, label
        await click_on_action(pilot, lines, app)


async def test_detail_screen_of_an_issue_is_literal(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        app.query_one("#blocked").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        text = "\n".join(assert_harmless(app))
        for label in ("Sum", "Who", "Epic"):
            assert shown(label) in text, label


async def test_note_editor_label_is_literal(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        app.query_one("#blocked").focus()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        lines = assert_harmless(app)
        label = region_text(lines, app.screen.query_one("#note-context"))
        assert f"PAY-1  {shown('Sum')}" in label, label
        await click_on_action(pilot, lines, app)


async def test_meeting_note_editor_label_is_literal(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        app.query_one("#today").focus()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        lines = assert_harmless(app)
        label = region_text(lines, app.screen.query_one("#note-context"))
        assert shown("Standup") in label, label


async def test_priority_picker_is_literal(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        app.query_one("#backlog").focus()
        await pilot.press("p")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, PriorityPicker)
        lines = assert_harmless(app)
        body = region_text(lines, app.screen.query_one("#priority-body"))
        # The modal is narrow: the label is cut, the option wraps; both stay literal.
        assert f"PAY-2  Sum {MARKUP} {CLICK}" in body, body
        assert f"Prio {MARKUP} {CLICK}" in body, body
        await click_on_action(pilot, lines, app)


async def test_journal_is_literal(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        app.workspace.store.add_note(
            Note(
                id=None,
                created=NOW,
                text=hostile("Said"),
                issue_key="PAY-1",
                meeting_title=hostile("Standup"),
                customer=hostile("Globex"),
            )
        )
        await pilot.press("N")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        lines = assert_harmless(app)
        text = "\n".join(lines)
        assert shown("Said") in text and shown("Globex") in text, text
        await click_on_action(pilot, lines, app)
        # A search typed with markup in it shows literally in the subtitle too.
        await pilot.press(*"[b]")
        await pilot.pause()
        await pilot.pause()
        body = app.screen.query_one("#journal-body")
        assert "[b]" in str(body.border_subtitle)


# --- toasts and the status line -------------------------------------------------


async def test_source_errors_in_toast_and_status_line_are_literal(tmp_path: Path) -> None:
    app = make_app(tmp_path, failing=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        assert app.states["Calendar"].error
        lines = assert_harmless(app)
        status = region_text(lines, app.query_one("#status"))
        assert MARKUP in status, status
        toasts = [line for line in lines if "Boom" in line]
        assert any(MARKUP in line for line in toasts), "\n".join(lines)
        await click_on_action(pilot, lines, app)


async def test_priorities_failure_toast_is_literal(tmp_path: Path) -> None:
    app = make_app(tmp_path)

    async def refuse() -> list[str]:
        raise SourceError("Jira", hostile("Nope"))

    app.workspace.jira.priorities = refuse  # type: ignore[union-attr, method-assign]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(app, pilot)
        app.query_one("#backlog").focus()
        await pilot.press("p")
        await start(app, pilot)
        lines = assert_harmless(app)
        assert any("Nope" in line and MARKUP in line for line in lines), "\n".join(lines)


# --- headless output -----------------------------------------------------------


def test_format_table_prints_no_escapes() -> None:
    issues = [hostile_issue("PAY-1")]
    for table in (
        blocked_table(issues, NOW.date()),
        backlog_table(issues),
        today_table(hostile_meetings(), NOW),
    ):
        out = format_table(table, max_width=200)
        for bad in FORBIDDEN:
            assert bad not in out, f"{bad!r} in {out!r}"
        assert MARKUP in out and CLICK in out


@pytest.mark.parametrize("view", ["agenda", "calls", "blocked", "backlog"])
@pytest.mark.parametrize("as_json", [False, True])
async def test_headless_views_print_no_escapes(tmp_path: Path, view: str, as_json: bool) -> None:
    out = io.StringIO()
    status = await print_view(hostile_workspace(tmp_path), view, as_json=as_json, out=out)
    assert status == 0
    printed = out.getvalue()
    for bad in ("\x1b", "\x9b", "\x07", BIDI):
        assert bad not in printed, f"{bad!r} printed by `cockpit {view}`"
    assert MARKUP in printed
    if as_json:
        # `jq -r` would turn a \\u001b back into ESC: the strings themselves are clean.
        for text in strings(json.loads(printed)):
            assert all(c.isprintable() or c in "\n\t" for c in text), repr(text)


async def test_headless_source_error_prints_no_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = hostile_workspace(tmp_path)
    workspace.calendars = [FailingCalendar()]
    status = await print_view(workspace, "agenda", out=io.StringIO())
    assert status == 1
    err = capsys.readouterr().err
    assert "Boom" in err
    for bad in ("\x1b", "\x9b", "\x07", BIDI):
        assert bad not in err
