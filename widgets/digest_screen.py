"""The digest screen (`S`, `U`): the stand-up or stakeholder update as an editable draft.

The screen does no I/O. It opens "preparing…"; the app hands it the draft
(`show_draft`) or the reason it could not be written (`show_error`). The user edits
the text; ctrl+o asks the app to copy it (`CopyRequested`), ctrl+s to write it as
Markdown (`ExportRequested`), escape closes. The update's word count follows the
edits (about a minute spoken is under 150 words).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from cockpit.domain.digest import MAX_WORDS, words
from cockpit.textsafe import plain

TITLES = {"standup": "Stand-up", "update": "Stakeholder update"}
PREPARING = "Preparing the draft from Jira, the calendar and your notes…"


def window_text(since: datetime, until: datetime) -> str:
    """`Wed 25 Nov 00:00 to Thu 26 Nov 10:20`."""
    return f"{since:%a %-d %b %H:%M} to {until:%a %-d %b %H:%M}"


class DigestScreen(ModalScreen[None]):
    """A draft to edit, copy and keep; `kind` is "standup" or "update"."""

    CSS_PATH = "digest_screen.tcss"

    # Not priority bindings: the text area must have taken every key typed before
    # (see NoteEditor). None of these keys is one TextArea answers.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "copy", "Copy draft", id="copy_digest"),
        Binding("ctrl+s", "export", "Save as Markdown", id="export_digest"),
        Binding("escape", "close", "Close", id="close_digest"),
    ]

    @dataclass
    class CopyRequested(Message):
        """Copy `text` to the clipboard and keep it in the journal."""

        kind: str
        text: str

    @dataclass
    class ExportRequested(Message):
        """Write `text` as Markdown and keep it in the journal."""

        kind: str
        text: str

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.window = ""
        self.header = PREPARING
        """What the header line says (the window and word count, or why there is no draft)."""
        self.ready = False
        """A draft is shown (copy and export have something to act on)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="digest-body"):
            yield Label(PREPARING, id="digest-header", markup=False)
            yield TextArea("", id="digest-text", soft_wrap=True, read_only=True)
            yield Label("ctrl+o copy · ctrl+s save as Markdown · esc close", id="digest-hint")

    def on_mount(self) -> None:
        self.query_one("#digest-body").border_title = TITLES.get(self.kind, self.kind)
        self.query_one(TextArea).display = False

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def show_draft(self, text: str, since: datetime, until: datetime) -> None:
        self.window = window_text(since, until)
        area = self.query_one(TextArea)
        area.read_only = False
        area.load_text(text)
        area.display = True
        area.focus()
        self.ready = True
        self._update_header()

    def show_error(self, reason: str) -> None:
        self.header = f"Could not write the draft: {plain(reason)}"
        label = self.query_one("#digest-header", Label)
        label.update(self.header)
        label.add_class("-error")

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        if self.ready:
            self._update_header()

    def _update_header(self) -> None:
        header = self.window
        if self.kind == "update":
            count = words(self.text)
            header += f" · {count} words" + (" (over a minute)" if count >= MAX_WORDS else "")
        self.header = header
        self.query_one("#digest-header", Label).update(header)

    def action_copy(self) -> None:
        if self.ready:
            self.post_message(self.CopyRequested(self.kind, self.text))

    def action_export(self) -> None:
        if self.ready:
            self.post_message(self.ExportRequested(self.kind, self.text))

    def action_close(self) -> None:
        self.dismiss(None)
