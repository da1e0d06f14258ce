"""Privacy mode (P): titles, customer names, attendee names and note text hidden on
every screen (a snapshot each), the status line saying so, the real data still
acted on, and everything back when it is turned off.

Update the snapshots with `pytest --snapshot-update` only after looking at the report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from support.demo_app import FROZEN_NOW, demo_app, settle
from textual.pilot import Pilot
from textual.widgets import Static

from cockpit.demo.workspace import DEMO_NOTES
from cockpit.models import Note
from cockpit.store.db import Store
from cockpit.tui.app import CockpitApp
from cockpit.widgets.journal import JournalScreen
from cockpit.widgets.note_editor import NoteEditor
from cockpit.widgets.status_line import StatusLine
from cockpit.widgets.table_pane import TablePane

PRIVATE = ("Globex", "Initech", "Umbrella", "Hooli", "Gina", "Hank", "renewal", "SSO")
"""Words that must not be on screen in privacy mode (titles, customers, people, notes)."""


def seed_notes(data_dir: Path) -> None:
    store = Store.open(data_dir)
    for hours, customer, text in DEMO_NOTES:
        store.add_note(Note(None, FROZEN_NOW - timedelta(hours=hours), text, customer=customer))
    store.add_note(Note(None, FROZEN_NOW, "Globex asked for SSO", customer="Globex"))
    store.close()


def visible(app: CockpitApp) -> str:
    """Every Static's and pane's text on the current screen."""
    parts = [str(w.render()) for w in app.screen.query(Static)]
    parts += [" ".join(r.cells) for p in app.screen.query(TablePane) for r in p._visible]
    return "\n".join(parts)


def assert_private(text: str) -> None:
    for word in PRIVATE:
        assert word not in text, word


async def _private(pilot: Pilot[Any]) -> None:
    await settle(cast(CockpitApp, pilot.app), pilot)
    await pilot.press("P")
    await pilot.pause()


SCREENS: dict[str, tuple[str, ...]] = {
    "main": (),
    "prep_sheet": ("2", "enter"),
    "journal": ("N",),
    "note_editor": ("2", "n"),
    "issue_detail": ("3", "enter"),
    "digest_refused": ("S",),
    "help": ("question_mark",),
}


@pytest.mark.parametrize("keys", list(SCREENS.values()), ids=list(SCREENS))
def test_every_screen_in_privacy_mode(
    snap_compare: Callable[..., bool], tmp_path: Path, keys: tuple[str, ...]
) -> None:
    seed_notes(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _private(pilot)
        await pilot.press(*keys)
        await settle(cast(CockpitApp, pilot.app), pilot)
        assert_private(visible(cast(CockpitApp, pilot.app)))

    assert snap_compare(demo_app(tmp_path), terminal_size=(160, 48), run_before=run_before)


def test_main_screen_small_in_privacy_mode(
    snap_compare: Callable[..., bool], tmp_path: Path
) -> None:
    seed_notes(tmp_path)
    assert snap_compare(demo_app(tmp_path), terminal_size=(80, 24), run_before=_private)


async def test_privacy_hides_then_restores_and_the_real_meeting_is_acted_on(
    tmp_path: Path,
) -> None:
    seed_notes(tmp_path)
    app = demo_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        before = visible(app)
        assert "Globex" in before
        await pilot.press("P")
        await pilot.pause()
        assert_private(visible(app))
        assert str(app.query_one(StatusLine).render()).startswith("privacy on")
        await pilot.press("2", "n")  # a note from privacy mode is still about the real call
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.context_key.startswith("meeting:globex-checkin@demo.cockpit")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert "(note hidden)" in visible(app)
        await pilot.press("escape", "P")  # off again: the panes and the notes come back
        await pilot.pause()
        assert visible(app) == before
        await pilot.press("N")
        await pilot.pause()
        assert "Globex asked for SSO" in visible(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not str(app.query_one(StatusLine).render()).startswith("privacy on")
