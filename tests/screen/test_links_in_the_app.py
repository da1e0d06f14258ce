"""The `o` key opens an issue's link only when it is safe, and says so either way.

Issues whose links were planted (`javascript:`, `file:`, plain `http:`) are shown in
the Blocked and Backlog panes; the browser is a recorder (support/browser.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.browser import RecordingBrowser
from support.demo_app import synced

from cockpit.domain.classify import CompanyRules
from cockpit.models import Issue
from cockpit.store.db import Store
from cockpit.sync.workspace import Workspace
from cockpit.tui.app import CockpitApp

TZ = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 26, 10, 20, tzinfo=TZ)


class PlantedJira:
    """Issues whose links were planted by whoever can edit them (or the cache)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def _issue(self, key: str) -> Issue:
        return Issue(
            key=key,
            summary="Looks harmless",
            status="Blocked",
            url=self.url,
            flagged=True,
            reasons=("flagged",),
            blocked_since=NOW - timedelta(days=2),
        )

    async def blocked(self, projects: object, jql: object) -> list[Issue]:
        return [self._issue("PAY-1")]

    async def backlog(self, board: object) -> list[Issue]:
        return [self._issue("PAY-2")]

    async def priorities(self) -> list[str]:
        return ["High"]


def planted_app(tmp_path: Path, url: str) -> CockpitApp:
    workspace = Workspace(
        tz=TZ,
        calendars=[],
        jira=PlantedJira(url),  # type: ignore[arg-type]
        store=Store.open(tmp_path / "data"),
        rules=CompanyRules(domains=("acme.example",)),
        board=7,
        clock=lambda: NOW,
    )
    return CockpitApp(workspace)


@pytest.mark.parametrize("pane", ["blocked", "backlog"])
@pytest.mark.parametrize(
    ("url", "opens"),
    [
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("http://acme.atlassian.net/browse/PAY-1", False),
        ("https://acme.atlassian.net/browse/PAY-1", True),
    ],
)
async def test_the_o_key_opens_only_safe_links(
    tmp_path: Path, browser: RecordingBrowser, pane: str, url: str, opens: bool
) -> None:
    app = planted_app(tmp_path, url)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await synced(app)
        await pilot.pause()
        app.query_one(f"#{pane}").focus()
        await pilot.press("o")
        await pilot.pause()
        toasts = [n.message for n in app._notifications]
    assert browser.called.wait(2 if opens else 0.1) is opens
    assert browser.opened == ([url] if opens else [])
    assert any(m.startswith("Opening" if opens else "Not opened") for m in toasts), toasts
