"""ItemPane: what every pane of items shares (Today, Customer calls, Blocked, Backlog).

The keys that act on the item under the cursor (details, open, note) and the
messages that carry it up, so the app has one handler per intent whatever the
pane. Subclasses say which item is selected and draw the rows.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from cockpit.models import Issue
from cockpit.widgets.line_table import LineTable


class ItemPane(LineTable):
    """A LineTable whose rows are items (meetings, issues) the user can act on."""

    PREFIX = "item-pane"
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-pane--banner",
        "item-pane--header",
        "item-pane--cursor",
        "item-pane--empty",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Details", id="details"),
        Binding("o", "open", "Open", id="open"),
        Binding("n", "note", "Note", id="note"),
        Binding("escape", "clear_filter", "Clear the filter", id="clear_filter", show=False),
        Binding("f", "act('flag')", "Flag", id="flag", show=False),
        Binding("m", "act('transition')", "Move status", id="transition", show=False),
        Binding("a", "act('assign')", "Assign", id="assign", show=False),
        Binding("u", "act('unlink')", "Unblock link", id="unlink", show=False),
    ]

    # Messages are plain classes, as Textual's own: @dataclass costs ~0.2 ms each at start.

    class DetailRequested(Message):
        """The user wants the detail view of `item`."""

        def __init__(self, item: object) -> None:
            super().__init__()
            self.item = item

    class OpenRequested(Message):
        """The user wants `item` opened in the browser (issue page or join link)."""

        def __init__(self, item: object) -> None:
            super().__init__()
            self.item = item

    class NoteRequested(Message):
        """The user wants to write a note about `item` (None: a free note)."""

        def __init__(self, item: object | None) -> None:
            super().__init__()
            self.item = item

    class ActionRequested(Message):
        """The user wants to flag, transition, assign or unlink `issue`."""

        def __init__(self, action: str, issue: Issue) -> None:
            super().__init__()
            self.action = action
            self.issue = issue

    class FilterClearRequested(Message):
        """The user wants every row of `pane` back (escape in a filtered pane)."""

        def __init__(self, pane: ItemPane) -> None:
            super().__init__()
            self.pane = pane

    @property
    def filtered(self) -> bool:
        """A filter hides rows."""
        raise NotImplementedError

    @property
    def count(self) -> int:
        """How many items the pane shows (after its filter)."""
        raise NotImplementedError

    @property
    def selected(self) -> object | None:
        """The item under the cursor, if any."""
        raise NotImplementedError

    def set_filter(self, text: str) -> None:
        """Show only the rows that contain `text` (case-insensitive); "" shows all."""
        raise NotImplementedError

    def show_problem(self, message: str) -> None:
        """The last refresh failed: keep the rows and say so (`message` when empty)."""
        raise NotImplementedError

    def action_details(self) -> None:
        if (item := self.selected) is not None:
            self.post_message(self.DetailRequested(item))

    def action_open(self) -> None:
        if (item := self.selected) is not None:
            self.post_message(self.OpenRequested(item))

    def action_note(self) -> None:
        self.post_message(self.NoteRequested(self.selected))

    def action_act(self, action: str) -> None:
        if isinstance(item := self.selected, Issue):
            self.post_message(self.ActionRequested(action, item))

    def action_clear_filter(self) -> None:
        self.post_message(self.FilterClearRequested(self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim details and open when no item is selected; escape passes on when unfiltered."""
        if action in ("details", "open") and self.selected is None:
            return None
        if action == "act" and not isinstance(self.selected, Issue):
            return None
        if action == "clear_filter":
            return self.filtered
        return True
