"""The Backlog pane: the board backlog in rank order, instant at 50,000 issues.

A `ScrollView` on Textual's line API: `render_line` draws only the rows on
screen, straight from a `BacklogOrder`; there is no widget or row object per
issue, so painting, moving and filtering cost the same at 100 issues as at
50,000. Remote text is shown as plain segments (never markup), stripped of
terminal controls. Intent goes out as messages; the app writes to Jira.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cockpit.backlog_order import BacklogOrder, Move
from cockpit.models import Issue
from cockpit.present import points_label
from cockpit.textsafe import plain
from cockpit.widgets.cells import fit

__all__ = ["BacklogPane", "Column", "columns_for"]

HIGH_PRIORITIES = frozenset({"highest", "high", "blocker", "critical", "urgent"})


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


def cell_text(issue: Issue, field: str, position: int) -> str:
    """What column `field` shows for `issue` at 1-based `position`, as safe plain text."""
    if field == "rank":
        return str(position)
    if field == "points":
        return points_label(issue.points)
    value = getattr(issue, field)
    return plain(value) if value else ""


class BacklogPane(ScrollView, can_focus=True):
    """The backlog as a fast, keyboard-driven, reorderable table."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "backlog-pane--header",
        "backlog-pane--cursor",
        "backlog-pane--odd-row",
        "backlog-pane--rank",
        "backlog-pane--key",
        "backlog-pane--high",
        "backlog-pane--empty",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", id="cursor_up", show=False),
        Binding("down", "cursor_down", "Down", id="cursor_down", show=False),
        Binding("pageup", "cursor_page(-1)", "Page up", id="cursor_page_up", show=False),
        Binding("pagedown", "cursor_page(1)", "Page down", id="cursor_page_down", show=False),
        Binding("home", "cursor_first", "First issue", id="cursor_first", show=False),
        Binding("end", "cursor_last", "Last issue", id="cursor_last", show=False),
        Binding("J,shift+down", "move(1)", "Move down", id="move_down"),
        Binding("K,shift+up", "move(-1)", "Move up", id="move_up"),
        Binding("T", "move_top", "To top", id="move_top"),
        Binding("B", "move_bottom", "To bottom", id="move_bottom"),
        Binding("enter", "details", "Details", id="details"),
        Binding("n", "note", "Note", id="note"),
        Binding("p", "priority", "Priority", id="priority"),
        Binding("o", "open", "Open", id="open"),
    ]

    @dataclass
    class DetailRequested(Message):
        """The user wants the detail view of `issue`."""

        issue: Issue

    @dataclass
    class NoteRequested(Message):
        """The user wants to write a note about `issue`."""

        issue: Issue

    @dataclass
    class PriorityRequested(Message):
        """The user wants to change the priority of `issue`."""

        issue: Issue

    @dataclass
    class OpenRequested(Message):
        """The user wants `url` (the issue page of `key`) opened in the browser."""

        url: str
        key: str

    @dataclass
    class Moved(Message):
        """The user moved `key` to `new_index` (0 = top of the whole backlog).

        `after` is the key now just above it (Jira's rankAfterIssue), `before`
        the key just below it (rankBeforeIssue); None at either end.
        """

        key: str
        before: str | None
        after: str | None
        new_index: int

    def __init__(
        self,
        *,
        title: str = "Backlog",
        zebra: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.pane_title = title
        self.zebra = zebra
        self._order = BacklogOrder()
        self._cursor = 0
        self._rank_width = 1
        self._key_width = 3
        self._layout: tuple[int, tuple[Column, ...]] | None = None
        self._styles: dict[str, Style] = {}
        self._problem: str | None = None
        self._update_title()

    # --- data in --------------------------------------------------------------

    def set_issues(self, issues: Sequence[Issue], *, stale: bool = False) -> None:
        """Show a fresh backlog (rank order, top first), keeping the cursor on its issue."""
        keep = self.selected_issue
        self._problem = None
        row = self._order.replace_all(issues, keep=keep.key if keep else None)
        self.set_class(stale, "-stale")
        self._styles = {}
        self._rank_width = len(str(len(self._order)))
        self._key_width = self._widest_key(self._order[:200])  # the rest after the first paint
        self._layout = None
        self._data_changed(row if row is not None else self._cursor)
        if self.is_mounted:
            self.call_after_refresh(self._index_all)

    @staticmethod
    def _widest_key(issues: Sequence[Issue]) -> int:
        return max(3, min(16, max(map(len, (i.key for i in issues)), default=3)))

    def _index_all(self) -> None:
        """After the first paint: build the key index and size the key column for all issues."""
        self._order.ensure_index()
        widest = self._widest_key(self._order)
        if widest != self._key_width:
            self._key_width = widest
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
    def total(self) -> int:
        """How many issues the backlog has."""
        return len(self._order)

    @property
    def cursor_row(self) -> int:
        """The cursor's row among the shown issues (0 = first shown)."""
        return self._cursor

    @property
    def selected_issue(self) -> Issue | None:
        """The issue under the cursor, if any."""
        if 0 <= self._cursor < self._order.visible_count:
            return self._order.visible(self._cursor)
        return None

    def _data_changed(self, cursor: int) -> None:
        self.virtual_size = Size(0, self._order.visible_count + 1)
        self._update_title()
        self._set_cursor(cursor)
        self.refresh()

    def _update_title(self) -> None:
        self.border_title = f"{self.pane_title} ({self.count})"

    # --- cursor -------------------------------------------------------------------

    def _set_cursor(self, row: int) -> None:
        self._cursor = max(0, min(row, self._order.visible_count - 1))
        self._scroll_to_cursor()
        self.refresh()
        self.refresh_bindings()

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            if self.is_mounted:
                self.call_after_refresh(self._scroll_to_cursor)
            return
        rows = max(1, height - 1)
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, force=True, immediate=True)
        elif self._cursor >= top + rows:
            self.scroll_to(y=self._cursor - rows + 1, animate=False, force=True, immediate=True)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def action_cursor_up(self) -> None:
        self._set_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._set_cursor(self._cursor + 1)

    def action_cursor_page(self, direction: int) -> None:
        self._set_cursor(self._cursor + direction * self._page())

    def action_cursor_first(self) -> None:
        self._set_cursor(0)

    def action_cursor_last(self) -> None:
        self._set_cursor(self._order.visible_count - 1)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = round(self.scroll_y) + offset.y - 1
        if row < self._order.visible_count:
            self._set_cursor(row)
            if event.chain == 2:
                self.action_details()

    def on_focus(self) -> None:
        self._styles = {}
        self.refresh()

    def on_blur(self) -> None:
        self._styles = {}
        self.refresh()

    # --- moves and requests -----------------------------------------------------

    def _apply(self, move: Move | None) -> None:
        if move is None:
            return
        row = self._order.row_of(move.key)
        self._set_cursor(row if row is not None else self._cursor)
        self.post_message(self.Moved(move.key, move.before, move.after, move.new_index))

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

    def action_details(self) -> None:
        if (issue := self.selected_issue) is not None:
            self.post_message(self.DetailRequested(issue))

    def action_note(self) -> None:
        if (issue := self.selected_issue) is not None:
            self.post_message(self.NoteRequested(issue))

    def action_priority(self) -> None:
        if (issue := self.selected_issue) is not None:
            self.post_message(self.PriorityRequested(issue))

    def action_open(self) -> None:
        if (issue := self.selected_issue) is not None and issue.url:
            self.post_message(self.OpenRequested(issue.url, issue.key))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim what cannot act: nothing selected, or the issue is already there."""
        issue = self.selected_issue
        acts_on_issue = ("details", "note", "priority", "move", "move_top", "move_bottom")
        if action in acts_on_issue and issue is None:
            return None
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

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}

    def _style(self, *names: str) -> Style:
        key = " ".join(names)
        style = self._styles.get(key)
        if style is None:
            style = self.rich_style
            for name in names:
                style += self.get_component_rich_style(name)
            self._styles[key] = style
        return style

    def _columns(self, width: int) -> tuple[Column, ...]:
        if self._layout is None or self._layout[0] != width:
            self._layout = (width, columns_for(width, self._rank_width, self._key_width))
        return self._layout[1]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        columns = self._columns(width)
        if y == 0:
            return self._strip(
                [(fit(c.name, c.width, right=c.right), "") for c in columns],
                width,
                "backlog-pane--header",
            )
        row = round(self.scroll_y) + y - 1
        order = self._order
        if row >= order.visible_count:
            if row == 0:
                text = "no issue matches the filter" if order.filtered else "no issues"
                if self._problem and not len(order):
                    text = self._problem
                return Strip(
                    [Segment(fit(f" {text}", width), self._style("backlog-pane--empty"))], width
                )
            return Strip.blank(width, self.rich_style)
        issue = order.visible(row)
        position = order.position_at(row) + 1
        if row == self._cursor:
            base = "backlog-pane--cursor"
        else:
            base = "backlog-pane--odd-row" if self.zebra and row % 2 else ""
        cells = []
        for column in columns:
            text = fit(cell_text(issue, column.field, position), column.width, right=column.right)
            accent = ""
            if column.field in ("rank", "key"):
                accent = f"backlog-pane--{column.field}"
            elif column.field == "priority" and (issue.priority or "").lower() in HIGH_PRIORITIES:
                accent = "backlog-pane--high"
            cells.append((text, accent))
        return self._strip(cells, width, base)

    def _strip(self, cells: list[tuple[str, str]], width: int, base: str) -> Strip:
        row_names = (base,) if base else ()
        gap = self._style(*row_names)
        segments: list[Segment] = []
        for text, accent in cells:
            # on the cursor row the cursor's colours win over a column's accent
            names = (accent, *row_names) if accent else row_names
            segments.append(Segment(text, self._style(*names)))
            segments.append(Segment(" " * GAP, gap))
        used = sum(len(s.text) if s.text.isascii() else cell_len(s.text) for s in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), gap))
        return Strip(segments).crop(0, width)
