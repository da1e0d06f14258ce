"""The key bar: the keys that act here and now, as one line of text.

Textual's Footer builds a widget per key and rebuilds them all whenever focus
moves; this bar renders the same information as a single `Text`, so a focus
change or the first frame costs one line of styling instead of a dozen widgets.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget


class Entry(NamedTuple):
    key: str
    description: str
    enabled: bool = True

    @property
    def width(self) -> int:
        return cell_len(f" {self.key} {self.description} ")


PINNED = ("help",)
"""Actions whose key is shown even on a narrow terminal: the way to every other key."""
PALETTE = Entry("^p", "palette")


class KeyBar(Widget):
    """Shows the active bindings marked `show=True`, then the command palette key.

    When they do not all fit, the last ones give way; help and the palette stay.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        dock: bottom;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def entries(self) -> list[Entry]:
        """What the bar shows at its current width, in binding order."""
        candidates: list[tuple[Entry, bool]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            entry = Entry(self.app.get_key_display(binding), binding.description, enabled)
            candidates.append((entry, binding.action in PINNED))
        room = (self.size.width or 1_000) - PALETTE.width
        room -= sum(entry.width for entry, pinned in candidates if pinned)
        shown: list[Entry] = []
        for entry, pinned in candidates:
            if not pinned:
                if entry.width > room:
                    room = 0  # the rest give way, so what shows keeps its order
                    continue
                room -= entry.width
            shown.append(entry)
        return [*shown, PALETTE]

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        text = Text(no_wrap=True, overflow="ellipsis")
        entries = self.entries()
        for entry in entries:
            dim = "" if entry.enabled else " dim"
            gap = "" if entry is entries[-1] else " "
            text.append(f" {entry.key} ", style=f"{key_style}{dim}")
            text.append(f"{entry.description}{gap}", style=f"{text_style}{dim}")
        return text
