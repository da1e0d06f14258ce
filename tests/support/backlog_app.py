"""The demo app set up for write tests, and how a Pilot test drives and reads it.

`app_on` is the demo cockpit with a short move burst and an HTTP retry policy that
does not wait; the rest put the backlog cursor on an issue, wait for a condition
(a poll, never a fixed sleep) and read what the user sees: the backlog order, the
toasts, the status line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from cockpit.demo.workspace import DemoWorkspace
from cockpit.fakejira import FakeJira
from cockpit.sources.http import RetryPolicy
from cockpit.tui.app import CockpitApp
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.status_line import StatusLine
from support.demo_app import demo_app

SETTLE = 0.4
"""The burst window in these tests (the app's default is 0.7 s)."""


async def no_wait(_seconds: float) -> None:
    """The HTTP retry policy's sleep: retries happen, the test does not wait for them."""


def app_on(tmp_path: Path, jira: FakeJira | None = None, **kwargs: object) -> CockpitApp:
    app = demo_app(tmp_path, jira=jira, **kwargs)
    app.writes.move_settle = SETTLE
    assert app.workspace.jira is not None
    app.workspace.jira.policy = RetryPolicy(sleep=no_wait)
    return app


def fake_of(app: CockpitApp) -> FakeJira:
    """The fake Jira behind the demo app's workspace."""
    workspace = app.workspace
    assert isinstance(workspace, DemoWorkspace) and workspace.fake_jira is not None
    return workspace.fake_jira


def pane(app: CockpitApp) -> BacklogPane:
    return app.query_one("#backlog", BacklogPane)


def shown(app: CockpitApp) -> list[str]:
    """The backlog keys in the order the pane shows them."""
    return [issue.key for issue in pane(app).order]


def toasts(app: CockpitApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def status_text(app: CockpitApp) -> str:
    return str(app.query_one(StatusLine).render())


async def until(pilot: object, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `condition` holds (a poll, not a fixed wait)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition.__doc__ or condition}")
        await pilot.pause(0.02)  # type: ignore[attr-defined]


def idle(app: CockpitApp) -> bool:
    """No worker waiting or running (a just-started one is PENDING, not running)."""
    return all(w.is_finished for w in app.workers)


def drained(app: CockpitApp) -> Callable[[], bool]:
    def done() -> bool:
        """the moves to settle, the outbox to empty and every worker to finish"""
        waiting = app.writes.burst.pending or app.workspace.store.pending_count()
        return idle(app) and not waiting

    return done


async def go_to(pilot: object, app: CockpitApp, key: str) -> None:
    """Focus the Backlog pane and put the cursor on `key` (at once: a burst of moves
    must not be stretched by 64 ms per arrow key)."""
    await pilot.press("4")  # type: ignore[attr-defined]
    assert pane(app).select_key(key)
    assert pane(app).selected_issue.key == key  # type: ignore[union-attr]
