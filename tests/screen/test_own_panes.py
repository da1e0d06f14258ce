"""Your own panes on the main screen: the demo's five-pane layout, a two-pane layout,
keys 1-9 by layout, a pane acting like the built-in ones, a rejected JQL in its
pane, and where you left off (pane, cursor, theme) after a restart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from support.backlog_app import until
from support.demo_app import FROZEN_NOW, TZ, laid_out_app, settle
from textual.pilot import Pilot
from textual.widgets import OptionList

from cockpit.config.panes import PaneConfig
from cockpit.demo.workspace import DEMO_LAYOUT, demo_workspace
from cockpit.fakejira import FakeJira
from cockpit.tui.app import CockpitApp
from cockpit.widgets.detail import DetailScreen
from cockpit.widgets.issue_pane import IssuePane
from cockpit.widgets.item_pane import ItemPane
from cockpit.widgets.pane_grid import PaneGrid
from cockpit.widgets.priority_picker import PriorityPicker


def shown_titles(app: CockpitApp) -> list[str]:
    return [str(p.border_title) for p in app.query_one(PaneGrid).panes if p.display]


def own_app(data_dir: Path, pane: PaneConfig, *, jira: FakeJira | None = None) -> CockpitApp:
    """The demo with one custom pane of its own after the four built-in ones."""
    workspace = demo_workspace(clock=lambda: FROZEN_NOW, tz=TZ, data_dir=data_dir, jira=jira)
    workspace.panes = (pane,)
    workspace.layout = ("today", "calls", "blocked", "backlog", pane.title)
    return CockpitApp(workspace)


async def test_the_demo_shows_five_panes_and_keys_follow_the_layout(tmp_path: Path) -> None:
    app = laid_out_app(tmp_path, DEMO_LAYOUT)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert shown_titles(app) == [
            "Today (10)",
            "Customer calls (6)",
            "Blocked (7)",
            "Backlog (60)",
            "Production incidents (5)",
        ]
        incidents = app.query_one("#pane-1", IssuePane)
        await pilot.press("5")
        assert app.focused is incidents
        assert incidents.drawn_cells(0)[:2] == ["OPS-1", "Highest"]
        assert [h for h, _w in incidents.shown_columns] == [
            "Key", "Priority", "Summary", "Status", "Assignee", "Age",
        ]  # fmt: skip
        grid = app.query_one(PaneGrid).region
        top, bottom = app.query_one("#today").region, incidents.region
        assert bottom.y > top.y and bottom.right == grid.right  # the last row shares its width
        await pilot.press("4")
        assert app.focused is app.query_one("#backlog")
        await pilot.press("6")  # no sixth pane: nothing moves
        assert app.focused is app.query_one("#backlog")


async def test_a_two_pane_layout(tmp_path: Path) -> None:
    app = laid_out_app(tmp_path, ("backlog", "Escalations"))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert shown_titles(app) == ["Backlog (60)", "Escalations (5)"]
        assert not app.query_one("#today").display and not app.query_one("#blocked").display
        assert app.focused is app.query_one("#backlog")
        await pilot.press("2")
        escalations = app.query_one("#pane-2", IssuePane)
        assert app.focused is escalations
        assert escalations.drawn_cells(0)[:2] == ["CS-1", "Globex"]
        await pilot.press("3")
        assert app.focused is escalations
        assert escalations.region.width > 70  # two panes share the width


async def test_at_80x24_the_panes_stack_and_each_is_reachable(tmp_path: Path) -> None:
    app = laid_out_app(tmp_path, DEMO_LAYOUT)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.query_one(PaneGrid).compact
        for key, pane in [("5", "#pane-1"), ("2", "#calls"), ("4", "#backlog")]:
            await pilot.press(key)
            await pilot.pause()
            focused = app.query_one(pane, ItemPane)
            assert app.focused is focused and focused.region.height >= 12
            others = [p for p in app.query_one(PaneGrid).panes if p.display and p is not focused]
            assert len(others) == 4 and all(p.region.height == 1 for p in others)


async def test_a_custom_pane_filters_details_and_sets_a_priority(tmp_path: Path) -> None:
    pane = PaneConfig(
        "Top bugs",
        "project = PAY AND type = Bug AND priority = Highest ORDER BY key",
        ("key", "priority", "summary"),
    )
    app = own_app(tmp_path, pane)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        bugs = app.query_one("#pane-1", IssuePane)
        assert str(bugs.border_title) == "Top bugs (2)"
        await pilot.press("5", "slash", *"duplicate", "enter")
        assert str(bugs.border_title) == "Top bugs (1)"
        key = bugs.drawn_cells(0)[0]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        await pilot.press("escape")
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PriorityPicker))
        options = app.screen.query_one(OptionList)
        names = [str(options.get_option_at_index(i).id) for i in range(options.option_count)]
        await pilot.press("home", *["down"] * names.index("Low"), "enter")
        await until(pilot, lambda: bugs.drawn_cells(0)[1] == "Low")  # at once, on screen
        await until(pilot, lambda: app.workspace.store.pending_count() == 0)
        fake = cast(Any, app.workspace).fake_jira
        assert fake.issues[key].priority == "Low"


async def test_a_rejected_jql_shows_jiras_message_in_its_pane_only(tmp_path: Path) -> None:
    pane = PaneConfig("Broken", 'project = PAY AND status = "Nope"', ("key", "summary"))
    app = own_app(tmp_path, pane)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        broken = app.query_one("#pane-1", IssuePane)
        line = " ".join(broken.drawn_cells(n)[0] for n in range(broken.row_count))
        assert line.startswith("Jira rejected the JQL: ")
        assert "The value 'Nope' does not exist for the field 'status'." in line
        assert broken.border_subtitle == "JQL rejected" and broken.selected is None
        assert str(app.query_one("#blocked", ItemPane).border_title) == "Blocked (7)"
        assert app.board.states["Jira"].error is None  # the other Jira panes are fine


async def test_a_custom_pane_paints_from_the_store_on_the_next_start(tmp_path: Path) -> None:
    app = laid_out_app(tmp_path, DEMO_LAYOUT)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
    again = laid_out_app(tmp_path, DEMO_LAYOUT, refresh_on_start=False)
    async with again.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        incidents = again.query_one("#pane-1", IssuePane)
        assert str(incidents.border_title) == "Production incidents (5)"
        assert str(incidents.border_subtitle).startswith("cached ")
        assert incidents.drawn_cells(0)[0] == "OPS-1"


async def test_pane_cursor_and_theme_are_restored_after_a_restart(tmp_path: Path) -> None:
    app = laid_out_app(tmp_path, DEMO_LAYOUT)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "down", "down")
        app.theme = "nord"  # as the palette's "Change theme" does
        await pilot.press("q")
    assert (tmp_path / "app-state.json").exists()
    again = laid_out_app(tmp_path, DEMO_LAYOUT)
    async with again.run_test(size=(160, 48)) as pilot:
        await settle(again, pilot)
        blocked = again.query_one("#blocked", ItemPane)
        assert again.focused is blocked and blocked.cursor_row == 2
        assert again.theme == "nord"


async def test_the_config_theme_is_the_default_and_a_picked_one_wins(tmp_path: Path) -> None:
    def themed(theme: str | None) -> CockpitApp:
        app = laid_out_app(tmp_path, DEMO_LAYOUT, refresh_on_start=False)
        app.workspace.theme = theme
        return app

    app = themed("gruvbox")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "gruvbox"
        await pilot.press("q")
    app = themed("dracula")  # the config changed, nothing picked: the config's
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "dracula"
        app.theme = "nord"
        await pilot.press("q")
    app = themed("dracula")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
    app = themed("no-such-theme")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"


def test_five_pane_layout_snapshot(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(cast(CockpitApp, pilot.app), pilot)
        await pilot.press("5")
        await pilot.pause()

    app = laid_out_app(tmp_path, DEMO_LAYOUT)
    assert snap_compare(app, terminal_size=(160, 48), run_before=run_before)


def test_five_pane_layout_small_snapshot(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(cast(CockpitApp, pilot.app), pilot)
        await pilot.press("5")
        await pilot.pause()

    app = laid_out_app(tmp_path, DEMO_LAYOUT)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_the_palette_goes_to_a_pane_of_your_own(tmp_path: Path) -> None:
    app = laid_out_app(tmp_path, DEMO_LAYOUT)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Go to Production")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.query_one("#pane-1")
