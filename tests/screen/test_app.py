"""Pilot tests of the main screen: every pane filled, every app-level binding."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.backlog_app import fake_of
from support.demo_app import demo_app, settle
from textual import events
from textual.binding import Binding
from textual.widgets import Input

from cockpit.tui.app import CockpitApp
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.detail import DetailScreen
from cockpit.widgets.help import HelpScreen
from cockpit.widgets.item_pane import ItemPane
from cockpit.widgets.journal import JournalScreen
from cockpit.widgets.key_bar import KeyBar
from cockpit.widgets.note_editor import ConfirmDiscard, NoteEditor
from cockpit.widgets.status_line import StatusLine
from cockpit.widgets.table_pane import TablePane


def titles(app: CockpitApp) -> list[str]:
    return [
        str(app.query_one(f"#{pane}").border_title)
        for pane in ("today", "calls", "blocked", "backlog")
    ]


async def test_four_panes_fill_from_the_demo(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        today, calls, blocked, backlog = titles(app)
        assert today.startswith("Today (") and today != "Today (0)"
        assert calls.startswith("Customer calls (") and calls != "Customer calls (0)"
        assert blocked.startswith("Blocked (") and blocked != "Blocked (0)"
        assert backlog.startswith("Backlog (") and int(backlog.split("(")[1].rstrip(")")) >= 50
        status = app.query_one(StatusLine)
        assert all(s.error is None and s.fetched_at is not None for s in status.states)


async def test_second_start_paints_from_the_store_before_any_refresh(tmp_path: Path) -> None:
    first = demo_app(tmp_path)
    async with first.run_test() as pilot:
        await settle(first, pilot)
        expected = titles(first)
    second = demo_app(tmp_path, refresh_on_start=False)
    async with second.run_test() as pilot:
        await pilot.pause()
        assert titles(second) == expected
        assert "cached" in str(second.query_one("#today").border_subtitle)
        assert all(s.stale for s in second.query_one(StatusLine).states)


async def test_number_keys_and_tab_move_between_panes(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        for key, pane in (("4", "backlog"), ("2", "calls"), ("3", "blocked"), ("1", "today")):
            await pilot.press(key)
            assert app.focused is app.query_one(f"#{pane}")
        await pilot.press("tab")
        assert app.focused is app.query_one("#calls")
        await pilot.press("shift+tab")
        assert app.focused is app.query_one("#today")


async def test_enter_opens_details_and_escape_closes(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("3", "enter")
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.item == app.query_one("#blocked", TablePane).selected
        await pilot.press("escape")
        assert not isinstance(app.screen, DetailScreen)


async def test_help_lists_every_binding(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {description for _keys, description, _where in app.screen.entries}
        for binding in [*app.BINDINGS, *ItemPane.BINDINGS, *BacklogPane.BINDINGS]:
            if not isinstance(binding, Binding) or binding.action.startswith("focus_slot("):
                continue  # (the pane keys are named for the pane they go to)
            if binding.description:
                assert binding.description in described
        assert {"Today", "Calls", "Blocked", "Backlog"} <= described
        assert not any(d.startswith("Pane ") for d in described)  # four panes: keys 1-4 only
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_refresh_fetches_again(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        before = len(fake.requests)
        await pilot.press("r")
        await settle(app, pilot)
        assert len(fake.requests) > before


async def test_brackets_step_the_day(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        today = app.day
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert (app.day - today).days == 1
        assert not str(app.query_one("#today").border_title).startswith("Today")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(app, pilot)
        assert (app.day - today).days == -1


async def test_slash_filters_the_focused_pane(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        today = app.query_one("#today", TablePane)
        all_rows = today.count
        await pilot.press("slash")
        assert app.query_one("#filter", Input).has_focus
        await pilot.press(*"stand")
        assert 0 < today.count < all_rows
        await pilot.press("escape")
        assert today.count == all_rows
        assert app.focused is today


async def test_keymap_rebinds_a_key(tmp_path: Path) -> None:
    app = demo_app(tmp_path, keymap={"help": "f1"})
    async with app.run_test() as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_q_quits(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_n_on_a_meeting_saves_a_note_the_journal_finds(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("2", "n")
        await pilot.press(*"Globex asked for SSO")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [note] = app.workspace.store.list_notes()
        assert note.text == "Globex asked for SSO" and note.customer == "Globex"
        await pilot.press("N")
        assert isinstance(app.screen, JournalScreen)
        await pilot.press(*"sso")
        await pilot.pause()
        assert "Globex asked for SSO" in str(app.screen.query_one("#journal-notes").render())
        await pilot.press(*"zzz")
        await pilot.pause()
        assert "Globex asked" not in str(app.screen.query_one("#journal-notes").render())


async def _type_at_once(app: CockpitApp, keys: str | list[str]) -> None:
    """Deliver keys the way a fast typist or a paste does: all queued, none awaited."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


@pytest.mark.parametrize("last_key", ["ctrl+s", "escape"])
async def test_keys_typed_before_save_or_cancel_all_reach_the_note(
    tmp_path: Path, last_key: str
) -> None:
    """ctrl+s and escape act on the whole text, even when they arrive with it."""
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("2", "n")
        await _type_at_once(app, [*"Globex wants SSO by March", last_key])
        for _ in range(100):  # until the editor has answered the last key
            await pilot.pause(0.05)
            if not isinstance(app.screen, NoteEditor):
                break
        if last_key == "ctrl+s":
            [note] = app.workspace.store.list_notes()
            assert note.text == "Globex wants SSO by March"
        else:
            assert isinstance(app.screen, ConfirmDiscard)


async def test_details_n_writes_a_note_about_the_item(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("3", "enter", "n")
        await pilot.pause()
        blocked = app.query_one("#blocked", TablePane).selected
        assert app.screen.context_key == f"issue:{blocked.key}"  # type: ignore[attr-defined]


async def test_palette_goes_to_a_pane(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Go to Backlog")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.query_one("#backlog")


async def test_narrow_panes_leave_out_optional_columns_not_the_title(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:  # the smallest grid: panes of 59
        await settle(app, pilot)
        today = app.query_one("#today", TablePane)
        widths = dict(today.shown_columns)
        assert "People" not in widths and {"Time", "Meeting", "Link"} <= set(widths)
        assert widths["Meeting"] >= 24
    app = demo_app(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert "People" in dict(app.query_one("#today", TablePane).shown_columns)


@pytest.mark.parametrize("width", [80, 160])
async def test_the_key_bar_always_shows_help_and_the_palette(tmp_path: Path, width: int) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(app, pilot)
        bar = app.query_one(KeyBar)
        text = str(bar.render())
        assert "? Help" in text and text.rstrip().endswith("^p palette"), text
        assert len(text.rstrip()) <= width
        if width == 160:
            assert "Notes journal" in text and "Quit" in text


async def test_the_app_lets_the_collector_run_again_after_its_first_frame(tmp_path: Path) -> None:
    import gc

    from cockpit.runtime.quiet_gc import QUIET

    QUIET.hold_for_start()  # as `cockpit` does before its imports
    try:
        assert not gc.isenabled()
        app = demo_app(tmp_path)
        async with app.run_test() as pilot:
            await settle(app, pilot)
            assert gc.isenabled() and QUIET.depth == 0
    finally:
        QUIET.release_start()
        gc.enable()
