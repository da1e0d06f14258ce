"""The priority picker (`p`): one of the Jira site's priorities, chosen by key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cockpit.textsafe import plain


class PriorityPicker(ModalScreen[str | None]):
    """Dismisses with the chosen priority name, or None on escape."""

    CSS_PATH = "priority_picker.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel_priority"),
    ]

    def __init__(self, issue_label: str, priorities: Sequence[str], current: str | None) -> None:
        super().__init__()
        self.issue_label = issue_label
        self.priorities = list(priorities)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="priority-body"):
            yield Label(plain(self.issue_label), id="priority-issue", markup=False)
            yield OptionList(
                *(
                    Option(plain(name) + ("  (current)" if name == self.current else ""), id=name)
                    for name in self.priorities
                ),
                id="priority-options",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#priority-body").border_title = "Set priority"
        options = self.query_one(OptionList)
        if self.current in self.priorities:
            options.highlighted = self.priorities.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
