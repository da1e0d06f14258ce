"""The dialogs of the unblocking actions: pick one of a list (a transition, a
resolution, a blocker), type a line (a comment), pick an assignee searched as you type.

Widgets only: the app hands in the choices and, for the assignee, the users each
search found; the picker posts what the user typed (`AssigneePicker.QueryChanged`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from cockpit.records import record
from cockpit.textsafe import plain


class ChoicePicker(ModalScreen[str | None]):
    """Dismisses with the id of the chosen (id, label) pair, or None on escape."""

    CSS_PATH = "action_pickers.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel_choice"),
    ]

    def __init__(self, title: str, label: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker-body"):
            yield Label(plain(self.label), markup=False)
            yield OptionList(
                *(Option(plain(text), id=cid) for cid, text in self.choices), markup=False
            )

    def on_mount(self) -> None:
        self.query_one(".picker-body").border_title = self.title_text
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class TextPrompt(ModalScreen[str | None]):
    """Dismisses with the line typed (enter), or None on escape."""

    CSS_PATH = "action_pickers.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel_prompt"),
    ]

    def __init__(self, title: str, label: str, placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker-body"):
            yield Label(plain(self.label), markup=False)
            yield Input(placeholder=self.placeholder)

    def on_mount(self) -> None:
        self.query_one(".picker-body").border_title = self.title_text
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())


@record
class Assignee:
    """A user the issue may be assigned to (`id`: accountId or user name)."""

    id: str
    name: str


UNASSIGN = "\x00unassign"
"""The option id that stands for "nobody"."""


class AssigneePicker(ModalScreen[Assignee | None]):
    """Type to search; enter on a user assigns, escape cancels. `set_users` shows
    what the app found for the text typed."""

    CSS_PATH = "action_pickers.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel_assign"),
        Binding("down", "to_list", "Users", show=False),
    ]

    @dataclass
    class QueryChanged(Message):
        """The user typed `text`: search the assignable users again."""

        picker: AssigneePicker
        text: str

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.users: list[Assignee] = []
        self.query_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker-body"):
            yield Label(plain(self.label), markup=False)
            yield Input(placeholder="type a name")
            yield OptionList(Option("Unassigned", id=UNASSIGN), markup=False)

    def on_mount(self) -> None:
        self.query_one(".picker-body").border_title = "Assign"
        self.query_one(Input).focus()
        self.post_message(self.QueryChanged(self, ""))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.post_message(self.QueryChanged(self, event.value))

    def set_users(self, text: str, users: Sequence[Assignee]) -> None:
        """Show `users`, found for `text` (ignored if the user has typed on since)."""
        if text != self.query_text:
            return
        self.users = list(users)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(plain(u.name), id=u.id) for u in self.users])
        options.add_option(Option("Unassigned", id=UNASSIGN))
        options.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.users:
            self.dismiss(self.users[0])

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == UNASSIGN:
            self.dismiss(Assignee("", "Unassigned"))
            return
        self.dismiss(next((u for u in self.users if u.id == event.option.id), None))
