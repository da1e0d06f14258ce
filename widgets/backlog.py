"""The Backlog pane: the board backlog in rank order, instant at 50,000 issues.

A `LineTable` (Textual's line API): only the rows on screen are drawn, straight
from a `BacklogOrder`; there is no widget or row object per issue, so painting,
moving and filtering cost the same at 100 issues as at 50,000. Remote text is
shown as plain segments (never markup), stripped of terminal controls. Intent
goes out as messages; the app writes to Jira.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from typing import ClassVar, NamedTuple

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message

from cockpit.domain.backlog_order import BacklogOrder, Move
from cockpit.domain.present import points_label
from cockpit.models import Issue
from cockpit.textsafe import plain
from cockpit.widgets.cells import fit
from cockpit.widgets.item_pane import ItemPane
from cockpit.widgets.line_table import Cell

__all__ = ["BacklogPane", "Column", "columns_for"]

HIGH_PRIORITIES = frozenset({"highest", "high", "blocker", "critical", "urgent"})
MOVE_KEYS = Binding.Group("Move")
"""The key bar shows the four move keys as one entry ("J K T B Move"); help lists each."""


class Column(NamedTuple):
    """One column of the pane: header, field, width in cells, right-aligned or not."""

    name: str
    field: str
    width: int
    right: bool = False


# Fixed columns in display order; `None` marks where the flexible summary goes.
_FIXED: tuple[tuple[str, str, int, bool] | None, ...] = (
    ("#", "rank", 0, True),
    ("Key", "key", 0, False),
    ("Type", "type", 8, False),
    ("Priority", "priority", 8, False),
    None,
    ("Status", "status", 12, False),
    ("Pts", "points", 3, True),
    ("Assignee", "assignee", 16, False),
)
DROP_ORDER = ("assignee", "type", "points", "priority", "status")
"""Columns given up, in order, when the summary would be narrower than MIN_SUMMARY."""
MIN_SUMMARY = 40
GAP = 1


def columns_for(width: int, rank_width: int, key_width: int) -> tuple[Column, ...]:
    """The columns that fit `width` cells: the summary takes what is left."""
    fixed = [
        Column(name, field, {"rank": rank_width, "key": key_width}.get(field, size), right)
        for spec in _FIXED
        if spec is not None
        for name, field, size, right in (spec,)
    ]

    def room(columns: list[Column]) -> int:
        return width - sum(c.width for c in columns) - GAP * len(columns)

    for field in DROP_ORDER:
        if room(fixed) >= MIN_SUMMARY:
            break
        fixed = [c for c in fixed if c.field != field]
    summary = Column("Summary", "summary", max(1, room(fixed)))
    ordered = [c.field for c in fixed]
    at = ordered.index("status") if "status" in ordered else len(fixed)
    return (*fixed[:at], summary, *fixed[at:])


RETIRE_SLICE = 2_000
"""Issues of a replaced backlog freed per event-loop step."""


async def _let_go(issues: list[Issue]) -> None:
    """Free a replaced backlog a slice at a time: 50,000 issues freed in one go hold
    the event loop for ~40 ms."""
    while issues:
        del issues[-RETIRE_SLICE:]
        await asyncio.sleep(0)


def _key_column(longest: int) -> int:
    """The key column's width for keys up to `longest` characters."""
    return max(3, min(16, longest))


def cell_text(issue: Issue, field: str, position: int) -> str:
    """What column `field` shows for `issue` at 1-based `position`, as safe plain text."""
    if field == "rank":
        return str(position)
    if field == "points":
        return points_label(issue.points)
    value = getattr(issue, field)
    return plain(value) if value else ""


class BacklogPane(ItemPane):
    """The backlog as a fast, keyboard-driven, reorderable table."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "backlog-pane--odd-row",
        "backlog-pane--rank",
        "backlog-pane--key",
        "backlog-pane--high",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("J,shift+down", "move(1)", "Move down", id="move_down", group=MOVE_KEYS),
        Binding("K,shift+up", "move(-1)", "Move up", id="move_up", group=MOVE_KEYS),
        Binding("T", "move_top", "To top", id="move_top", group=MOVE_KEYS),
        Binding("B", "move_bottom", "To bottom", id="move_bottom", group=MOVE_KEYS),
        Binding("p", "priority", "Priority", id="priority"),
    ]

    class PriorityRequested(Message):
        """The user wants to change the priority of `issue`."""

        def __init__(self, issue: Issue) -> None:
            super().__init__()
            self.issue = issue

    class Moved(Message):
        """The user moved `key` from `old_index` to `new_index` (0 = top of the whole backlog).

        `after` is the key now just above it (Jira's rankAfterIssue), `before`
        the key just below it (rankBeforeIssue); None at either end.
        """

        def __init__(
            self, key: str, before: str | None, after: str | None, new_index: int, old_index: int
        ) -> None:
            super().__init__()
            self.key = key
            self.before = before
            self.after = after
            self.new_index = new_index
            self.old_index = old_index

    def __init__(
        self,
        *,
        title: str = "Backlog",
        zebra: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(title, name=name, id=id, classes=classes)
        self.zebra = zebra
        self._order = BacklogOrder()
        self._rank_width = 1
        self._key_width = 3
        self._layout: tuple[int, tuple[Column, ...]] | None = None
        self._problem: str | None = None
        self._indexing: Iterator[int] | None = None
        self._loading: int | None = None
        """The whole backlog's size while only its first issues are shown (a cached head)."""
        self._mask: Callable[[str], str] | None = None
        self._update_title()

    # --- data in --------------------------------------------------------------

    def set_mask(self, mask: Callable[[str], str] | None) -> None:
        """Show each summary through `mask` (privacy mode), or as it is (None)."""
        self._mask = mask
        self.refresh()

    def set_issues(
        self, issues: Sequence[Issue], *, stale: bool = False, total: int | None = None
    ) -> None:
        """Show a fresh backlog (rank order, top first), keeping the cursor on its issue.

        `total`: `issues` are the first of that many, the rest still loading; the
        title counts them all and moves wait for the whole order.
        """
        keep = self.selected_issue
        self._problem = None
        retired = list(self._order)  # kept alive here, let go of a slice at a time below
        row = self._order.replace_all(issues, keep=keep.key if keep else None)
        self._loading = total if total is not None and total > len(issues) else None
        self.set_class(stale, "-stale")
        self._styles = {}
        self._rank_width = len(str(self._loading or len(self._order)))
        first = self._order[:200]  # the rest is measured after the first paint
        self._key_width = _key_column(max((len(i.key) for i in first), default=0))
        self._layout = None
        self._data_changed(row if row is not None else self._cursor)
        self._indexing = self._order.index_steps()
        if self.is_mounted:
            self.call_after_refresh(self._index_keys, self._indexing)
            if len(retired) > RETIRE_SLICE:  # not @work: it would repr() every issue
                self.run_worker(
                    _let_go(retired), group="backlog-retire", description="retire old backlog"
                )

    @work(exclusive=True, group="backlog-index", exit_on_error=False)
    async def _index_keys(self, steps: Iterator[int]) -> None:
        """After the first paint: index and measure every key, yielding to the event
        loop between slices so that 50,000 issues never hold a keystroke back."""
        longest = 0
        for measured in steps:
            longest = measured
            await asyncio.sleep(0)
        if steps is not self._indexing:
            return  # a newer backlog arrived; its own run measures it
        width = _key_column(longest)
        if width != self._key_width:
            self._key_width = width
            self._layout = None
            self.refresh()

    def show_problem(self, message: str) -> None:
        """The last refresh failed: say so, and show why if there is nothing to show."""
        self._problem = plain(message)
        self.border_subtitle = "not refreshed"
        self.refresh()

    def set_filter(self, text: str) -> None:
        """Show only issues containing every word of `text` (key, summary, people, ...)."""
        keep = self.selected_issue
        self._order.set_filter(text)
        row = self._order.row_of(keep.key) if keep else None
        self._data_changed(row if row is not None else 0)

    def select_key(self, key: str) -> bool:
        """Put the cursor on issue `key`; False when it is absent or filtered out."""
        row = self._order.row_of(key)
        if row is None:
            return False
        self._set_cursor(row)
        return True

    @property
    def order(self) -> BacklogOrder:
        """The whole backlog in rank order (read it; change it through the pane)."""
        return self._order

    @property
    def count(self) -> int:
        """How many issues the pane shows (all of them unless filtered)."""
        return self._order.visible_count

    @property
    def filtered(self) -> bool:
        return self._order.filtered

    @property
    def total(self) -> int:
        """How many issues the backlog has."""
        return len(self._order)

    @property
    def selected_issue(self) -> Issue | None:
        """The issue under the cursor, if any."""
        if 0 <= self._cursor < self._order.visible_count:
            return self._order.visible(self._cursor)
        return None

    @property
    def selected(self) -> Issue | None:
        return self.selected_issue

    @property
    def row_count(self) -> int:
        return self._order.visible_count

    def _data_changed(self, cursor: int) -> None:
        self._update_title()
        self.rows_changed(cursor)

    def _update_title(self) -> None:
        shown = self._loading if self._loading and not self._order.filtered else self.count
        self.border_title = f"{self.pane_title} ({shown})"

    # --- moves and requests -----------------------------------------------------

    def _apply(self, move: Move | None) -> None:
        if move is None:
            return
        row = self._order.row_of(move.key)
        self._set_cursor(row if row is not None else self._cursor)
        self.post_message(
            self.Moved(move.key, move.before, move.after, move.new_index, move.old_index)
        )

    def action_move(self, delta: int) -> None:
        issue = self.selected_issue
        if issue is not None:
            self._apply(self._order.move(issue.key, delta))

    def action_move_top(self) -> None:
        issue = self.selected_issue
        if issue is not None:
            self._apply(self._order.to_top(issue.key))

    def action_move_bottom(self) -> None:
        issue = self.selected_issue
        if issue is not None:
            self._apply(self._order.to_bottom(issue.key))

    def action_priority(self) -> None:
        if (issue := self.selected_issue) is not None:
            self.post_message(self.PriorityRequested(issue))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim what cannot act: nothing selected, or the issue is already there."""
        issue = self.selected_issue
        acts_on_issue = ("details", "note", "priority", "move", "move_top", "move_bottom")
        if action in acts_on_issue and issue is None:
            return None
        if action.startswith("move") and self._loading:
            return None  # a move needs the whole order
        if action == "open" and (issue is None or not issue.url):
            return None
        if action == "move":
            last = self._order.visible_count - 1
            delta = parameters[0] if parameters and isinstance(parameters[0], int) else 0
            if delta == 0 or (self._cursor == 0 if delta < 0 else self._cursor == last):
                return None
        if action in ("move_top", "move_bottom") and issue is not None:
            position = self._order.position_of(issue.key)
            if position == (0 if action == "move_top" else len(self._order) - 1):
                return None
        return True

    # --- rendering --------------------------------------------------------------

    def _columns(self, width: int) -> tuple[Column, ...]:
        if self._layout is None or self._layout[0] != width:
            self._layout = (width, columns_for(width, self._rank_width, self._key_width))
        return self._layout[1]

    def header_cells(self, width: int) -> list[Cell]:
        return [(fit(c.name, c.width, right=c.right), "") for c in self._columns(width)]

    def empty_text(self) -> str:
        if self._problem and not len(self._order):
            return self._problem
        return "no issue matches the filter" if self._order.filtered else "no issues"

    def row_cells(self, row: int, width: int) -> tuple[list[Cell], str]:
        issue = self._order.visible(row)
        position = self._order.position_at(row) + 1
        cells = []
        for column in self._columns(width):
            value = cell_text(issue, column.field, position)
            if self._mask is not None and column.field == "summary":
                value = self._mask(value)
            text = fit(value, column.width, right=column.right)
            accent = ""
            if column.field in ("rank", "key"):
                accent = f"backlog-pane--{column.field}"
            elif column.field == "priority" and (issue.priority or "").lower() in HIGH_PRIORITIES:
                accent = "backlog-pane--high"
            cells.append((text, accent))
        return cells, "backlog-pane--odd-row" if self.zebra and row % 2 else ""
