"""The detail view (Enter): every field of a meeting or an issue, as plain text."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cockpit.domain.present import (
    ANSWERS,
    blocked_by_label,
    customer_label,
    dial_in_label,
    duration_label,
    join_label,
    points_label,
)
from cockpit.models import Issue, Meeting
from cockpit.textsafe import plain


def meeting_lines(meeting: Meeting) -> list[tuple[str, str]]:
    if meeting.all_day:
        when = meeting.start.strftime("%a %d %b, all day")
    else:
        when = meeting.start.strftime("%a %d %b %H:%M")
        if meeting.end:
            when += f"-{meeting.end.strftime('%H:%M')} ({duration_label(meeting.duration_minutes)})"
    lines = [
        ("Meeting", meeting.title),
        ("When", when),
        ("Status", meeting.status),
        ("You", ANSWERS.get(meeting.my_response or "", "")),
        ("Calendar", meeting.calendar),
        ("Customer", customer_label(meeting) or "internal"),
        ("Join", join_label(meeting)),
        *(("Dial-in", dial_in_label(entry)) for entry in meeting.dial_in),
        ("Location", meeting.location or ""),
        ("Organizer", meeting.organizer or ""),
    ]
    for attendee in meeting.attendees:
        who = attendee.name or attendee.email
        extra = [attendee.response or "", "external" if attendee.external else ""]
        if attendee.resource:
            extra.append("room")
        lines.append(("Attendee", f"{who} <{attendee.email}> {' '.join(e for e in extra if e)}"))
    if meeting.attendees_omitted:
        lines.append(("Attendee", "... the calendar did not list every guest"))
    if meeting.description:
        lines.append(("Notes", meeting.description))
    return [(label, value) for label, value in lines if value]


def issue_lines(issue: Issue) -> list[tuple[str, str]]:
    lines = [
        ("Issue", f"{issue.key}  {issue.summary}"),
        ("Type", issue.type or ""),
        ("Status", issue.status),
        ("Priority", issue.priority or ""),
        ("Points", points_label(issue.points)),
        ("Assignee", issue.assignee or "unassigned"),
        ("Epic", issue.epic or ""),
        ("Blocked by", blocked_by_label(issue)),
        ("Link", issue.url),
    ]
    return [(label, value) for label, value in lines if value]


def detail_text(item: object) -> Text:
    """The detail view's body for a Meeting or an Issue."""
    if isinstance(item, Meeting):
        lines = meeting_lines(item)
    elif isinstance(item, Issue):
        lines = issue_lines(item)
    else:
        lines = [("Item", str(item))]
    text = Text()
    for label, value in lines:
        text.append(f"{label:>10}  ", style="bold")
        text.append(plain(value, keep_newlines=True))
        text.append("\n")
    return text


ISSUE_ACTIONS = ("flag", "transition", "assign", "unlink")


class DetailScreen(ModalScreen[str | None]):
    """A modal with the item's fields; closes with None, "open" or "note"."""

    CSS_PATH = "detail.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "dismiss(None)", "Close", id="close_detail"),
        Binding("o", "dismiss('open')", "Open link", id="detail_open"),
        Binding("n", "dismiss('note')", "Note", id="detail_note"),
        Binding("f", "dismiss('flag')", "Flag", id="detail_flag"),
        Binding("m", "dismiss('transition')", "Move status", id="detail_transition"),
        Binding("a", "dismiss('assign')", "Assign", id="detail_assign"),
        Binding("u", "dismiss('unlink')", "Unblock link", id="detail_unlink"),
    ]

    def __init__(self, item: object) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-body"):
            yield Static(detail_text(self.item), id="detail-text")

    DETAIL_TITLE: ClassVar[str] = "Details"
    DETAIL_SUBTITLE: ClassVar[str] = "esc close · o open · n note"

    def on_mount(self) -> None:
        body = self.query_one("#detail-body")
        body.border_title = self.DETAIL_TITLE
        body.border_subtitle = self.DETAIL_SUBTITLE + (
            " · f flag · m move · a assign · u unlink" if isinstance(self.item, Issue) else ""
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The issue actions only on an issue."""
        if action == "dismiss" and parameters and parameters[0] in ISSUE_ACTIONS:
            return isinstance(self.item, Issue)
        return True
