"""The Blocked pane: blocked issues with their blockers, or the chase list.

A `TablePane` whose blocker rows (an issue that blocks the one above it, or a
blocker in the chase list) act on the blocker: `enter` asks to jump to it, and
note, open and the issue actions take the blocker. `c` asks for the chase list
(or back); the app computes it, off the event loop, and hands the table down.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from cockpit.domain.blockers import BlockerRef
from cockpit.models import Issue
from cockpit.widgets.table_pane import TablePane


class BlockedPane(TablePane):
    """Blocked issues and what blocks them; `c` toggles the chase list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "chase", "Chase list", id="chase_list"),
    ]

    class ChaseToggled(Message):
        """The user wants the chase list (or the plain Blocked list back)."""

        def __init__(self, pane: BlockedPane) -> None:
            super().__init__()
            self.pane = pane

    class JumpRequested(Message):
        """The user wants to go to `blocker`, an issue that blocks others."""

        def __init__(self, blocker: Issue) -> None:
            super().__init__()
            self.blocker = blocker

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Blocked", id=id, empty_text="nothing blocked")
        self.chasing = False
        """The chase list is shown (set by the app with the table)."""

    @property
    def selected(self) -> object | None:
        ref = self.selected_ref
        return ref.issue if isinstance(ref, BlockerRef) else ref

    def action_chase(self) -> None:
        self.post_message(self.ChaseToggled(self))

    def action_details(self) -> None:
        ref = self.selected_ref
        if isinstance(ref, BlockerRef):
            self.post_message(self.JumpRequested(ref.issue))
        else:
            super().action_details()

    def select_key(self, key: str) -> bool:
        """Put the cursor on the row of blocked issue `key`; False when not shown."""
        for row in range(self.row_count):
            ref = self._visible[row].ref
            if isinstance(ref, Issue) and ref.key == key:
                self._set_cursor(row)
                return True
        return False
