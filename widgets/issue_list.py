"""The issues of a release or epic (`enter` on the Roadmap screen): key, status,
assignee and summary; `enter` or `o` opens one in Jira, escape closes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cockpit.models import Issue
from cockpit.textsafe import plain

CATEGORY_STYLE = {"done": "green", "indeterminate": "yellow", "new": "grey50"}


def issue_row(issue: Issue) -> Text:
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(f"{issue.key:<9} ", "bold")
    out.append(
        f"{plain(issue.status)[:12]:<12} ", CATEGORY_STYLE.get(issue.status_category or "", "")
    )
    out.append(f"{plain(issue.assignee or '-')[:14]:<14} ", "dim")
    out.append(plain(issue.summary))
    return out


class IssueListScreen(ModalScreen[str | None]):
    """Dismissed with the URL of the issue to open, or None."""

    CSS_PATH = "issue_list.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="close_issues"),
        Binding("o", "open", "Open in Jira", id="open_issue"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self.issues: Sequence[Issue] = ()

    def compose(self) -> ComposeResult:
        with Vertical(id="issues-body"):
            yield Label("Loading the issues…", id="issues-header", markup=False)
            yield OptionList(id="issues-list")

    def on_mount(self) -> None:
        self.query_one("#issues-body").border_title = self.title_text
        self.query_one(OptionList).focus()

    def show(self, issues: Sequence[Issue], total: int) -> None:
        self.issues = issues
        more = f" (the first {len(issues)})" if total > len(issues) else ""
        self.query_one("#issues-header", Label).update(f"{total} issues{more}")
        items = self.query_one(OptionList)
        items.clear_options()
        items.add_options([Option(issue_row(i), id=i.key) for i in issues])
        if issues:
            items.highlighted = 0

    def show_error(self, reason: str) -> None:
        self.query_one("#issues-header", Label).update(f"Could not read the issues: {reason}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and index < len(self.issues):
            self.dismiss(self.issues[index].url)

    def action_close(self) -> None:
        self.dismiss(None)
