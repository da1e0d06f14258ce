"""The story dialog: a Jira issue from a note, with project, type, summary and place.

Handed the defaults (the note's project, "Story", the note's first line); dismisses
with what the PM chose, or None on escape. The app queues the issue.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

from cockpit.records import record
from cockpit.textsafe import plain

PLACES = (
    ("top", "Top of the backlog"),
    ("bottom", "Bottom"),
    ("below", "Below the selected issue"),
)


@record
class StoryChoice:
    """What the PM chose: the issue's project, type, summary, and where it goes."""

    project: str
    type: str
    summary: str
    place: str


class StoryDialog(ModalScreen[StoryChoice | None]):
    """ctrl+s (or enter in a field) creates; escape cancels."""

    CSS_PATH = "story_dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "Create", id="create_story"),
        Binding("escape", "dismiss(None)", "Cancel", id="cancel_story"),
    ]

    def __init__(
        self, label: str, project: str, summary: str, *, selected: str | None = None
    ) -> None:
        super().__init__()
        self.label = label
        self.project = project
        self.summary = summary
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical(id="story-body"):
            yield Label(plain(self.label), id="story-context", markup=False)
            with Horizontal(classes="story-row"):
                yield Label("Project ")
                yield Input(self.project, id="story-project", placeholder="PAY")
                yield Label(" Type ")
                yield Input("Story", id="story-type")
            yield Label("Summary")
            yield Input(plain(self.summary), id="story-summary")
            with RadioSet(id="story-place"):
                for place, text in PLACES:
                    if place == "below" and self.selected:
                        text = f"Below {self.selected}"
                    elif place == "below":
                        continue
                    yield RadioButton(text, value=place == "top", name=place)
            yield Label("ctrl+s create · esc cancel", id="story-hint")

    def on_mount(self) -> None:
        self.query_one("#story-body").border_title = "New Jira issue from this note"
        self.query_one("#story-summary", Input).focus()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_create()

    def action_create(self) -> None:
        project = self.query_one("#story-project", Input).value.strip().upper()
        summary = self.query_one("#story-summary", Input).value.strip()
        kind = self.query_one("#story-type", Input).value.strip() or "Story"
        if not project or not summary:
            self.notify("A story needs a project and a summary.", severity="warning")
            return
        pressed = self.query_one(RadioSet).pressed_button
        place = (pressed.name if pressed is not None else None) or "top"
        self.dismiss(StoryChoice(project, kind, summary, place))
