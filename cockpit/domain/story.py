"""From a note to a Jira story: the summary, the description and the labels.

The summary is the note's first line (editable before it is sent); the
description is the note as written, then where it came from: the meeting's title
and date and the customer, who is also a label. The Jira client turns the
description into ADF (Cloud) or escaped wiki text (Data Center).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from cockpit.models import Note
from cockpit.records import record

SUMMARY_MAX = 255
"""Jira's limit on a summary."""
DEFAULT_TYPE = "Story"
Place = Literal["top", "bottom", "below"]


@record(slots=True)
class StoryDraft:
    """What the new issue will be."""

    project: str
    summary: str
    description: str
    type: str = DEFAULT_TYPE
    labels: tuple[str, ...] = ()


def first_line(text: str) -> str:
    """The first line with words in it, trimmed to Jira's summary limit."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= SUMMARY_MAX else line[: SUMMARY_MAX - 1] + "…"


def description_of(note: Note) -> str:
    """The note, then where it came from (meeting title and date, customer)."""
    lines = [note.text.rstrip(), "", "----"]
    if note.meeting_title:
        when = note.meeting_start or note.created
        lines.append(f"Meeting: {note.meeting_title}, {when:%Y-%m-%d %H:%M}")
    if note.customer:
        lines.append(f"Customer: {note.customer}")
    if note.issue_key:
        lines.append(f"About: {note.issue_key}")
    lines.append(f"From a note taken {note.created:%Y-%m-%d %H:%M} in PM Cockpit.")
    return "\n".join(lines)


def default_project(note: Note | None, projects: Sequence[str]) -> str:
    """The note's issue's project, else the first configured project, else ""."""
    if note is not None and note.issue_key and "-" in note.issue_key:
        return note.issue_key.rsplit("-", 1)[0]
    return projects[0] if projects else ""


def draft_from_note(
    note: Note, project: str, *, summary: str | None = None, issue_type: str = DEFAULT_TYPE
) -> StoryDraft:
    """The story a note makes (`summary`: the PM's edit of the first line)."""
    return StoryDraft(
        project=project,
        summary=(summary or first_line(note.text)).strip(),
        description=description_of(note),
        type=issue_type or DEFAULT_TYPE,
        labels=(note.customer,) if note.customer else (),
    )


def job_fields(
    draft: StoryDraft, *, before: str | None = None, after: str | None = None
) -> dict[str, Any]:
    """The outbox payload of a create job; `before`/`after`: where in the backlog."""
    return {
        "type": draft.type,
        "summary": draft.summary,
        "description": draft.description,
        "labels": list(draft.labels),
        "before": before,
        "after": after,
    }


def placement(place: Place, order: Sequence[str], selected: str | None) -> dict[str, str | None]:
    """Rank anchors for a new issue: top (before the first), below the selected
    issue (after it), or bottom (where Jira puts new issues: no rank call)."""
    if place == "top" and order:
        return {"before": order[0], "after": None}
    if place == "below" and selected:
        return {"before": None, "after": selected}
    return {"before": None, "after": None}
