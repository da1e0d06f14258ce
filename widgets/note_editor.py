"""The note editor (`n`): multi-line text about a meeting, customer, issue or nothing.

The editor never touches the disk: it posts `DraftChanged` while the user types
(at most about once a second) and dismisses with a `NoteDraft` on ctrl+s. The app
writes both to SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Label, TextArea

from cockpit.records import record
from cockpit.textsafe import plain

DRAFT_DELAY = 0.8
"""Seconds of quiet typing after which the draft is handed to the app."""


@record
class NoteDraft:
    """What the user wrote, and whether it should also go to Jira as a comment."""

    text: str
    post_to_jira: bool = False
    story: bool = False
    """Make a Jira story from the note once it is saved."""


class ConfirmDiscard(ModalScreen[bool]):
    """Asks before throwing away typed text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Discard", id="confirm_discard"),
        Binding("n,escape", "answer(False)", "Keep writing", id="keep_writing"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body"):
            yield Label("Discard this note? The text is not saved.")
            with Horizontal():
                yield Button("Discard (y)", id="discard", variant="error")
                yield Button("Keep writing (n)", id="keep", variant="primary")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard")


class NoteEditor(ModalScreen[NoteDraft | None]):
    """A modal editor; ctrl+s saves, escape cancels (asking first if there is text)."""

    CSS_PATH = "note_editor.tcss"

    # Not priority bindings: a priority key is handled before the text area has
    # inserted the characters typed just before it, so a fast ctrl+s saved a
    # truncated note and a fast escape discarded text without asking.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", id="save_note"),
        Binding("ctrl+t", "save(True)", "Save as a story", id="save_as_story"),
        Binding("escape", "cancel", "Cancel", id="cancel_note"),
    ]

    @dataclass
    class DraftChanged(Message):
        """The text changed; the app keeps it as a draft under `context_key`."""

        context_key: str
        text: str

    def __init__(
        self,
        context_key: str,
        context_label: str,
        *,
        text: str = "",
        can_post: bool = False,
        post: bool = False,
        title: str = "New note",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.context_key = context_key
        self.context_label = context_label
        self.initial_text = text
        self.can_post = can_post
        self.initial_post = post
        self._draft_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="note-body"):
            yield Label(plain(self.context_label), id="note-context", markup=False)
            yield TextArea(
                self.initial_text, id="note-text", soft_wrap=True, show_line_numbers=False
            )
            if self.can_post:
                yield Checkbox("Also post as a Jira comment", self.initial_post, id="note-post")
            yield Label("ctrl+s save · ctrl+t save and make a story · esc cancel", id="note-hint")

    def on_mount(self) -> None:
        body = self.query_one("#note-body")
        body.border_title = self.title_text
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._hand_over_draft)

    def _hand_over_draft(self) -> None:
        self.post_message(self.DraftChanged(self.context_key, self.text))

    def action_save(self, story: bool = False) -> None:
        if not self.text.strip():
            self.notify("The note is empty; type something or press escape.", severity="warning")
            return
        post = self.can_post and self.query_one("#note-post", Checkbox).value
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self.dismiss(NoteDraft(self.text, post_to_jira=post, story=story))

    def action_cancel(self) -> None:
        if not self.text.strip():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                if self._draft_timer is not None:
                    self._draft_timer.stop()
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), answered)
