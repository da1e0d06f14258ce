"""Snapshots of the prep sheet and of the Today pane with declined meetings shown.

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


def test_prep_sheet_of_a_customer_call(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press("2", "enter")
        await _settled(pilot)

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_prep_sheet_small_terminal(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press("2", "enter")
        await _settled(pilot)

    assert snap_compare(demo_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_declined_shown_struck_through(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled(pilot)
        await pilot.press("D")
        await _settled(pilot)

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)
