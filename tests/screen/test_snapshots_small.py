"""Snapshot tests of every screen at 80x24, the smallest terminal the cockpit is built for.

At this size the panes stack (widgets/pane_grid.py): the focused pane has the room
and the others are folded to "Title (count)". Update with `pytest --snapshot-update`
only after looking at the report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from support.demo_app import demo_app, settle
from textual.pilot import Pilot

from cockpit.tui.app import CockpitApp

SIZE = (80, 24)


async def _settled(pilot: Pilot[Any]) -> None:
    await settle(cast(CockpitApp, pilot.app), pilot)


@pytest.mark.parametrize("key", ["1", "2", "3", "4"])
def test_small_main_screen_with_each_pane_focused(
    snap_compare: Callable[..., bool], tmp_path: Path, key: str
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press(key)
        await pilot.pause()

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_small_detail_view(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press("3", "enter")

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_small_note_editor(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press("2", "n")
        await pilot.press(*"Globex asked for refunds in EUR")
        await pilot.pause()

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_small_help_screen(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press("question_mark")

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_small_journal(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press("2", "n", *"Globex asked for refunds in EUR", "ctrl+s")
        await pilot.pause()
        pilot.app.clear_notifications()  # "Note saved." would time out under a slow run
        await pilot.press("N")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_small_priority_picker(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    from cockpit.widgets.priority_picker import PriorityPicker

    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press("4", "p")
        for _ in range(100):  # the site's priorities are fetched in a worker first
            if isinstance(pilot.app.screen, PriorityPicker):
                break
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)
