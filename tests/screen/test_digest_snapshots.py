"""Snapshots of the stand-up and update drafts (`S`, `U`) at 160x48 and 80x24, on the
demo workspace with its customer notes. Update with `pytest --snapshot-update` only
after looking at the report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from support.demo_app import FROZEN_NOW, demo_app, settle
from textual.pilot import Pilot

from cockpit.demo.workspace import DEMO_NOTES
from cockpit.models import Note
from cockpit.store.db import Store
from cockpit.tui.app import CockpitApp
from cockpit.widgets.digest_screen import DigestScreen


@pytest.mark.parametrize("size", [(160, 48), (80, 24)], ids=["160x48", "80x24"])
@pytest.mark.parametrize("key", ["S", "U"])
def test_digest_screen(
    snap_compare: Callable[..., bool], tmp_path: Path, key: str, size: tuple[int, int]
) -> None:
    store = Store.open(tmp_path)
    for hours, customer, text in DEMO_NOTES:
        store.add_note(Note(None, FROZEN_NOW - timedelta(hours=hours), text, customer=customer))
    store.close()

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(cast(CockpitApp, pilot.app), pilot)
        await pilot.press(key)
        for _ in range(100):  # the draft's worker, then the screen it pushes (under load too)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            if isinstance(pilot.app.screen, DigestScreen):
                break
        await pilot.pause()

    assert snap_compare(demo_app(tmp_path), terminal_size=size, run_before=run_before)
