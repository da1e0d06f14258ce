"""Small terminals (issue 12): at 80x24 the focused pane has the room, the others
show as "Title (count)", columns drop by priority, and the key bar keeps what the
focused pane can do plus ? and q. Large terminals keep the 2x2 grid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.demo_app import demo_app, settle
from textual.app import App, ComposeResult

from cockpit.domain.present import Row, Table
from cockpit.widgets import STYLESHEETS
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.key_bar import KeyBar
from cockpit.widgets.pane_grid import PaneGrid, is_compact
from cockpit.widgets.table_pane import MIN_FLEX, TablePane

PANES = {"1": "today", "2": "calls", "3": "blocked", "4": "backlog"}
TITLES = {
    "today": "Today (",
    "calls": "Customer calls (",
    "blocked": "Blocked (",
    "backlog": "Backlog (",
}


def layout(app: App[Any]) -> dict[str, tuple[int, int, int]]:
    """Each pane's (x, y, height) on screen."""
    return {
        p: (r.x, r.y, r.height) for p in PANES.values() for r in [app.query_one(f"#{p}").region]
    }


def test_the_stack_is_for_terminals_under_120_columns_or_32_rows() -> None:
    assert is_compact(80, 24) and is_compact(119, 48) and is_compact(200, 31)
    assert not is_compact(120, 32) and not is_compact(160, 48)


async def test_at_80x24_the_focused_pane_unfolds_and_the_others_keep_title_and_count(
    tmp_path: Path,
) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.query_one(PaneGrid).compact
        for key, pane in [*PANES.items(), ("1", "today")]:
            await pilot.press(key)
            await pilot.pause()
            assert app.focused is app.query_one(f"#{pane}")
            shown = layout(app)
            assert shown[pane][2] >= 15  # 80x24: 19 of the 22 rows the panes get
            for other, (_x, y, height) in shown.items():
                title = str(app.query_one(f"#{other}").border_title)
                assert title.startswith(TITLES[other]) and not title.endswith("(0)")
                assert 0 <= y < 22 and height >= 1
                if other != pane:
                    assert height == 1
            ys = [shown[p][1] for p in PANES.values()]
            assert ys == sorted(ys)  # the panes keep their order, folded or not


async def test_tab_and_shift_tab_move_the_room_round_the_panes(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for expected in ("calls", "blocked", "backlog", "today"):
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is app.query_one(f"#{expected}")
            assert layout(app)[expected][2] > 1
        await pilot.press("shift+tab")
        await pilot.pause()
        assert layout(app)["backlog"][2] > 1 and app.focused is app.query_one("#backlog")


async def test_the_filter_box_leaves_its_pane_unfolded(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "slash", *"PAY-1")
        await pilot.pause()
        blocked = app.query_one("#blocked", TablePane)
        assert not blocked.has_focus and blocked.region.height > 1
        assert 0 < blocked.count < 7


async def test_a_large_terminal_keeps_the_four_panes_in_a_grid(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert not app.query_one(PaneGrid).compact
        shown = layout(app)
        assert len({x for x, _y, _h in shown.values()}) == 2  # two columns
        assert all(height >= 15 for _x, _y, height in shown.values())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.query_one(PaneGrid).compact and layout(app)["today"][2] > 1
        assert layout(app)["backlog"][2] == 1
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert layout(app) == shown


async def test_at_80_columns_titles_and_times_are_whole_enough_to_read(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key, title, time in (("1", "Meeting", "Time"), ("2", "Call", "When")):
            await pilot.press(key)
            await pilot.pause()
            pane = app.query_one(f"#{PANES[key]}", TablePane)
            widths = dict(pane.shown_columns)
            assert widths[title] >= 30, widths
            at = [header for header, _ in pane.shown_columns].index(time)
            for row in range(pane.row_count):
                drawn, whole = pane.drawn_cells(row)[at], pane.shown_cells(row)[1]
                assert drawn == whole.rstrip()  # a time is never cut
        await pilot.press("3")
        await pilot.pause()
        blocked = dict(app.query_one("#blocked", TablePane).shown_columns)
        assert blocked["Summary"] >= MIN_FLEX and "Assignee" in blocked
        await pilot.press("4")
        await pilot.pause()
        backlog = app.query_one("#backlog", BacklogPane)
        assert backlog.render_line(0).text.split()[-2:] == ["5/21", "pts"]  # the sprint
        header = backlog.render_line(1).text
        assert header.split() == ["#", "Key", "Priority", "Summary", "Status", "Pts"]
        assert header.index("Status") - header.index("Summary") > 30


class OnePane(App[None]):
    CSS_PATH = STYLESHEETS

    def __init__(self, table: Table) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        yield TablePane("Customer calls", id="calls")

    def on_mount(self) -> None:
        self.query_one(TablePane).show(self.table)


async def test_a_narrow_pane_drops_optional_columns_and_never_cuts_a_time() -> None:
    customer = "a-very-long-customer-domain.example.com"
    rows = tuple(
        Row((customer, "Tue 13:00", "Quarterly business review with the buyer", "call back"))
        for _ in range(3)
    )
    table = Table(
        ("Customer", "When", "Call", "Last note"), rows, flex=2, optional=(3,), whole=(1,)
    )
    app = OnePane(table)
    async with app.run_test(size=(50, 10)) as pilot:
        await pilot.pause()
        pane = app.query_one(TablePane)
        widths = dict(pane.shown_columns)
        assert "Last note" not in widths
        assert widths["When"] == 9 and widths["Call"] >= MIN_FLEX
        assert pane.drawn_cells(0)[1] == "Tue 13:00"
        assert pane.drawn_cells(0)[0].endswith("…")  # the customer gave way


@pytest.mark.parametrize(
    ("key", "wanted"),
    [
        ("1", ["⏎ Details", "o Open", "n Note"]),
        ("2", ["⏎ Details", "o Open", "n Note"]),
        ("3", ["⏎ Details", "o Open", "n Note"]),
        ("4", ["⏎ Details", "o Open", "n Note", "J K T B Move", "p Priority"]),
    ],
)
async def test_the_key_bar_at_80_columns_keeps_the_panes_keys_help_and_quit(
    tmp_path: Path, key: str, wanted: list[str]
) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(key)
        await pilot.pause()
        text = str(app.query_one(KeyBar).render())
        assert len(text) <= 80
        for entry in [*wanted, "? Help", "q Quit"]:
            assert f" {entry} " in f"{text} ", text
        assert text.index("Details") < text.index("Help") < text.index("Quit")


async def test_a_narrower_key_bar_gives_up_the_app_keys_before_the_panes(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(70, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await pilot.pause()
        text = str(app.query_one(KeyBar).render())
        assert "Move" in text and "Priority" in text and "? Help" in text and "q Quit" in text
        assert "Refresh" not in text and "palette" not in text
