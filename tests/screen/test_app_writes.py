"""Writes from the app reach Jira: moves, priorities, comments, and the outbox between.

Pilot tests of the whole app against the demo's fake Jira (in-process): what the
backlog pane shows must be what Jira ends up with, each change applied once, also
across a Jira outage and a restart; refusals put the order back and say why.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.backlog_app import (
    app_on,
    drained,
    fake_of,
    go_to,
    idle,
    pane,
    shown,
    status_text,
    toasts,
    until,
)
from support.demo_app import FROZEN_NOW, settle
from textual.widgets import Checkbox, OptionList, TextArea

from cockpit.fakejira.demo_data import demo_jira
from cockpit.widgets.note_editor import NoteEditor
from cockpit.widgets.priority_picker import PriorityPicker
from cockpit.widgets.status_line import StatusLine

RANK = r"/rest/agile/1\.0/issue/rank$"


# --- moves -------------------------------------------------------------------------


async def test_ten_quick_moves_reach_jira_in_the_order_shown_with_fewer_rank_calls(
    tmp_path: Path,
) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        before = shown(app)
        assert before == fake.backlog_keys()
        k = before
        # k3 to the top, then k2 up right under it: the pair must land in this order
        # whichever of the two is sent first.
        await go_to(pilot, app, k[3])
        await pilot.press("T")  # 1
        await go_to(pilot, app, k[2])
        await pilot.press("K", "K")  # 2, 3
        await go_to(pilot, app, k[8])
        await pilot.press("J", "J", "J", "K")  # 4-7
        await go_to(pilot, app, k[12])
        await pilot.press("B")  # 8
        await go_to(pilot, app, k[20])
        await pilot.press("T", "J")  # 9, 10
        assert fake.requests_to(RANK) == [], "a burst is sent once it settles, not per key"

        await until(pilot, drained(app))
        expected = [k[3], k[20], k[2], k[0], k[1]]
        assert shown(app)[:5] == expected
        assert shown(app)[-1] == k[12]
        assert fake.backlog_keys() == shown(app)
        ranks = fake.requests_to(RANK, "PUT")
        assert 0 < len(ranks) < 10
        assert all(r.status == 204 for r in ranks)
        assert "waiting" not in status_text(app)


async def test_issues_moved_next_to_each_other_go_in_one_rank_call(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        k = shown(app)
        for key in (k[5], k[9], k[7]):
            await go_to(pilot, app, key)
            await pilot.press("T")
        await until(pilot, drained(app))
        assert shown(app)[:4] == [k[7], k[9], k[5], k[0]]
        assert fake.backlog_keys() == shown(app)
        assert len(fake.requests_to(RANK, "PUT")) == 1


async def test_a_burst_that_puts_everything_back_sends_nothing(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        before = shown(app)
        await go_to(pilot, app, before[5])
        await pilot.press("J", "J", "K")  # k5 ends one below its place
        await go_to(pilot, app, before[9])
        await pilot.press("K", "J", "K")  # k9 ends one above its place
        assert shown(app)[5:10] == [before[i] for i in (6, 5, 7, 9, 8)]
        await go_to(pilot, app, before[5])
        await pilot.press("K")
        await go_to(pilot, app, before[8])
        await pilot.press("K")
        await until(pilot, drained(app))
        assert shown(app) == before == fake.backlog_keys()
        assert fake.requests_to(RANK) == []


async def test_moves_made_while_earlier_ones_wait_still_land_in_the_order_shown(
    tmp_path: Path,
) -> None:
    """Two bursts, the first not yet sent when the second moves one of its issues."""
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        k = shown(app)
        fake.inject(503, path=RANK, times=None)
        await go_to(pilot, app, k[5])
        await pilot.press("T")
        await go_to(pilot, app, k[6])
        await pilot.press("T", "J")  # [k5, k6, k0, ...]: k5 waits to go right above k6
        await until(pilot, lambda: len(fake.requests_to(RANK)) > 0)
        await pilot.press("B")  # k6 leaves: k5's anchor must not be k6 any more
        await until(pilot, lambda: not app.writes.burst.pending)
        assert app.workspace.store.pending_count() == 2
        fake.clear_faults()
        app.drain_outbox_now()
        await until(pilot, drained(app))
        assert shown(app)[:2] == [k[5], k[0]] and shown(app)[-1] == k[6]
        assert fake.backlog_keys() == shown(app)


async def test_a_move_just_before_quitting_is_sent_on_the_next_start(tmp_path: Path) -> None:
    fake = demo_jira(FROZEN_NOW.date())
    first = app_on(tmp_path, jira=fake)
    async with first.run_test(size=(160, 48)) as pilot:
        await settle(first, pilot)
        k = shown(first)
        await go_to(pilot, first, k[7])
        await pilot.press("T", "q")  # quits well within the burst window
    assert fake.requests_to(RANK) == []
    second = app_on(tmp_path, jira=fake)
    async with second.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert shown(second)[0] == k[7]
        await until(pilot, drained(second))
        await settle(second, pilot)
        assert fake.backlog_keys()[0] == k[7] == shown(second)[0]


async def test_move_keys_keep_the_selection_on_the_moved_issue(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        key = shown(app)[4]
        await pilot.press("4", "down", "down", "down", "down")
        backlog = pane(app)
        assert backlog.selected_issue.key == key  # type: ignore[union-attr]
        for press, row in (("J", 5), ("J", 6), ("K", 5), ("T", 0), ("B", backlog.total - 1)):
            await pilot.press(press)
            assert backlog.selected_issue is not None
            assert (backlog.selected_issue.key, backlog.cursor_row) == (key, row), press
        await until(pilot, drained(app))
        assert fake_of(app).backlog_keys()[-1] == key


async def test_a_403_on_rank_restores_jiras_order_and_says_why(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        original = shown(app)
        fake.rank_forbidden = True
        await go_to(pilot, app, original[6])
        await pilot.press("T", "down", "J")
        assert shown(app) != original
        await until(pilot, lambda: "Schedule Issues" in toasts(app))
        await until(pilot, drained(app))
        assert shown(app) == original == fake.backlog_keys()
        assert fake.requests_to(RANK, "PUT")[-1].status == 403
        assert "Jira refused a change" in toasts(app)
        assert "waiting" not in status_text(app)
        # the cursor stays on the issue the user moved, now back in its place
        assert pane(app).selected_issue.key in (original[6], original[0])  # type: ignore[union-attr]


# --- Jira down, restart, Jira back ----------------------------------------------------


async def test_changes_made_while_jira_is_down_survive_a_restart_and_land_once(
    tmp_path: Path,
) -> None:
    fake = demo_jira(FROZEN_NOW.date())
    first = app_on(tmp_path, jira=fake)
    async with first.run_test(size=(160, 48)) as pilot:
        await settle(first, pilot)
        k = shown(first)
        fake.inject(503, times=None)  # Jira is down for everything
        await go_to(pilot, first, k[9])
        await pilot.press("T")
        await go_to(pilot, first, k[4])
        await pilot.press("J", "J")
        await go_to(pilot, first, k[1])
        await pilot.press("n")
        assert isinstance(first.screen, NoteEditor)
        await pilot.press(*"Waiting on legal", "tab", "space")
        assert first.screen.query_one("#note-post", Checkbox).value
        await pilot.press("ctrl+s")
        await until(pilot, lambda: first.workspace.store.pending_count() == 3)
        await until(pilot, lambda: len(fake.requests_to(RANK)) > 0)
        await until(pilot, lambda: idle(first))
        assert "3 writes waiting" in status_text(first)
        expected = shown(first)
        assert expected[0] == k[9] and expected[7] == k[4]
        assert fake.backlog_keys() == k  # nothing reached Jira
        assert fake.comments.get(k[1], []) == []

    second = app_on(tmp_path, jira=fake)
    async with second.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert shown(second) == expected, "the restarted app shows the moves still waiting"
        assert "3 writes waiting" in status_text(second)
        fake.clear_faults()  # Jira is back
        second.drain_outbox_now()
        await until(pilot, drained(second))
        await settle(second, pilot)
        assert fake.backlog_keys() == expected == shown(second)
        comments = fake.comments.get(k[1], [])
        assert [c.text for c in comments] == ["Waiting on legal"]
        applied = [r for r in fake.requests_to(RANK, "PUT") if r.status == 204]
        assert sorted(r.json["issues"][0] for r in applied) == sorted([k[9], k[4]])
        assert "waiting" not in status_text(second)


async def test_a_restart_retries_waiting_changes_at_once(tmp_path: Path) -> None:
    """Jira came back while the app was closed: the next start sends without delay."""
    fake = demo_jira(FROZEN_NOW.date())
    first = app_on(tmp_path, jira=fake)
    async with first.run_test(size=(160, 48)) as pilot:
        await settle(first, pilot)
        k = shown(first)
        fake.inject(503, path=RANK, times=None)
        await go_to(pilot, first, k[2])
        await pilot.press("T")
        await until(pilot, lambda: len(fake.requests_to(RANK)) > 0)
        await until(pilot, lambda: idle(first))
    fake.clear_faults()
    second = app_on(tmp_path, jira=fake)
    async with second.run_test(size=(160, 48)) as pilot:
        await until(pilot, drained(second), timeout=3.0)  # the first retry was due in 5 s
        assert fake.backlog_keys()[0] == k[2] == shown(second)[0]


# --- priorities and comments -------------------------------------------------------------


async def test_p_sets_a_priority_from_the_sites_list(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        issue = pane(app).order[3]
        await go_to(pilot, app, issue.key)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PriorityPicker))
        options = app.screen.query_one(OptionList)
        names = [str(options.get_option_at_index(i).id) for i in range(options.option_count)]
        assert names == [p["name"] for p in fake.renderer(3).priorities()]
        choice = next(n for n in names if n != issue.priority)
        await pilot.press("home", *["down"] * names.index(choice), "enter")
        assert not isinstance(app.screen, PriorityPicker)
        await until(pilot, lambda: pane(app).selected_issue.priority == choice)  # type: ignore[union-attr]
        await until(pilot, drained(app))
        assert fake.issues[issue.key].priority == choice
        edits = fake.requests_to(rf"/rest/api/3/issue/{issue.key}$", "PUT")
        assert [e.json for e in edits] == [{"fields": {"priority": {"name": choice}}}]


async def test_escape_in_the_priority_picker_changes_nothing(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await go_to(pilot, app, shown(app)[0])
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PriorityPicker))
        await pilot.press("down", "escape")
        await settle(app, pilot)
        assert fake_of(app).requests_to(r"/rest/api/3/issue/[A-Z]+-\d+$", "PUT") == []
        assert app.workspace.store.pending_count() == 0


async def test_a_ticked_note_becomes_exactly_one_adf_comment(tmp_path: Path) -> None:
    text = "Customer wants this in Q1.\nCheck with Ana."
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        key = shown(app)[2]
        earlier = len(fake.comments.get(key, []))
        await go_to(pilot, app, key)
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).insert(text)
        await pilot.press("tab", "space", "ctrl+s")
        assert "queued as a Jira comment" in toasts(app)
        await until(pilot, drained(app))
        app.drain_outbox_now()  # a second drain must not post it again
        await until(pilot, drained(app))
        posts = fake.requests_to(rf"/rest/api/3/issue/{key}/comment$", "POST")
        assert len(posts) == 1
        body = posts[0].json["body"]
        assert body["type"] == "doc" and body["version"] == 1
        assert [c.text for c in fake.comments[key][earlier:]] == [text]
        assert [n.text for n in app.workspace.store.list_notes()] == [text]


async def test_an_unticked_note_stays_local(tmp_path: Path) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await go_to(pilot, app, shown(app)[2])
        await pilot.press("n", *"just for me", "ctrl+s")
        await settle(app, pilot)
        assert fake_of(app).requests_to(r"/comment$", "POST") == []
        assert [n.text for n in app.workspace.store.list_notes()] == ["just for me"]


@pytest.mark.parametrize("count", [1, 2])
async def test_the_status_line_counts_waiting_writes(tmp_path: Path, count: int) -> None:
    app = app_on(tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        fake = fake_of(app)
        k = shown(app)
        fake.inject(503, times=None)
        for key in k[5 : 5 + count]:
            await go_to(pilot, app, key)
            await pilot.press("T")
        await until(pilot, lambda: app.workspace.store.pending_count() == count)
        word = "write" if count == 1 else "writes"
        assert f"{count} {word} waiting" in status_text(app)
        assert app.query_one(StatusLine).pending == count
        fake.clear_faults()
        app.drain_outbox_now()
        await until(pilot, drained(app))
        assert "waiting" not in status_text(app)
