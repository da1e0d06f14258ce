"""Boards in the app: `b` switches the Backlog pane between the demo's Scrum board
(42, with a sprint) and the ML team's Kanban board (57), saying which; moves on the
Kanban board reach Jira as rank calls; `V` shows the board's columns with WIP limits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from support.backlog_app import app_on, drained, fake_of, go_to, pane, shown, until
from support.demo_app import settle
from textual.pilot import Pilot

from cockpit.tui.app import CockpitApp
from cockpit.widgets.board_view import BoardViewScreen


async def test_b_switches_the_backlog_between_the_boards(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        backlog = pane(app)
        assert str(backlog.border_title) == "Backlog (60)"
        assert str(backlog.border_subtitle) == "Payments team (scrum)"
        # the active sprint is the pane's first line, above the column header
        assert backlog.banner.startswith("Payments sprint 14 · ")
        assert backlog.banner.endswith(" days left · 5/21 pts")
        top = "".join(s.text for s in backlog.render_line(0))
        assert top.strip() == backlog.banner
        header = "".join(s.text for s in backlog.render_line(1))
        assert "Summary" in header
        await pilot.press("b")
        await settle(app, pilot)
        assert app.workspace.board == 57
        assert str(backlog.border_title) == "Backlog (3)"
        assert str(backlog.border_subtitle) == "ML team (kanban)"
        assert backlog.banner == ""  # Kanban: no sprint line, the header comes first
        assert shown(app) == ["ML-6", "ML-7", "ML-8"]  # the backlog column, rank order
        await pilot.press("b")
        await pilot.pause()
        assert app.workspace.board == 42 and str(backlog.border_title) == "Backlog (60)"  # cached


async def test_moves_on_a_kanban_board_are_rank_calls(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        await go_to(pilot, app, "ML-8")
        await pilot.press("T")
        assert shown(app) == ["ML-8", "ML-6", "ML-7"]  # at once
        await until(pilot, drained(app))
        fake = fake_of(app)
        ranks = fake.requests_to(r"/rest/agile/1\.0/issue/rank", "PUT")
        assert [r.json for r in ranks] == [{"issues": ["ML-8"], "rankBeforeIssue": "ML-6"}]
        assert fake.backlog_keys(57) == ["ML-8", "ML-6", "ML-7"]


async def test_switching_waits_for_moves_on_their_way(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await go_to(pilot, app, shown(app)[3])
        await pilot.press("K", "b")
        assert app.workspace.board == 42
        assert "still on their way" in "\n".join(str(n.message) for n in app._notifications)


async def test_v_shows_the_columns_with_their_wip_limits(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, BoardViewScreen))
        await pilot.pause()
        cards = list(app.screen.query(".board-column"))
        titles = [str(c.border_title) for c in cards]
        assert titles == ["3 Backlog", "4/3 OVER In Progress", "1/2 Review", "1 Done"]
        assert [c.has_class("-over") for c in cards] == [False, True, False, False]
        await pilot.press("escape")
        assert not isinstance(app.screen, BoardViewScreen)


async def test_the_board_is_restored_after_a_restart(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        await pilot.press("q")
    again = app_on(tmp_path, refresh_on_start=False)
    async with again.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert again.workspace.board == 57
        assert str(pane(again).border_title) == "Backlog (3)"  # its own cache, at once


def test_board_view_snapshot(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = cast(CockpitApp, pilot.app)
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, BoardViewScreen))
        await pilot.pause()

    assert snap_compare(app_on(tmp_path), terminal_size=(160, 48), run_before=run_before)


def test_board_view_small_snapshot(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = cast(CockpitApp, pilot.app)
        await settle(app, pilot)
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, BoardViewScreen))
        await pilot.pause()

    assert snap_compare(app_on(tmp_path), terminal_size=(80, 24), run_before=run_before)
