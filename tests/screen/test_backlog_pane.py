"""Pilot tests of the Backlog pane: every binding, what it shows, and a snapshot."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from pathlib import PurePath

import pytest
from support.paths import ROOT
from textual.app import App, ComposeResult
from textual.message import Message
from textual.strip import Strip

from cockpit.models import Issue
from cockpit.widgets.backlog import BacklogPane, columns_for
from cockpit.widgets.cells import fit
from cockpit.widgets.item_pane import ItemPane

CSS: list[str | PurePath] = [ROOT / "widgets" / "item_pane.tcss", ROOT / "widgets" / "backlog.tcss"]
TYPES = ("Story", "Bug", "Task", "Epic")
PRIORITIES = ("Highest", "High", "Medium", "Low")
STATUSES = ("To Do", "In Progress", "Selected for Development")
PEOPLE = ("Ana Lima", None, "Bruno Costa", "Chen Wei")


def key_of(issue: Issue | None) -> str | None:
    return issue.key if issue is not None else None


def make_issues(count: int, **overrides: Mapping[str, object]) -> list[Issue]:
    issues = []
    for n in range(1, count + 1):
        fields: dict[str, object] = {
            "key": f"PAY-{n}",
            "summary": f"Checkout step {n}: "
            + "retry the payment when the bank times out " * (n % 3),
            "status": STATUSES[n % 3],
            "url": f"https://acme.atlassian.net/browse/PAY-{n}",
            "type": TYPES[n % 4],
            "priority": PRIORITIES[n % 4],
            "assignee": PEOPLE[n % 4],
            "points": (1, 2, 3.5, None, 8)[n % 5],
        }
        fields.update(overrides.get(f"PAY-{n}", {}))
        issues.append(Issue(**fields))  # type: ignore[arg-type]
    return issues


class Host(App[None]):
    """A tiny app hosting the pane and recording what it posts."""

    CSS_PATH = CSS

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__()
        self.issues = issues
        self.posted: list[tuple[object, ...]] = []

    def compose(self) -> ComposeResult:
        yield BacklogPane(id="backlog")

    def on_mount(self) -> None:
        pane = self.query_one(BacklogPane)
        pane.set_issues(self.issues)
        pane.focus()

    def on_backlog_pane_moved(self, message: BacklogPane.Moved) -> None:
        self.posted.append(carried(message))

    def on_item_pane_detail_requested(self, message: ItemPane.DetailRequested) -> None:
        self.posted.append(carried(message))

    def on_item_pane_note_requested(self, message: ItemPane.NoteRequested) -> None:
        self.posted.append(carried(message))

    def on_backlog_pane_priority_requested(self, message: BacklogPane.PriorityRequested) -> None:
        self.posted.append(carried(message))

    def on_item_pane_open_requested(self, message: ItemPane.OpenRequested) -> None:
        self.posted.append(carried(message))


def shown(pane: BacklogPane) -> list[str]:
    """The pane's visible lines as plain text."""
    return [pane.render_line(y).text for y in range(pane.scrollable_content_region.height)]


def carried(message: Message) -> tuple[object, ...]:
    """A message's kind and what it carries (its __init__ arguments), to compare."""
    names = list(inspect.signature(type(message).__init__).parameters)[1:]
    return (type(message), *(getattr(message, name) for name in names))


async def test_header_rows_and_title() -> None:
    app = Host(make_issues(30))
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(BacklogPane)
        await pilot.pause()
        lines = shown(pane)
        assert lines[0].split() == [
            "#",
            "Key",
            "Type",
            "Priority",
            "Summary",
            "Status",
            "Pts",
            "Assignee",
        ]
        assert lines[1].split()[:4] == ["1", "PAY-1", "Bug", "High"]
        assert "…" in lines[2]  # a long summary is cut with an ellipsis
        assert str(pane.border_title) == "Backlog (30)"
        assert pane.count == pane.total == 30
        assert len(pane.children) == 0  # no widget per issue


async def test_cursor_keys() -> None:
    app = Host(make_issues(100))
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(BacklogPane)
        await pilot.press("down", "down")
        assert pane.cursor_row == 2 and key_of(pane.selected_issue) == "PAY-3"
        await pilot.press("up")
        assert pane.cursor_row == 1
        await pilot.press("pagedown")
        page = pane.cursor_row - 1
        assert page >= 20
        assert pane.scroll_y > 0 or pane.cursor_row < pane.scrollable_content_region.height - 1
        await pilot.press("pageup")
        assert pane.cursor_row == 1
        await pilot.press("end")
        assert key_of(pane.selected_issue) == "PAY-100"
        await pilot.pause()
        assert any(line.split()[:2] == ["100", "PAY-100"] for line in shown(pane))
        await pilot.press("home")
        assert pane.cursor_row == 0 and pane.scroll_y == 0
        await pilot.press("up")
        assert pane.cursor_row == 0


@pytest.mark.parametrize("keys", [("J",), ("shift+down",)])
async def test_move_down(keys: tuple[str, ...]) -> None:
    app = Host(make_issues(10))
    async with app.run_test() as pilot:
        pane = app.query_one(BacklogPane)
        await pilot.press("down", *keys)
        assert pane.order.keys()[:4] == ["PAY-1", "PAY-3", "PAY-2", "PAY-4"]
        assert key_of(pane.selected_issue) == "PAY-2" and pane.cursor_row == 2
        await pilot.pause()
        assert app.posted == [
            carried(
                BacklogPane.Moved("PAY-2", before="PAY-4", after="PAY-3", new_index=2, old_index=1)
            )
        ]


@pytest.mark.parametrize("keys", [("K",), ("shift+up",)])
async def test_move_up(keys: tuple[str, ...]) -> None:
    app = Host(make_issues(10))
    async with app.run_test() as pilot:
        pane = app.query_one(BacklogPane)
        await pilot.press("down", "down", *keys)
        assert pane.order.keys()[:3] == ["PAY-1", "PAY-3", "PAY-2"]
        assert key_of(pane.selected_issue) == "PAY-3"
        await pilot.pause()
        assert app.posted == [
            carried(
                BacklogPane.Moved("PAY-3", before="PAY-2", after="PAY-1", new_index=1, old_index=2)
            )
        ]


async def test_top_and_bottom_follow_the_issue_and_scroll_to_it() -> None:
    app = Host(make_issues(500))
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(BacklogPane)
        await pilot.press("down", "B")
        assert pane.order.keys()[-1] == "PAY-2" and key_of(pane.selected_issue) == "PAY-2"
        await pilot.pause()
        assert pane.cursor_row == 499
        assert any(line.split()[:2] == ["500", "PAY-2"] for line in shown(pane))
        await pilot.press("T")
        assert pane.order.keys()[:2] == ["PAY-2", "PAY-1"] and pane.cursor_row == 0
        await pilot.pause()
        assert shown(pane)[1].split()[:2] == ["1", "PAY-2"]
        assert app.posted == [
            carried(
                BacklogPane.Moved("PAY-2", before=None, after="PAY-500", new_index=499, old_index=1)
            ),
            carried(
                BacklogPane.Moved("PAY-2", before="PAY-1", after=None, new_index=0, old_index=499)
            ),
        ]


async def test_move_keys_are_dimmed_when_nothing_can_move() -> None:
    app = Host(make_issues(3))
    async with app.run_test() as pilot:
        pane = app.query_one(BacklogPane)
        assert pane.check_action("move", (-1,)) is None
        assert pane.check_action("move_top", ()) is None
        assert pane.check_action("move", (1,)) is True
        await pilot.press("K", "T")
        assert pane.order.keys() == ["PAY-1", "PAY-2", "PAY-3"] and app.posted == []
        await pilot.press("end")
        assert pane.check_action("move", (1,)) is None
        assert pane.check_action("move_bottom", ()) is None
        pane.set_issues([])
        for action, params in (("move", (1,)), ("move_top", ()), ("details", ()), ("open", ())):
            assert pane.check_action(action, params) is None
        await pilot.press("J", "enter", "n", "p", "o")
        await pilot.pause()
        assert app.posted == []
        assert "no issues" in shown(pane)[1]


async def test_enter_note_priority_open_post_requests() -> None:
    app = Host(make_issues(5))
    async with app.run_test() as pilot:
        await pilot.press("down", "enter", "n", "p", "o")
        await pilot.pause()
        issue = app.issues[1]
        assert app.posted == [
            carried(ItemPane.DetailRequested(issue)),
            carried(ItemPane.NoteRequested(issue)),
            carried(BacklogPane.PriorityRequested(issue)),
            carried(ItemPane.OpenRequested(issue)),
        ]


async def test_filter_narrows_keeps_selection_and_moves_within_the_view() -> None:
    bugs = {f"PAY-{n}": {"type": "Bug", "summary": "Crash"} for n in (3, 6, 9)}
    others = {f"PAY-{n}": {"type": "Story"} for n in range(1, 13) if f"PAY-{n}" not in bugs}
    app = Host(make_issues(12, **bugs, **others))
    async with app.run_test() as pilot:
        pane = app.query_one(BacklogPane)
        await pilot.press("down", "down", "down", "down", "down")  # PAY-6
        pane.set_filter("BUG crash")
        assert pane.count == 3 and pane.total == 12
        assert str(pane.border_title) == "Backlog (3)"
        assert key_of(pane.selected_issue) == "PAY-6" and pane.cursor_row == 1
        await pilot.press("J")
        assert [pane.order.visible(r).key for r in range(3)] == ["PAY-3", "PAY-9", "PAY-6"]
        await pilot.pause()
        assert app.posted == [
            carried(
                BacklogPane.Moved("PAY-6", before="PAY-10", after="PAY-9", new_index=8, old_index=5)
            )
        ]
        assert pane.check_action("move", (1,)) is None  # last shown
        pane.set_filter("nothing like it")
        assert pane.count == 0 and pane.selected_issue is None
        await pilot.pause()
        assert "no issue matches" in shown(pane)[1]
        pane.set_filter("")
        assert pane.count == 12


async def test_refresh_keeps_the_cursor_on_its_issue_and_marks_stale() -> None:
    app = Host(make_issues(20))
    async with app.run_test() as pilot:
        pane = app.query_one(BacklogPane)
        await pilot.press("down", "down", "down")
        assert key_of(pane.selected_issue) == "PAY-4"
        pane.set_issues(list(reversed(app.issues)), stale=True)
        assert key_of(pane.selected_issue) == "PAY-4" and pane.cursor_row == 16
        assert pane.has_class("-stale")
        pane.set_issues(make_issues(2))
        assert pane.cursor_row == 1 and not pane.has_class("-stale")
        assert pane.select_key("PAY-1") and pane.cursor_row == 0
        assert not pane.select_key("PAY-99")


async def test_remote_markup_and_escapes_show_literally() -> None:
    hostile = {
        "PAY-1": {"summary": "[bold red]x[/] [@click=app.quit]bye[/]", "assignee": "[b]Eve[/b]"},
        "PAY-2": {"summary": "\x1b[31mred\x1b[0m \x1b]8;;https://evil\x07link\x1b]8;;\x07 done"},
        "PAY-3": {"summary": "tab\there\nnewline [link=https://evil]x[/link]"},
    }
    app = Host(make_issues(3, **hostile))
    async with app.run_test(size=(120, 20)) as pilot:
        pane = app.query_one(BacklogPane)
        await pilot.pause()
        lines = shown(pane)
        assert "[bold red]x[/] [@click=app.quit]bye[/]" in lines[1] and "[b]Eve[/b]" in lines[1]
        assert "red link done" in lines[2]
        assert "tab here newline [link=https://evil]x[/link]" in lines[3]
        assert not any(ch in "".join(lines) for ch in "\x1b\x07\t\n")
        for y in range(1, 4):
            assert all(not seg.style or not seg.style.meta for seg in pane.render_line(y))
        await pilot.press("down", "down")
        await pilot.click(BacklogPane, offset=(40, 2))  # clicking "[@click=app.quit]" only moves
        assert app.is_running and pane.cursor_row == 0


async def test_clicks_move_the_cursor_and_double_click_opens_details() -> None:
    app = Host(make_issues(10))
    async with app.run_test() as pilot:
        pane = app.query_one(BacklogPane)
        await pilot.click(BacklogPane, offset=(10, 4))  # border, header, then rows
        assert pane.cursor_row == 2
        await pilot.double_click(BacklogPane, offset=(10, 3))
        await pilot.pause()
        assert pane.cursor_row == 1
        assert app.posted[-1] == carried(ItemPane.DetailRequested(app.issues[1]))


def test_columns_give_up_assignee_then_type_when_narrow() -> None:
    wide = [c.field for c in columns_for(150, 2, 7)]
    assert wide == ["rank", "key", "type", "priority", "summary", "status", "points", "assignee"]
    assert "assignee" not in [c.field for c in columns_for(97, 2, 7)]
    narrow = [c.field for c in columns_for(70, 2, 7)]
    assert "assignee" not in narrow and "type" not in narrow and "summary" in narrow
    for width in (20, 40, 60, 97, 120, 200):
        assert sum(c.width for c in columns_for(width, 5, 9)) + 8 >= min(width, 1)


def test_fit_pads_and_cuts_by_cells() -> None:
    assert fit("abc", 5) == "abc  "
    assert fit("abc", 5, right=True) == "  abc"
    assert fit("abcdef", 4) == "abc…"
    assert fit("日本語テキスト", 6) == "日本 …"
    assert fit("x", 0) == ""


async def test_fifty_thousand_issues_paint_and_move_without_per_row_work() -> None:
    app = Host(make_issues(50_000))
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.query_one(BacklogPane)
        calls: list[int] = []
        original = pane.render_line

        def counting(y: int) -> Strip:
            calls.append(y)
            return original(y)

        pane.render_line = counting  # type: ignore[method-assign]
        await pilot.press("end", "K")
        await pilot.pause()
        assert pane.order.keys()[-2:] == ["PAY-50000", "PAY-49999"]
        assert key_of(pane.selected_issue) == "PAY-50000"
        assert 0 < len(calls) < 200  # only what is on screen is drawn


def test_snapshot_thirty_issues(snap_compare: Callable[..., bool]) -> None:
    app = Host(
        make_issues(30, **{"PAY-2": {"summary": "[bold red]not markup[/] \x1b[31mno escape"}})
    )
    assert snap_compare(app, terminal_size=(120, 30), press=["down", "down", "J"])


async def test_a_long_key_far_down_widens_the_key_column_after_the_first_paint() -> None:
    issues = make_issues(12_000, **{"PAY-11001": {"key": "PAYMENTS-11001"}})
    app = Host(issues)
    async with app.run_test(size=(120, 20)) as pilot:
        pane = app.query_one(BacklogPane)
        assert pane.select_key("PAYMENTS-11001")
        for _ in range(100):  # the keys are measured a slice at a time after the first paint
            await pilot.pause(0.05)
            if any("PAYMENTS-11001 " in line for line in shown(pane)):
                break
        assert any("PAYMENTS-11001 " in line for line in shown(pane)), shown(pane)
