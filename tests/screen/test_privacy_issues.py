"""Privacy mode (P) in the issue panes: a summary naming a known customer shows that
customer's placeholder in the Backlog, in Blocked (the blocked issue and its
blocker) and in your own panes; the real issues are still what the keys act on.

Update the snapshot with `pytest --snapshot-update` only after looking at the report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from support.demo_app import FROZEN_NOW, laid_out_app, settle
from textual.pilot import Pilot

from cockpit.fakejira import FakeJira
from cockpit.fakejira.demo_data import demo_jira
from cockpit.models import Issue
from cockpit.tui.app import CockpitApp
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.table_pane import TablePane

CUSTOMERS = ("Globex", "Initech", "Umbrella", "Hooli")
LAYOUT = ("today", "calls", "blocked", "backlog", "Escalations")
"""Escalations: the demo's own pane whose issues name their customers (in labels)."""


def customer_jira() -> FakeJira:
    """The demo Jira, with customers named in a backlog, a blocked and a blocker summary."""
    fake = demo_jira(FROZEN_NOW.date())
    fake.issues["PAY-4"].summary = "Apple Pay button for GLOBEX on the one-page checkout"
    fake.issues["PAY-6"].summary = "Payout holds for Hooli sellers"
    fake.issues["PAY-70"].summary = "Ledger service: payout holds API (Initech asked too)"
    return fake


def pane_text(app: CockpitApp, pane_id: str) -> str:
    """What the issue pane `pane_id` shows, row by row."""
    pane = app.query_one(f"#{pane_id}")
    if isinstance(pane, BacklogPane):
        rows = [pane.row_cells(r, 160)[0] for r in range(pane.row_count)]
        return "\n".join(" ".join(text for text, _ in cells) for cells in rows)
    assert isinstance(pane, TablePane)
    return "\n".join(" ".join(row.cells) for row in pane._visible)


def named(text: str) -> set[str]:
    return {c for c in CUSTOMERS if c.casefold() in text.casefold()}


async def test_issue_summaries_hide_customers_then_come_back(tmp_path: Path) -> None:
    app = laid_out_app(tmp_path, LAYOUT, jira=customer_jira())
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        custom = next(iter(app.own_panes.panes)).removeprefix("pane:")
        ids = ("backlog", "blocked", custom)
        before = {i: pane_text(app, i) for i in ids}
        assert "Globex" in named(before["backlog"])
        assert {"Hooli", "Initech"} <= named(before["blocked"])  # the issue and its blocker
        assert named(before[custom])  # labels name the customers
        await pilot.press("P")
        await pilot.pause()
        hidden = {i: pane_text(app, i) for i in ids}
        for pane_id, text in hidden.items():
            assert not named(text), (pane_id, text)
        assert "Apple Pay button for Customer " in hidden["backlog"]
        assert "PAY-4" in hidden["backlog"] and "PAY-70" in hidden["blocked"]  # keys stay
        backlog = app.query_one("#backlog", BacklogPane)
        backlog.select_key("PAY-4")
        selected = backlog.selected_issue
        assert isinstance(selected, Issue) and "GLOBEX" in selected.summary  # the real one
        await pilot.press("P")
        await pilot.pause()
        assert {i: pane_text(app, i) for i in ids} == before


def test_issue_panes_in_privacy_mode(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(cast(CockpitApp, pilot.app), pilot)
        await pilot.press("P")
        await pilot.pause()

    app = laid_out_app(tmp_path, LAYOUT, jira=customer_jira())
    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)
