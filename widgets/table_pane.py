"""A pane that shows one `cockpit.present.Table`: Today, Customer calls and Blocked.

The pane is handed a table (attributes down) and posts what the user asks for
(messages up). Remote text is shown as plain `Text`, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from cockpit.present import Row, RowHint, Table
from cockpit.textsafe import plain
from cockpit.widgets.cells import fit

HINT_CLASSES = {
    RowHint.NOW: "table-pane--now",
    RowHint.NEXT: "table-pane--next",
    RowHint.CANCELLED: "table-pane--cancelled",
    RowHint.TENTATIVE: "table-pane--tentative",
    RowHint.PAST: "table-pane--past",
    RowHint.GROUP: "table-pane--group",
}


MIN_FLEX = 12
"""A title column never gets narrower than this; the pane scrolls sideways instead."""
MAX_COLUMN = 22
MIN_COLUMN = 7
"""Other columns are cut (with an ellipsis) at this width."""


def squeeze(widths: dict[int, int], room: int, *, keep: int) -> None:
    """Narrow the widest other columns, one cell at a time, until the row fits."""
    while sum(widths.values()) > room:
        widest = max((w, i) for i, w in widths.items() if i != keep)
        if widest[0] <= MIN_COLUMN:
            return
        widths[widest[1]] -= 1


UNCOUNTED = (RowHint.CANCELLED, RowHint.GROUP)
"""Rows that are not items: cancelled meetings, messages."""


class TablePane(DataTable[Text]):
    """A titled, focusable table of items with details, open and note keys."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *DataTable.COMPONENT_CLASSES,
        *HINT_CLASSES.values(),
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Details", id="details"),
        Binding("o", "open", "Open", id="open"),
        Binding("n", "note", "Note", id="note"),
    ]

    @dataclass
    class DetailRequested(Message):
        """The user wants the detail view of `item`."""

        item: object

    @dataclass
    class OpenRequested(Message):
        """The user wants `item` opened in the browser (issue page or join link)."""

        item: object

    @dataclass
    class NoteRequested(Message):
        """The user wants to write a note about `item` (None: a free note)."""

        item: object | None

    def __init__(self, title: str, *, id: str | None = None, empty_text: str = "nothing") -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.pane_title = title
        self.empty_text = empty_text
        self._table = Table((), ())
        self._filter = ""
        self._visible: list[Row] = []
        self.border_title = f"{title} (0)"

    @property
    def count(self) -> int:
        """How many items the pane shows (cancelled meetings excluded)."""
        return sum(1 for row in self._visible if row.hint not in UNCOUNTED)

    @property
    def selected(self) -> object | None:
        """The model under the cursor, if any."""
        if not self._visible or not 0 <= self.cursor_row < len(self._visible):
            return None
        return self._visible[self.cursor_row].ref

    def show(self, table: Table, *, subtitle: str = "") -> None:
        """Replace the rows, keeping the cursor on the same item where possible."""
        self._table = table
        self.border_subtitle = subtitle
        self._redraw()

    def show_problem(self, message: str) -> None:
        """The last refresh failed: keep the rows, say so; with no rows, show why."""
        self.border_subtitle = "not refreshed"
        if not self._table.rows:
            self._table = Table(("",), (Row((message,), RowHint.GROUP),), flex=0)
            self._redraw()

    def set_filter(self, text: str) -> None:
        """Show only rows whose text contains `text` (case-insensitive)."""
        self._filter = text.casefold()
        self._redraw()

    def _redraw(self) -> None:
        previous = self.selected
        rows = self._table.rows
        if self._filter:
            rows = tuple(r for r in rows if self._filter in " ".join(r.cells).casefold())
        self._visible = list(rows)
        self.clear(columns=True)
        shown = self._layout()
        for index, width in shown:
            self.add_column(self._table.headers[index], width=width)
        for row in self._visible:
            style = self._row_style(row.hint)
            self.add_row(
                *(
                    Text(fit(plain(row.cells[index]), width).rstrip(), style=style, no_wrap=True)
                    for index, width in shown
                )
            )
        if not self._visible and shown:
            blank = [Text("") for _ in shown]
            blank[min(1, len(blank) - 1)] = Text(self.empty_text, style="dim")
            self.add_row(*blank)
        self.border_title = f"{self.pane_title} ({self.count})"
        if previous is not None:
            for index, row in enumerate(self._visible):
                if row.ref == previous:
                    self.move_cursor(row=index, animate=False)
                    break

    def _layout(self) -> list[tuple[int, int]]:
        """(column, width) to show: natural widths; when the pane is narrow, optional
        columns go first, then the title column gives way, then the widest others."""
        table = self._table
        widths = {
            i: max([cell_len(header), *(cell_len(plain(r.cells[i])) for r in table.rows)])
            for i, header in enumerate(table.headers)
        }
        for i in widths:
            if i != table.flex:
                widths[i] = min(widths[i], MAX_COLUMN)
        if table.flex is None or not self.size.width:
            return list(widths.items())

        def room() -> int:
            return self.size.width - 2 * self.cell_padding * len(widths) - 1

        for optional in table.optional:
            if sum(widths.values()) - widths[table.flex] + MIN_FLEX <= room():
                break
            del widths[optional]
        others = sum(widths.values()) - widths[table.flex]
        widths[table.flex] = max(MIN_FLEX, min(widths[table.flex], room() - others))
        squeeze(widths, room(), keep=table.flex)
        return list(widths.items())

    def on_resize(self) -> None:
        self._redraw()

    def _row_style(self, hint: RowHint) -> str | Style:
        component = HINT_CLASSES.get(hint)
        return self.get_component_rich_style(component) if component else ""

    def action_details(self) -> None:
        if self.selected is not None:
            self.post_message(self.DetailRequested(self.selected))

    def action_open(self) -> None:
        if self.selected is not None:
            self.post_message(self.OpenRequested(self.selected))

    def action_note(self) -> None:
        self.post_message(self.NoteRequested(self.selected))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("details", "open") and self.selected is None:
            return None
        return True
