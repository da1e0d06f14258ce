"""The app when the store cannot write (a full disk, injected through SQLite's own
page limit): a clear message, the note kept open, nothing crashes, nothing lost."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from support.backlog_app import SETTLE, app_on, fake_of, go_to, shown, toasts, until
from support.demo_app import settle
from textual.widgets import Checkbox, TextArea

from cockpit.tui.app import CockpitApp
from cockpit.widgets.note_editor import NoteEditor


@contextmanager
def full_disk(app: CockpitApp) -> Iterator[None]:
    """The database may not grow by a page: every write that needs one fails with
    SQLITE_FULL ("database or disk is full"), as on a full file system."""
    conn = app.workspace.store._conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    try:
        yield
    finally:
        conn.execute("PRAGMA max_page_count = 4294967294")


@contextmanager
def read_only(app: CockpitApp) -> Iterator[None]:
    """Every write fails as on a read-only data folder ("attempt to write a readonly
    database")."""
    conn = app.workspace.store._conn
    conn.execute("PRAGMA query_only = ON")
    try:
        yield
    finally:
        conn.execute("PRAGMA query_only = OFF")


BIG = "Globex asks for SSO by March. " * 400
"""A note larger than a page, so saving it needs the database to grow."""


async def test_a_note_the_disk_cannot_take_stays_in_the_editor(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await go_to(pilot, app, shown(app)[2])
        await pilot.press("n")
        app.screen.query_one(TextArea).insert(BIG)
        with full_disk(app):
            await pilot.press("tab", "space", "ctrl+s")
            await pilot.pause()
            assert "disk is full" in toasts(app)
            assert isinstance(app.screen, NoteEditor), "the note must stay open"
            assert app.screen.text == BIG
            assert app.screen.query_one(Checkbox).value, "the Jira tick is kept too"
            assert app.workspace.store.list_notes() == []
            assert app.return_code is None, "the app keeps running"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        assert [n.text for n in app.workspace.store.list_notes()] == [BIG]
        assert app.workspace.store.pending_count() <= 1  # its comment, once


async def test_moves_the_store_cannot_take_are_queued_when_it_can(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        key = shown(app)[6]
        with read_only(app):
            fake_of(app).inject(503, times=None)  # nothing leaves, so the jobs stay countable
            await go_to(pilot, app, key)
            await pilot.press("T")
            await until(pilot, lambda: "cannot be written" in toasts(app), timeout=SETTLE * 10)
            assert shown(app)[0] == key, "the move stays on screen"
        await until(pilot, lambda: app.workspace.store.pending_count() == 1, timeout=10)
        assert [job.key for job in app.workspace.store.open_jobs()] == [key]
