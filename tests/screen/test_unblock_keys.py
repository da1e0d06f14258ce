"""Unblocking from the keyboard in the demo app: flag, transition, assign, unlink;
shown at once, sent once to the fake Jira, undone with Jira's reason on refusal."""

from __future__ import annotations

import json
from pathlib import Path

from support.backlog_app import app_on, drained, fake_of, toasts, until
from support.demo_app import settle
from textual.widgets import Input, OptionList

from cockpit.tui.app import CockpitApp
from cockpit.widgets.action_pickers import AssigneePicker, ChoicePicker, TextPrompt
from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.blocked_pane import BlockedPane
from cockpit.widgets.detail import DetailScreen


def blocked(app: CockpitApp) -> BlockedPane:
    return app.query_one("#blocked", BlockedPane)


def row_of(pane: BlockedPane, key: str) -> tuple[str, ...]:
    return next(pane.shown_cells(i) for i in range(pane.row_count) if pane.shown_cells(i)[0] == key)


async def test_flag_clear_shows_at_once_and_reaches_jira(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        pane = blocked(app)
        await pilot.press("3")
        assert pane.select_key("PAY-16")
        assert "flagged" in row_of(pane, "PAY-16")[2]
        await pilot.press("f")
        assert "flagged" not in row_of(pane, "PAY-16")[2]  # before Jira answers
        await until(pilot, drained(app))
        assert not fake.issues["PAY-16"].flagged
        assert len(fake.requests_to(r"/issue/PAY-16$", "PUT")) == 1


async def test_transition_to_done_asks_for_the_resolution(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        pane = blocked(app)
        await pilot.press("3")
        assert pane.select_key("PAY-13")
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, ChoicePicker))
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        done = next(
            i for i in range(options.option_count) if options.get_option_at_index(i).id == "10003"
        )
        options.highlighted = done
        await pilot.press("enter")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, ChoicePicker)
                and "Resolution" in str(app.screen.query_one(".picker-body").border_title)
            ),
        )
        await pilot.press("down", "enter")  # Won't Do
        await until(pilot, lambda: not isinstance(app.screen, ChoicePicker))
        await until(pilot, drained(app))
        await until(pilot, lambda: not pane.select_key("PAY-13"))  # done: no longer blocked
        (sent,) = fake.requests_to(r"/issue/PAY-13/transitions$", "POST")
        assert sent.json == {
            "transition": {"id": "10003"},
            "fields": {"resolution": {"name": "Won't Do"}},
        }
        assert fake.issues["PAY-13"].status == "Done"


async def test_a_refused_transition_is_undone_with_jiras_reason(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        reason = "You do not have permission to transition this issue."
        fake.inject(
            403,
            path=r"/transitions$",
            method="POST",
            body=json.dumps({"errorMessages": [reason], "errors": {}}),
        )
        pane = blocked(app)
        await pilot.press("3")
        assert pane.select_key("PAY-6")
        before = fake.issues["PAY-6"].status
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, ChoicePicker))
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        blocked_option = next(
            i for i in range(options.option_count) if options.get_option_at_index(i).id == "10002"
        )
        options.highlighted = blocked_option
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"waiting on ledger", "enter")
        await until(pilot, drained(app))
        assert reason in toasts(app)
        assert fake.issues["PAY-6"].status == before
        assert app.workspace.store.jobs("failed")[0].kind == "transition"
        assert "Blocked" not in row_of(pane, "PAY-6")[2]  # back as Jira has it


async def test_assign_searches_as_you_type(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        pane = blocked(app)
        await pilot.press("3")
        assert pane.select_key("PAY-7")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AssigneePicker))
        picker = app.screen
        assert isinstance(picker, AssigneePicker)
        await pilot.press(*"plat")
        await until(pilot, lambda: [u.name for u in picker.users] == ["Platform team"])
        assert picker.query_one(Input).value == "plat"
        await pilot.press("enter")
        await until(pilot, lambda: row_of(pane, "PAY-7")[3] == "Platform team")
        await until(pilot, drained(app))
        assert fake.issues["PAY-7"].assignee == "Platform team"
        searches = fake.requests_to(r"/user/assignable/search$", "GET")
        assert searches[-1].query["query"] == ["plat"]


async def test_unlink_removes_the_blocker(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        pane = blocked(app)
        await pilot.press("3")
        assert pane.select_key("PAY-13")
        await pilot.press("u")
        await pilot.pause()
        assert "↳ PAY-71" not in [pane.shown_cells(i)[0] for i in range(pane.row_count)]
        await until(pilot, drained(app))
        assert fake.blockers["PAY-13"] == []


async def test_flag_from_the_details_of_a_backlog_issue(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        await pilot.press("4")
        backlog = app.query_one("#backlog", BacklogPane)
        key = next(k for k in fake.backlog_keys() if not fake.issues[k].flagged)
        assert backlog.select_key(key)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        await pilot.press("f")
        await until(pilot, drained(app))
        assert fake.issues[key].flagged
