"""The help screen (`?`): every key the cockpit answers to, where, and what it does."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HelpEntry = tuple[str, str, str]
"""(keys, description, where)"""


def help_entries(
    groups: Iterable[tuple[str, Sequence[BindingType]]],
    keymap: Mapping[str, str],
    display: Callable[[str], str] = str,
) -> list[HelpEntry]:
    """Flatten binding groups into help lines, with the user's `[keymap]` applied.

    `display` turns a key name into what the user presses (the app's key display).
    """
    entries: list[HelpEntry] = []
    seen: set[tuple[str, str]] = set()
    for where, bindings in groups:
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            keys = keymap.get(binding.id or "", binding.key)
            if (where, binding.description) in seen:
                continue
            seen.add((where, binding.description))
            entries.append((_pretty(keys, display), binding.description, where))
    return entries


def _pretty(keys: str, display: Callable[[str], str]) -> str:
    return " ".join(display(k.strip()) for k in keys.split(","))


def help_text(entries: Sequence[HelpEntry]) -> Text:
    text = Text()
    current = None
    for keys, description, where in entries:
        if where != current:
            if current is not None:
                text.append("\n")
            text.append(f"{where}\n", style="bold underline")
            current = where
        text.append(f"  {keys:<24}", style="bold")
        text.append(f"{description}\n")
    return text


class HelpScreen(ModalScreen[None]):
    """Lists every binding with its description; any of escape, q or ? closes it."""

    CSS_PATH = "help.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close_help"),
    ]

    def __init__(self, entries: Sequence[HelpEntry]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_text(self.entries), id="help-text")

    def on_mount(self) -> None:
        body = self.query_one("#help-body")
        body.border_title = "Keys"
        body.border_subtitle = r"esc close · rebind keys under \[keymap] in config.toml"
