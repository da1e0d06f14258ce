"""The Blocked pane's blockers and chase list in the app (the demo, Pilot)."""

from __future__ import annotations

from pathlib import Path

from support.backlog_app import until
from support.demo_app import demo_app, settle

from cockpit.domain.blockers import BlockerRef
from cockpit.tui.app import CockpitApp
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.blocked_pane import BlockedPane
from cockpit.widgets.detail import DetailScreen


def blocked(app: CockpitApp) -> BlockedPane:
    return app.query_one("#blocked", BlockedPane)


def rows(pane: BlockedPane) -> list[tuple[str, ...]]:
    return [pane.shown_cells(i) for i in range(pane.row_count)]


async def test_c_toggles_the_chase_list_and_enter_jumps_to_a_blocker(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        pane = blocked(app)
        plain = rows(pane)
        assert plain[1][:2] == ("↳ PAY-70", "Ledger service: expose payout holds API")
        assert plain[1][2:4] == ("In Progress", "Platform team")
        assert pane.border_title == "Blocked (7)"
        await pilot.press("3", "c")
        await until(pilot, lambda: str(pane.border_subtitle).startswith("chase list"))
        chase = rows(pane)
        assert chase[0][1] == "Platform team: holding up 2 issues, longest 7d"
        assert chase[1][:4] == (
            "PAY-70",
            "Ledger service: expose payout holds API",
            "In Progress",
            "PAY-16, PAY-6",
        )
        assert pane.border_title == "Blocked (7)"
        # enter on a blocker: PAY-70 is in the backlog, so the cursor goes there
        pane._set_cursor(1)
        assert isinstance(pane.selected_ref, BlockerRef)
        await pilot.press("enter")
        await pilot.pause()
        backlog = app.query_one("#backlog", BacklogPane)
        assert app.focused is backlog
        assert backlog.selected_issue is not None and backlog.selected_issue.key == "PAY-70"
        assert not pane.chasing  # back to the plain view
        # a blocker found nowhere else opens its details
        await pilot.press("3")
        pane._set_cursor(next(i for i, r in enumerate(rows(pane)) if r[0] == "↳ PAY-71"))
        backlog.set_filter("nothing matches this")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("escape")
        await pilot.press("c")
        await until(pilot, lambda: str(pane.border_subtitle).startswith("chase list"))
        await pilot.press("c")
        await until(pilot, lambda: not str(pane.border_subtitle).startswith("chase list"))
        assert rows(pane) == plain
