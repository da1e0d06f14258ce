"""Writes go to the issue's own Jira site: the Backlog pane on the demo's second site
(Data Center, `[layout] backlog_site = "ops"`) sends its rank moves and priorities
there and never to the first; a custom pane on that site sets priorities and posts
comments there too."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from support.backlog_app import SETTLE, drained, go_to, no_wait, shown, until
from support.demo_app import FROZEN_NOW, TZ, settle
from textual.pilot import Pilot
from textual.widgets import Checkbox, OptionList

from cockpit.demo.workspace import DEMO_LAYOUT, DemoWorkspace, demo_workspace
from cockpit.fakejira import FakeJira
from cockpit.sources.http import RetryPolicy
from cockpit.tui.app import CockpitApp
from cockpit.widgets.issue_pane import IssuePane
from cockpit.widgets.priority_picker import PriorityPicker

RANK = r"/rest/agile/1\.0/issue/rank"


def two_site_app(tmp_path: Path, *, backlog_on_ops: bool) -> CockpitApp:
    """The demo's five panes; with `backlog_on_ops`, the Backlog pane shows board 7 of
    the ops site (the Data Center fake) instead of the first site's."""
    workspace = demo_workspace(
        clock=lambda: FROZEN_NOW, tz=TZ, data_dir=tmp_path, layout=DEMO_LAYOUT
    )
    if backlog_on_ops:
        workspace.backlog_site = "ops"
        workspace.board, workspace.boards = 7, (7,)
    assert workspace.jira is not None
    for client in (workspace.jira, workspace.sites["ops"]):
        assert not isinstance(client, str)
        client.policy = RetryPolicy(sleep=no_wait)
    app = CockpitApp(workspace)
    app.writes.move_settle = SETTLE
    return app


def fakes(app: CockpitApp) -> tuple[FakeJira, FakeJira]:
    """The first site's fake and the ops site's (Data Center)."""
    ws = app.workspace
    assert isinstance(ws, DemoWorkspace) and ws.fake_jira and ws.fake_ops
    return ws.fake_jira, ws.fake_ops


def writes(fake: FakeJira) -> list[str]:
    """Every write the fake was asked for, as 'METHOD path'."""
    return [f"{r.method} {r.path}" for r in fake.requests if r.method != "GET"]


async def pick(pilot: Pilot[Any], app: CockpitApp, name: str) -> None:
    """Choose `name` in the open priority picker."""
    await until(pilot, lambda: isinstance(app.screen, PriorityPicker))
    options = app.screen.query_one(OptionList)
    names = [str(options.get_option_at_index(i).id) for i in range(options.option_count)]
    await pilot.press("home", *["down"] * names.index(name), "enter")


async def test_a_backlog_on_the_second_site_moves_and_sets_priorities_there(
    tmp_path: Path,
) -> None:
    app = two_site_app(tmp_path, backlog_on_ops=True)
    main, ops = fakes(app)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        keys = shown(app)
        assert keys == ops.backlog_keys(7) and keys[0].startswith(("OPS-", "CS-"))
        before = writes(main)
        await go_to(pilot, app, keys[3])
        await pilot.press("T")  # to the top
        assert shown(app)[0] == keys[3]
        await until(pilot, drained(app))
        ranks = ops.requests_to(RANK, "PUT")
        assert [r.json for r in ranks] == [{"issues": [keys[3]], "rankBeforeIssue": keys[0]}]
        assert ops.backlog_keys(7)[0] == keys[3]
        await pilot.press("p")
        await pick(pilot, app, "Lowest")
        await until(pilot, drained(app))
        assert ops.issues[keys[3]].priority == "Lowest"
        assert writes(main) == before  # nothing of it went to the first site
        assert not main.requests_to(RANK)


async def test_a_custom_pane_on_the_second_site_sets_priority_and_comments_there(
    tmp_path: Path,
) -> None:
    from cockpit.widgets.note_editor import NoteEditor

    app = two_site_app(tmp_path, backlog_on_ops=False)
    main, ops = fakes(app)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        incidents = app.query_one("#pane-1", IssuePane)
        await pilot.press("5")  # Production incidents: the ops site
        key = incidents.drawn_cells(0)[0]
        assert key.startswith("OPS-") and ops.issues[key].priority != "Low"
        before = writes(main)
        await pilot.press("p")
        await pick(pilot, app, "Low")
        await until(pilot, lambda: incidents.drawn_cells(0)[1] == "Low")  # at once
        await until(pilot, drained(app))
        assert ops.issues[key].priority == "Low"
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert cast(NoteEditor, app.screen).can_post
        await pilot.press(*"Paged the vault team", "tab", "space")
        assert app.screen.query_one("#note-post", Checkbox).value
        await pilot.press("ctrl+s")
        await until(pilot, drained(app))
        assert [c.text for c in ops.comments.get(key, [])] == ["Paged the vault team"]
        assert writes(main) == before
        job = app.workspace.store.jobs()[-1]
        assert (job.kind, job.site) == ("comment", "ops")
