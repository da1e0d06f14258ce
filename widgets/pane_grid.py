"""PaneGrid: the main screen's panes, laid out for the terminal they are in.

On a large terminal the panes share a 2x2 grid. On a small one a grid cell is
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

    def on_resize(self, _event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        self.set_class(is_compact(*self.app.size), "-compact")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, ItemPane) and event.widget.parent is self:
            self.make_current(event.widget)

    def make_current(self, pane: ItemPane) -> None:
        """Give `pane` the room; the filter box taking focus leaves it there."""
        for other in self.panes:
            other.set_class(other is pane, "-current")
