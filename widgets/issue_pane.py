"""IssuePane: a pane of your own (`[[panes]]`): any JQL's issues in the columns you chose.

It is a `TablePane` (count in the title, filter, details, open, note) whose rows are
issues, plus the priority key. A JQL that Jira rejected is shown as one line in the
pane, in Jira's words.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from cockpit.domain.present import Row, RowHint, Table
from cockpit.models import Issue
from cockpit.widgets.table_pane import TablePane


class IssuePane(TablePane):
    """A titled table of issues from the user's own JQL."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "priority", "Priority", id="priority"),
    ]

    @dataclass
    class PriorityRequested(Message):
        """The user wants to change the priority of `issue`."""

        issue: Issue

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(title, id=id, empty_text="no issues match")
        self.add_class("issue-pane")

    def show_rejected(self, message: str) -> None:
        """Jira refused the pane's JQL: the rows go, its message (wrapped to the pane)
        stays in their place."""
        width = max(30, (self.scrollable_content_region.width or 72) - 4)
        lines = textwrap.wrap(message, width) or [message]
        rows = tuple(Row((line,), RowHint.GROUP) for line in lines)
        self.show(Table(("",), rows, flex=0), subtitle="JQL rejected")

    def action_priority(self) -> None:
        if isinstance(issue := self.selected, Issue):
            self.post_message(self.PriorityRequested(issue))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "priority" and not isinstance(self.selected, Issue):
            return None
        return super().check_action(action, parameters)
