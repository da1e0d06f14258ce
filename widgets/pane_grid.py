"""PaneGrid: the main screen's panes, laid out for the terminal they are in.

On a large terminal the panes share a grid: two to a row up to four panes, three
past four, the last row's panes sharing its width (`[layout] panes` says which
panes and in what order). On a small one a grid cell is
too narrow for a meeting title and too short for a day's meetings, so the panes
stack: the current pane (the one focused last) takes the room, and the others
fold to their title line with its count ("Blocked (7)"), in their usual order.
Focus moves the room (tab, 1-4, a click on a title); the panes are the same
widgets in both layouts, so cursors, filters and data stay where they were.
"""

from __future__ import annotations

from textual import events
from textual.containers import Grid
from textual.geometry import Size

from cockpit.widgets.item_pane import ItemPane

COMPACT_WIDTH = 120
"""Narrower than this, a grid pane is under 60 cells and a title gets under ~24 of them."""
COMPACT_HEIGHT = 32
"""Shorter than this, the grid's top panes show fewer than a busy day's ten meetings."""


def grid_shape(count: int) -> tuple[int, list[int]]:
    """(grid columns, each pane's column span) for `count` panes: two to a row up to
    four panes, three to a row past that; the last row's panes share its width."""
    if count <= 0:
        return 1, []
    per_row, columns = (2, 2) if count <= 4 else (3, 6)
    last = count % per_row or per_row
    full = [columns // per_row] * (count - last)
    return columns, [*full, *[columns // last] * last]


def is_compact(width: int, height: int) -> bool:
    """Whether a `width` x `height` terminal stacks the panes rather than grids them."""
    return width < COMPACT_WIDTH or height < COMPACT_HEIGHT


class PaneGrid(Grid):
    """The panes in a grid, or stacked with the current one unfolded (class `-compact`)."""

    @property
    def panes(self) -> list[ItemPane]:
        return list(self.query_children(ItemPane))

    @property
    def current(self) -> ItemPane | None:
        """The pane that has the room in the stacked layout."""
        return next((pane for pane in self.panes if pane.has_class("-current")), None)

    @property
    def compact(self) -> bool:
        return self.has_class("-compact")

    @staticmethod
    def classes_for(size: Size) -> str:
        """The grid's classes for a terminal of `size` (to set them before mounting)."""
        return "-compact" if is_compact(size.width, size.height) else ""

    def on_mount(self) -> None:
        if self.current is None and (panes := self.panes):
            self.make_current(panes[0])  # before the first frame: never all folded
        self._fit()
        self._shape()

    def on_resize(self, _event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        self.set_class(is_compact(*self.app.size), "-compact")

    def _shape(self) -> None:
        """The grid for the panes shown (the stylesheet's 2x2 is the four panes')."""
        shown = [pane for pane in self.panes if pane.display]
        if len(shown) == 4:
            return  # as the stylesheet has it: no style changes before the first frame
        columns, spans = grid_shape(len(shown))
        self.styles.grid_size_columns = columns
        self.styles.grid_size_rows = max(1, -(-len(shown) // max(1, columns // spans[0])))
        for pane, span in zip(shown, spans, strict=True):
            pane.styles.column_span = span

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, ItemPane) and event.widget.parent is self:
            self.make_current(event.widget)

    def make_current(self, pane: ItemPane) -> None:
        """Give `pane` the room; the filter box taking focus leaves it there."""
        for other in self.panes:
            other.set_class(other is pane, "-current")
