"""The key bar: the keys that act here and now, as one line of text.

Textual's Footer builds a widget per key and rebuilds them all whenever focus
moves; this bar renders the same information as a single `Text`, so a focus
change or the first frame costs one line of styling instead of a dozen widgets.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.style import Style as VisualStyle
from textual.widget import Widget

from cockpit.widgets.lazy_components import LazyComponents


class Entry(NamedTuple):
    key: str
    description: str
    enabled: bool = True

    @property
    def width(self) -> int:
        return cell_len(f" {self.key} {self.description} ")


class Rank(IntEnum):
    """Which keys win the room on a narrow terminal, first to last."""

    HERE = 0
    """What the focused pane (or the screen) can do."""
    PINNED = 1
    """Help, the way to every other key, and quit."""
    PALETTE = 2
    REST = 3
    """The app's other keys (refresh, days, filter, journal)."""


PINNED = ("help", "quit")
PALETTE = Entry("^p", "palette")


class KeyBar(LazyComponents, Widget):
    """Shows the active bindings marked `show=True`, then the command palette key.

    When they do not all fit, the app's other keys give way first, then the
    palette; the focused pane's keys, help and quit stay. Bindings that share a
    `Binding.Group` show as one entry ("J K T B Move").
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        dock: bottom;
    }
    """

    _shown = False
    """False until the first frame is up: the keys come one frame after the panes' rows."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        # The first frame is the data's: working out which keys act here (each
        # binding's check, then fitting them to the width) is ~2 ms of it, and the
        # keys are of no use before there are rows to act on.
        self.call_after_refresh(self._show_keys)

    def _show_keys(self) -> None:
        self._shown = True
        self.refresh()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def _candidates(self) -> list[tuple[Entry, Rank]]:
        """Every entry the bar could show, in binding order, with its rank."""
        candidates: list[tuple[Entry, Rank]] = []
        seen: set[str] = set()
        last_group: Binding.Group | None = None
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key = self.app.get_key_display(binding)
            if binding.group is not None and binding.group is last_group:
                entry, rank = candidates[-1]
                candidates[-1] = (
                    Entry(f"{entry.key} {key}", entry.description, entry.enabled or enabled),
                    rank,
                )
                continue
            last_group = binding.group
            description = binding.group.description if binding.group else binding.description
            if not isinstance(node, App):
                rank = Rank.HERE
            else:
                rank = Rank.PINNED if binding.action in PINNED else Rank.REST
            candidates.append((Entry(key, description, enabled), rank))
        return [*candidates, (PALETTE, Rank.PALETTE)]

    def entries(self) -> list[Entry]:
        """What the bar shows at its current width, in binding order, palette last."""
        candidates = self._candidates()
        room = (self.size.width or 1_000) + 1  # the last entry has no gap after it
        return [candidates[i][0] for i in sorted(_fitting(candidates, room))]

    def render(self) -> Content:
        if not self._shown:
            return Content()
        # Content with Textual's own styles: a Rich Text would be converted span by span
        key_style = self.get_visual_style("key-bar--key")
        text_style = self.get_visual_style("key-bar--description")
        dim = VisualStyle(dim=True)
        entries = self.entries()
        parts: list[tuple[str, VisualStyle]] = []
        for entry in entries:
            gap = "" if entry is entries[-1] else " "
            key, text = (
                (key_style, text_style) if entry.enabled else (key_style + dim, text_style + dim)
            )
            parts += [(f" {entry.key} ", key), (f"{entry.description}{gap}", text)]
        return Content.assemble(*parts)


def _fitting(candidates: Iterable[tuple[Entry, Rank]], room: int) -> set[int]:
    """Indexes of the entries that fit `room` cells, rank by rank; within a rank,
    once one does not fit the later ones give way too, so what shows keeps its order."""
    indexed = [(index, entry.width, rank) for index, (entry, rank) in enumerate(candidates)]
    chosen: set[int] = set()
    for rank in Rank:
        for index, width, entry_rank in indexed:
            if entry_rank != rank:
                continue
            if width > room:
                break
            room -= width
            chosen.add(index)
    return chosen
