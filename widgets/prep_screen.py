"""The prep sheet (Enter on a meeting): who comes, last notes, the customer's issues,
the keys in the invitation and how to join, as plain text. A detail view: it closes
with None, "open" (join) or "note" (a note tied to the meeting and its customer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from cockpit.domain.prep import PrepSheet, prep_lines
from cockpit.models import Meeting
from cockpit.textsafe import plain
from cockpit.widgets.detail import DetailScreen


def prep_text(sheet: PrepSheet) -> Text:
    """The sheet as Text: headings bold, every value literal (never markup)."""
    text = Text()
    for heading, line in prep_lines(sheet):
        if heading and line:
            text.append(f"{heading:>9}  ", style="bold")
            text.append(plain(line))
        elif heading:
            text.append(plain(heading), style="bold underline")
        else:
            text.append(plain(line))
        text.append("\n")
    meeting = sheet.meeting
    if meeting.location:
        text.append("\nLocation  ", style="bold")
        text.append(plain(meeting.location))
        text.append("\n")
    if meeting.description:
        text.append("\nInvitation\n", style="bold underline")
        text.append(plain(meeting.description, keep_newlines=True))
    return text


class PrepScreen(DetailScreen):
    """A meeting's prep sheet; Jira's part arrives later through `show_sheet`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "copy_dial_in", "Copy dial-in", id="prep_copy_dial_in"),
    ]

    @dataclass
    class DialInCopyRequested(Message):
        """The user wants the meeting's dial-in number on the clipboard."""

        meeting: Meeting

    def __init__(
        self, sheet: PrepSheet, *, mask: Callable[[PrepSheet], PrepSheet] | None = None
    ) -> None:
        super().__init__(sheet.meeting)
        self.sheet = sheet
        self.mask = mask
        """Privacy mode's placeholders, when on: the sheet is shown through it."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-body"):
            yield Static(prep_text(self._shown()), id="detail-text")

    DETAIL_TITLE = "Prep sheet"
    DETAIL_SUBTITLE = "esc close · o join · n note · d copy dial-in"

    def on_mount(self) -> None:
        self._paint()  # Jira may have answered while the screen was being put up

    def show_sheet(self, sheet: PrepSheet) -> None:
        """The whole sheet, once Jira has answered (or said why not)."""
        self.sheet = sheet
        if self.is_mounted:
            self._paint()

    def set_mask(self, mask: Callable[[PrepSheet], PrepSheet] | None) -> None:
        self.mask = mask
        if self.is_mounted:
            self._paint()

    def _shown(self) -> PrepSheet:
        return self.mask(self.sheet) if self.mask else self.sheet

    def _paint(self) -> None:
        self.query_one("#detail-text", Static).update(prep_text(self._shown()))

    def action_copy_dial_in(self) -> None:
        self.post_message(self.DialInCopyRequested(self.sheet.meeting))
