"""LineTable: the base of every pane, a focusable table on Textual's line API.

Line 0 is a header (line 1 when the pane has a `banner`, a line about the whole
table above it); each line below is one row, drawn by `render_row` only while
it is on screen. No widget, no cell object and no pre-rendered line exists per
row, so a pane costs the same to paint, scroll and update at 10 rows as at
50,000, and replacing its data is a repaint, never a relayout of the screen.
Subclasses supply the rows; this class owns the cursor, scrolling, mouse, focus
styling and the cached styles that turn (text, component) cells into a Strip.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cockpit.widgets.cells import ELLIPSIS, fit
from cockpit.widgets.lazy_components import LazyComponents

Cell = tuple[str, str]
"""A cell's text, already fitted to its width, and its component class ("" for none)."""


class LineTable(LazyComponents, ScrollView, can_focus=True):
    """Rows under a header line, with a row cursor; subclasses say what a row shows."""

    PREFIX: ClassVar[str] = "line-table"
    """Component classes are f"{PREFIX}--header", "--cursor" and "--empty" (and
    "--banner" in a subclass that shows one)."""
    GAP: ClassVar[int] = 1
    """Blank cells after each cell."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", id="cursor_up", show=False),
        Binding("down", "cursor_down", "Down", id="cursor_down", show=False),
        Binding("pageup", "cursor_page(-1)", "Page up", id="cursor_page_up", show=False),
        Binding("pagedown", "cursor_page(1)", "Page down", id="cursor_page_down", show=False),
        Binding("home", "cursor_first", "First row", id="cursor_first", show=False),
        Binding("end", "cursor_last", "Last row", id="cursor_last", show=False),
    ]

    def __init__(
        self,
        title: str,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.pane_title = title
        self._cursor = 0
        self._styles: dict[str, Style] = {}
        self._banner = ""

    @property
    def banner(self) -> str:
        """A line above the header about the whole table ("" for none)."""
        return self._banner

    @banner.setter
    def banner(self, text: str) -> None:
        if text != self._banner:
            self._banner = text
            self.rows_changed(self._cursor)

    @property
    def head_lines(self) -> int:
        """Lines above the first row: the header, and the banner when there is one."""
        return 2 if self._banner else 1

    # --- what subclasses provide ---------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows there are to show."""
        raise NotImplementedError

    def header_cells(self, width: int) -> list[Cell]:
        """The header line's cells for a pane `width` cells wide."""
        raise NotImplementedError

    def row_cells(self, row: int, width: int) -> tuple[list[Cell], str]:
        """Row `row`'s cells and its own component class ("" for none)."""
        raise NotImplementedError

    def empty_text(self) -> str:
        """What the first line says when there are no rows."""
        return "nothing"

    def action_details(self) -> None:
        """Enter or a double click on a row."""

    # --- data changes ----------------------------------------------------------------

    def rows_changed(self, cursor: int) -> None:
        """After the rows changed: resize the scroll area, put the cursor on `cursor`."""
        self.virtual_size = Size(0, self.row_count + self.head_lines)
        self._set_cursor(cursor)
        self.refresh()

    # --- cursor ------------------------------------------------------------------------

    @property
    def cursor_row(self) -> int:
        """The cursor's row among the shown rows (0 = first shown)."""
        return self._cursor

    def move_cursor(self, row: int) -> None:
        """Put the cursor on shown row `row` (kept within the rows)."""
        self._set_cursor(row)

    def _set_cursor(self, row: int) -> None:
        self._cursor = max(0, min(row, self.row_count - 1))
        self._scroll_to_cursor()
        self.refresh()
        self.refresh_bindings()

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:  # not laid out yet, or folded to its title: on_resize scrolls
            return
        rows = max(1, height - self.head_lines)
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, force=True, immediate=True)
        elif self._cursor >= top + rows:
            self.scroll_to(y=self._cursor - rows + 1, animate=False, force=True, immediate=True)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - self.head_lines - 1)

    def action_cursor_up(self) -> None:
        self._set_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._set_cursor(self._cursor + 1)

    def action_cursor_page(self, direction: int) -> None:
        self._set_cursor(self._cursor + direction * self._page())

    def action_cursor_first(self) -> None:
        self._set_cursor(0)

    def action_cursor_last(self) -> None:
        self._set_cursor(self.row_count - 1)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        head = self.head_lines
        if offset is None or offset.y < head:
            return
        row = round(self.scroll_y) + offset.y - head
        if row < self.row_count:
            self._set_cursor(row)
            if event.chain == 2:
                self.action_details()

    def on_resize(self, _event: events.Resize) -> None:
        self._scroll_to_cursor()

    def on_focus(self) -> None:
        self._styles = {}
        self.refresh()

    def on_blur(self) -> None:
        self._styles = {}
        self.refresh()

    # --- rendering -------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}

    def component(self, name: str) -> str:
        """The full component class name for `name` ("cursor" -> "backlog-pane--cursor")."""
        return f"{self.PREFIX}--{name}"

    def _style(self, *names: str) -> Style:
        key = " ".join(names)
        style = self._styles.get(key)
        if style is None:
            # the pane's own style is the costly part (it walks up the DOM to blend
            # backgrounds): taken once per style change, not once per combination
            style = self._style() if names else self.rich_style
            for name in names:
                style += self.get_component_rich_style(name)
            self._styles[key] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        head = self.head_lines
        if y < head - 1:
            text = fit(f" {self._banner}", width)
            return Strip([Segment(text, self._style(self.component("banner")))], width)
        if y == head - 1:
            return self._strip(self.header_cells(width), width, self.component("header"))
        row = round(self.scroll_y) + y - head
        if row >= self.row_count:
            if row == 0:
                text = fit(f" {self.empty_text()}", width)
                return Strip([Segment(text, self._style(self.component("empty")))], width)
            return Strip.blank(width, self._style())  # rich_style walks the DOM each time
        cells, own = self.row_cells(row, width)
        base = self.component("cursor") if row == self._cursor else own
        return self._strip(cells, width, base, under=own if base != own else "")

    def _strip(self, cells: list[Cell], width: int, base: str, *, under: str = "") -> Strip:
        """One line: each cell in its style; `base` (and `under` it) colour the whole row."""
        row_names = tuple(name for name in (under, base) if name)
        gap = self._style(*row_names)
        pieces: list[tuple[str, Style]] = []
        for text, accent in cells:
            # the row's own colours (the cursor's above all) win over a column's accent
            names = (accent, *row_names) if accent else row_names
            style = self._style(*names)
            if text.endswith(ELLIPSIS):  # see _runs
                pieces += [(text[:-1], style), (ELLIPSIS, style)]
            else:
                pieces.append((text, style))
            if self.GAP:
                pieces.append((" " * self.GAP, gap))
        used = sum(len(text) if text.isascii() else cell_len(text) for text, _ in pieces)
        if used < width:
            pieces.append((" " * (width - used), gap))
        segments = [
            Segment("".join(text for text, _ in run), style) for style, run in _runs(pieces)
        ]
        strip = Strip(segments, max(used, width))
        return strip if used <= width else strip.crop(0, width)


def _runs(pieces: list[tuple[str, Style]]) -> Iterator[tuple[Style, Iterator[tuple[str, Style]]]]:
    """The pieces in runs of one style, each ellipsis a run of its own.

    One segment per run: every later step (crop, filters, the terminal's escape
    codes) works per segment, and most cells share the row's style. A text with a
    "…" in it is measured a character at a time (Rich knows no faster way for it),
    a plain ASCII one at once: so a cut cell's ellipsis stays a segment of its own.
    """
    return (
        (style, run)
        for (style, _), run in groupby(pieces, key=lambda piece: (piece[1], piece[0] == ELLIPSIS))
    )
