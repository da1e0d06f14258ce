"""A demo cockpit on a frozen clock, for Pilot and snapshot tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from cockpit.demo.workspace import demo_workspace
from cockpit.fakejira import FakeJira
from cockpit.tui.app import CockpitApp

TZ = ZoneInfo("Europe/Lisbon")
FROZEN_NOW = datetime(2026, 11, 26, 10, 20, tzinfo=TZ)
"""A Thursday mid-morning: the stand-up is over, the next meeting is coming up."""


FOUR_PANES = ("today", "calls", "blocked", "backlog")
"""The layout without `[layout]` or `[[panes]]` (the tests written before custom panes)."""


def demo_app(data_dir: Path, *, jira: FakeJira | None = None, **kwargs: object) -> CockpitApp:
    """The demo app on the frozen clock (the four built-in panes); pass `jira` to share
    one fake across runs."""
    return laid_out_app(data_dir, FOUR_PANES, jira=jira, **kwargs)


def laid_out_app(
    data_dir: Path, layout: tuple[str, ...], *, jira: FakeJira | None = None, **kwargs: object
) -> CockpitApp:
    """The demo app on the frozen clock, showing the panes of `layout`."""
    workspace = demo_workspace(
        clock=lambda: FROZEN_NOW, tz=TZ, data_dir=data_dir, jira=jira, layout=layout
    )
    return CockpitApp(workspace, **kwargs)  # type: ignore[arg-type]


async def synced(app: CockpitApp) -> None:
    """Wait until the start-up refresh (begun after the first frame) has finished."""
    if app.refresh_on_start:
        await app.sync_started.wait()
    await app.workers.wait_for_complete()


async def settle(app: CockpitApp, pilot: object) -> None:
    """Wait until every refresh worker has finished and the screen has caught up."""
    await synced(app)
    await pilot.pause()  # type: ignore[attr-defined]
