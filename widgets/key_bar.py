"""The key bar: the keys that act here and now, as one line of text.

Textual's Footer builds a widget per key and rebuilds them all whenever focus
moves; this bar renders the same information as a single `Text`, so a focus
change or the first frame costs one line of styling instead of a dozen widgets.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """Shows the active bindings marked `show=True`, then the command palette key."""

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

    def _bindings_changed(self, _screen: Screen) -> None:
        self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        text = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            dim = "" if enabled else " dim"
            text.append(f" {self.app.get_key_display(binding)} ", style=f"{key_style}{dim}")
            text.append(f"{binding.description} ", style=f"{text_style}{dim}")
        text.append(" ^p ", style=key_style)
        text.append("palette", style=text_style)
        return text
