"""A pane that shows one `cockpit.domain.present.Table`: Today, Customer calls and Blocked.

The pane is handed a table (attributes down) and posts what the user asks for
(messages up). It is a `LineTable`: rows are drawn only while on screen, so a new
table is a repaint, not a relayout. Remote text is shown as plain segments (never
markup), stripped of terminal controls.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import ClassVar

from rich.cells import cell_len

from cockpit.domain.present import Row, RowHint, Table
from cockpit.records import record
from cockpit.textsafe import plain
from cockpit.widgets.cells import fit
from cockpit.widgets.item_pane import ItemPane
from cockpit.widgets.line_table import Cell

PADDING = 1
"""Blank cells on each side of every cell."""
HINT_CLASSES = {
    RowHint.NOW: "table-pane--now",
    RowHint.NEXT: "table-pane--next",
    RowHint.CANCELLED: "table-pane--cancelled",
    RowHint.DECLINED: "table-pane--cancelled",
    RowHint.TENTATIVE: "table-pane--tentative",
    RowHint.PAST: "table-pane--past",
    RowHint.GROUP: "table-pane--group",
    RowHint.BLOCKER: "table-pane--blocker",
}


MIN_FLEX = 24
"""A title column never gets narrower than this (a title is still readable at 24
cells); optional columns are left out first, and past that the row is cut on the right."""
MAX_COLUMN = 22
SOFT_COLUMN = 16
"""Other columns wider than this give way to a title that is cut."""
MIN_COLUMN = 7
"""Other columns are cut (with an ellipsis) at this width."""


def squeeze(
    widths: dict[int, int], room: int, *, keep: Collection[int], floor: int = MIN_COLUMN
) -> None:
    """Narrow the widest columns not in `keep`, one cell at a time, down to `floor`,
    until the row fits."""
    while sum(widths.values()) > room:
        widest = max(((w, i) for i, w in widths.items() if i not in keep), default=(0, -1))
        if widest[0] <= floor:
            return
        widths[widest[1]] -= 1


UNCOUNTED = (RowHint.CANCELLED, RowHint.DECLINED, RowHint.GROUP, RowHint.BLOCKER)
"""Rows that are not items: cancelled or declined meetings, messages, blocker lines."""


def plain_cells(rows: Sequence[Row]) -> list[tuple[str, ...]]:
    """The rows' cells as the pane draws them: remote text made plain."""
    return [tuple(plain(cell) for cell in row.cells) for row in rows]


def natural_widths(headers: Sequence[str], cells: Sequence[tuple[str, ...]]) -> list[int]:
    """Each column's widest cell, header included."""
    return [
        max([cell_len(header), *(cell_len(row[i]) for row in cells)])
        for i, header in enumerate(headers)
    ]


@record
class Prepared:
    """A table's cells made plain and measured: the costly part of showing 10,000
    rows, which `prepare` does off the event loop."""

    table: Table
    cells: list[tuple[str, ...]]
    natural: list[int]


def prepare(table: Table) -> Prepared:
    """Make `table` ready to show (safe in a worker thread: no widget is touched)."""
    cells = plain_cells(table.rows)
    return Prepared(table, cells, natural_widths(table.headers, cells))


class TablePane(ItemPane):
    """A titled, focusable table of items with details, open and note keys."""

    GAP = 0
    COMPONENT_CLASSES: ClassVar[set[str]] = set(HINT_CLASSES.values())

    def __init__(
        self,
        title: str,
        *,
        id: str | None = None,
        classes: str | None = None,
        empty_text: str = "nothing",
    ) -> None:
        super().__init__(title, id=id, classes=classes)
        self.nothing_text = empty_text
        self._table = Table((), ())
        self._filter = ""
        self._visible: list[Row] = []
        self._cells: list[tuple[str, ...]] = []
        self._natural: list[int] = []
        """Each column's widest cell (header included), measured when the rows change."""
        self._layout: tuple[int, list[tuple[int, int]]] | None = None
        self._count: int | None = None
        self.border_title = f"{title} (0)"

    @property
    def row_count(self) -> int:
        return len(self._visible)

    @property
    def count(self) -> int:
        """How many items the pane shows (cancelled meetings excluded)."""
        if self._count is not None and not self._filter:
            return self._count
        return sum(1 for row in self._visible if row.hint not in UNCOUNTED)

    @property
    def filtered(self) -> bool:
        return bool(self._filter)

    @property
    def selected_ref(self) -> object | None:
        """The row's model under the cursor, as the table gave it."""
        if not 0 <= self._cursor < len(self._visible):
            return None
        return self._visible[self._cursor].ref

    @property
    def selected(self) -> object | None:
        """The item under the cursor, if any (what details, open and note act on)."""
        return self.selected_ref

    @property
    def shown_columns(self) -> list[tuple[str, int]]:
        """(header, width) of each column that fits the pane's current width."""
        width = self.scrollable_content_region.width
        return [(self._table.headers[i], w) for i, w in self._columns(width)]

    def shown_cells(self, row: int) -> tuple[str, ...]:
        """Every cell of shown row `row` as the plain text the pane draws (before cutting)."""
        return self._cells[row]

    def drawn_cells(self, row: int) -> list[str]:
        """Row `row`'s cells in the columns that fit, as drawn (cut to width, unpadded)."""
        cells = self._cells[row]
        width = self.scrollable_content_region.width
        return [fit(cells[i], w).rstrip() for i, w in self._columns(width)]

    def show(
        self,
        table: Table,
        *,
        subtitle: str = "",
        count: int | None = None,
        prepared: Prepared | None = None,
    ) -> None:
        """Replace the rows, keeping the cursor on the same item where possible
        (`count`: how many items the title says, when rows are not one item each;
        `prepared`: the table's cells made plain and measured already, in a thread)."""
        self._table = table
        self._count = count
        self.border_subtitle = subtitle
        self._rows_changed(prepared if prepared is not None and prepared.table is table else None)

    def show_problem(self, message: str) -> None:
        """The last refresh failed: keep the rows, say so; with no rows, show why."""
        self.border_subtitle = "not refreshed"
        if not self._table.rows:
            self._table = Table(("",), (Row((message,), RowHint.GROUP),), flex=0)
            self._count = None
            self._rows_changed()

    def set_filter(self, text: str) -> None:
        """Show only rows whose text contains `text` (case-insensitive)."""
        self._filter = text.casefold()
        self._rows_changed()

    def _rows_changed(self, prepared: Prepared | None = None) -> None:
        previous = self.selected_ref
        rows = self._table.rows
        if self._filter:
            rows = tuple(r for r in rows if self._filter in " ".join(r.cells).casefold())
        self._visible = list(rows)
        if prepared is not None and not self._filter:
            self._cells, self._natural = prepared.cells, prepared.natural
        else:
            self._cells = plain_cells(self._visible)
            self._natural = natural_widths(self._table.headers, self._cells)
        self._layout = None
        self.border_title = f"{self.pane_title} ({self.count})"
        cursor = self._cursor
        if previous is not None:
            cursor = next((i for i, r in enumerate(self._visible) if r.ref == previous), cursor)
        self.rows_changed(cursor)

    def _columns(self, width: int) -> list[tuple[int, int]]:
        if self._layout is None or self._layout[0] != width:
            self._layout = (width, self._fit_columns(width))
        return self._layout[1]

    def _fit_columns(self, width: int) -> list[tuple[int, int]]:
        """(column, width) to show: natural widths; when the pane is narrow, other
        columns wider than SOFT_COLUMN give way to the title, then optional columns
        go, then the title gives way down to MIN_FLEX, then the widest others down to
        MIN_COLUMN. Whole columns (times, keys) are never cut."""
        table = self._table
        widths = dict(enumerate(self._natural))
        for i in widths:
            if i != table.flex:
                widths[i] = min(widths[i], MAX_COLUMN)
        if table.flex is None or not width:
            return list(widths.items())

        def room() -> int:
            return width - 2 * PADDING * len(widths) - 1

        keep = {table.flex, *table.whole}
        squeeze(widths, room(), keep=keep, floor=SOFT_COLUMN)
        for optional in table.optional:
            if sum(widths.values()) - widths[table.flex] + MIN_FLEX <= room():
                break
            del widths[optional]
        others = sum(widths.values()) - widths[table.flex]
        widths[table.flex] = max(MIN_FLEX, min(widths[table.flex], room() - others))
        squeeze(widths, room(), keep=keep)
        return list(widths.items())

    # --- rendering ------------------------------------------------------------------

    def header_cells(self, width: int) -> list[Cell]:
        headers = self._table.headers
        return [(_pad(fit(headers[i], w)), "") for i, w in self._columns(width)]

    def row_cells(self, row: int, width: int) -> tuple[list[Cell], str]:
        cells = self._cells[row]
        hint = self._visible[row].hint
        columns = self._columns(width)
        if hint == RowHint.GROUP and len(columns) > 1:  # a heading spans the row
            text = "  ".join(c for c in cells if c)
            room = sum(w for _, w in columns) + 2 * PADDING * (len(columns) - 1)
            return [(_pad(fit(text, room)), "")], HINT_CLASSES[hint]
        shown = [(_pad(fit(cells[i], w)), "") for i, w in columns]
        return shown, HINT_CLASSES.get(hint, "")

    def empty_text(self) -> str:
        return self.nothing_text


def _pad(text: str) -> str:
    return " " * PADDING + text + " " * PADDING
