"""What a note is about (an issue, a meeting and its customer, or nothing), typed.

The app asks `NoteTarget.of(item)` for the item under the cursor, keeps the target
beside the draft while the user types (`context()` is the draft's JSON, read back
by `from_draft`) and turns the saved text into a `Note` with `note()`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cockpit.models import Issue, Meeting, Note
from cockpit.records import record

RECOVERED = "Recovered draft: "


@record(slots=True)
class NoteTarget:
    """The context of one note: its draft's key, the editor's label, the note's fields."""

    draft_key: str
    label: str
    issue_key: str | None = None
    meeting_uid: str | None = None
    meeting_title: str | None = None
    meeting_start: datetime | None = None
    customer: str | None = None

    @classmethod
    def of(cls, item: object | None) -> NoteTarget:
        """The target for a note about `item` (None: a free note)."""
        if isinstance(item, Issue):
            return cls(f"issue:{item.key}", f"{item.key}  {item.summary}", issue_key=item.key)
        if isinstance(item, Meeting):
            when = item.start.strftime("%a %d %b %H:%M")
            label = f"{item.title} · {when}" + (f" · {item.customer}" if item.customer else "")
            return cls(
                f"meeting:{item.uid}@{item.start.isoformat()}",
                label,
                meeting_uid=item.uid,
                meeting_title=item.title,
                meeting_start=item.start,
                customer=item.customer,
            )
        return cls("free", "Free note")

    @classmethod
    def from_draft(cls, draft_key: str, context: dict[str, Any]) -> NoteTarget:
        """The target a stored draft was written for (its `context()` JSON)."""

        def text(name: str) -> str | None:
            value = context.get(name)
            return str(value) if value is not None else None

        start = text("meeting_start")
        return cls(
            draft_key,
            text("label") or "note",
            issue_key=text("issue_key"),
            meeting_uid=text("meeting_uid"),
            meeting_title=text("meeting_title"),
            meeting_start=datetime.fromisoformat(start) if start else None,
            customer=text("customer"),
        )

    @property
    def is_issue(self) -> bool:
        return self.issue_key is not None

    def context(self) -> dict[str, Any]:
        """The draft's JSON: the label and the note's fields that are set."""
        fields = {
            "issue_key": self.issue_key,
            "meeting_uid": self.meeting_uid,
            "meeting_title": self.meeting_title,
            "meeting_start": self.meeting_start.isoformat() if self.meeting_start else None,
            "customer": self.customer,
        }
        return {"label": self.label, **{k: v for k, v in fields.items() if v is not None}}

    def note(self, text: str, created: datetime, *, post_to_jira: bool = False) -> Note:
        """The note to save (no id yet)."""
        return Note(
            id=None,
            created=created,
            text=text,
            issue_key=self.issue_key,
            meeting_uid=self.meeting_uid,
            meeting_title=self.meeting_title,
            meeting_start=self.meeting_start,
            customer=self.customer,
            post_to_jira=post_to_jira,
        )
