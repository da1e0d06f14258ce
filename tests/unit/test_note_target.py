"""NoteTarget: what a note is about, kept beside its draft and back after a crash."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from cockpit.domain.note_target import NoteTarget
from cockpit.models import Attendee, Issue, Meeting

TZ = ZoneInfo("Europe/Lisbon")
START = datetime(2026, 11, 26, 14, 0, tzinfo=TZ)


def call() -> Meeting:
    return Meeting(
        uid="globex-sync",
        title="Globex sync",
        start=START,
        end=START.replace(hour=15),
        calendar="Work",
        attendees=(Attendee("ana@globex.com"),),
        customer="Globex",
    )


def test_a_meeting_note_carries_the_meeting_and_its_customer() -> None:
    target = NoteTarget.of(call())
    assert target.label == "Globex sync · Thu 26 Nov 14:00 · Globex"
    note = target.note("SSO by March", START, post_to_jira=False)
    assert (note.meeting_uid, note.meeting_title, note.customer) == (
        "globex-sync",
        "Globex sync",
        "Globex",
    )
    assert note.meeting_start == START and note.issue_key is None and note.id is None


def test_an_issue_note_may_go_to_jira_a_free_note_is_free() -> None:
    issue = Issue(key="PAY-7", summary="Refunds", status="To Do", url="https://x/PAY-7")
    target = NoteTarget.of(issue)
    assert target.is_issue and target.draft_key == "issue:PAY-7"
    assert target.note("ok", START, post_to_jira=True).post_to_jira
    free = NoteTarget.of(None)
    assert (free.draft_key, free.label, free.is_issue) == ("free", "Free note", False)


def test_the_draft_context_round_trips() -> None:
    for target in (NoteTarget.of(call()), NoteTarget.of(None)):
        assert NoteTarget.from_draft(target.draft_key, target.context()) == target


def test_a_draft_from_an_older_cockpit_still_reads() -> None:
    """The draft JSON of earlier versions: label plus the note fields, start as text."""
    context = {
        "label": "Globex sync · Thu 26 Nov 14:00 · Globex",
        "meeting_uid": "globex-sync",
        "meeting_title": "Globex sync",
        "meeting_start": START.isoformat(),
        "customer": "Globex",
    }
    assert NoteTarget.from_draft("meeting:globex-sync@x", context).meeting_start == START
