"""Snapshots of the chase list, the transition picker and the story dialog (demo,
frozen clock). Update with `pytest --snapshot-update` only after looking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from support.demo_app import demo_app, settle
from textual.pilot import Pilot

from cockpit.tui.app import CockpitApp
from cockpit.widgets.action_pickers import ChoicePicker
from cockpit.widgets.story_dialog import StoryDialog

SIZE = (160, 48)


async def _settled(pilot: Pilot[Any]) -> CockpitApp:
    app = cast(CockpitApp, pilot.app)
    await settle(app, pilot)
    return app


async def _until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out")


def test_chase_list(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = await _settled(pilot)
        await pilot.press("3", "c")
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_chase_list_small(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = await _settled(pilot)
        await pilot.press("3", "c")
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(demo_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_transition_picker(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = await _settled(pilot)
        await pilot.press("3", "m")
        await _until(pilot, lambda: isinstance(app.screen, ChoicePicker))
        await pilot.pause()

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_story_dialog(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = await _settled(pilot)
        await pilot.press("2", "n")
        await pilot.press(*"Globex wants payout exports as CSV")
        await pilot.press("ctrl+t")
        await _until(pilot, lambda: isinstance(app.screen, StoryDialog))
        await pilot.pause()

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)
