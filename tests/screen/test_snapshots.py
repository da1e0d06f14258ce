"""Snapshot tests of each screen on the demo workspace with a frozen clock.

Update with `pytest --snapshot-update` only after looking at the report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from support.demo_app import demo_app, settle
from textual.pilot import Pilot

from cockpit.tui.app import CockpitApp

SIZE = (160, 48)


async def _settled(pilot: Pilot[Any]) -> None:
    await settle(cast(CockpitApp, pilot.app), pilot)


def test_main_screen(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=_settled)


def test_main_screen_small_terminal(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), terminal_size=(100, 30), run_before=_settled)


def test_help_screen(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press("question_mark")

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_detail_of_a_blocked_issue(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press("3", "enter")

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_customer_calls_pane_focused(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press("2")

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_note_editor(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press("4", "n")
        await pilot.press(*"Customer asked for refunds")
        await pilot.pause()

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)
