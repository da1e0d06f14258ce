"""Plain data shared by every layer: frozen dataclasses, no I/O, no Textual.

Sources return these, the store keeps them, the app hands them to widgets and the
CLI prints them. `to_json` gives the documented JSON fields (docs/architecture.md,
"Command line"); `*_from_json` reads them back (the local cache stores the same shape).
"""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime
from typing import Any, Literal

from cockpit.records import record

MeetingStatus = Literal["confirmed", "tentative", "cancelled"]
Response = Literal["accepted", "declined", "tentative", "needs-action"]
MyResponse = Literal["accepted", "tentative", "declined", "needs_action"]
"""The user's own answer to an invitation (the JSON spelling, `my_response`)."""
BlockReason = Literal["flagged", "status", "link"]


@record(slots=True)
class Attendee:
    """One person (or room) invited to a meeting."""

    email: str
    name: str | None = None
    response: Response | None = None
    external: bool = False
    """Outside the company's domains (set by classification, not by sources)."""
    organizer: bool = False
    resource: bool = False
    """A room or piece of equipment (CUTYPE=ROOM/RESOURCE, Graph 'resource')."""


@record(slots=True)
class DialIn:
    """One phone number to join a meeting by, with its PIN or conference id."""

    number: str
    pin: str | None = None
    label: str | None = None
    """A region or kind ("US", "toll-free"), when the source names one."""

    def dial_string(self) -> str:
        """What a phone dials: the number, then the PIN after two pauses."""
        digits = "".join(c for c in self.number if c.isdigit() or c == "+")
        return f"{digits},,{self.pin}#" if self.pin else digits


@record(slots=True)
class Meeting:
    """One occurrence of a calendar event, with times in the user's zone.

    All-day meetings start at local midnight; `end` is exclusive (the next day's
    midnight for a one-day event). `end` is None only if the source gave none.
    """

    uid: str
    title: str
    start: datetime
    end: datetime | None
    calendar: str
    all_day: bool = False
    status: MeetingStatus = "confirmed"
    attendees: tuple[Attendee, ...] = ()
    join_url: str | None = None
    customer: str | None = None
    """Customer name or domain for a customer call, None when internal."""
    customer_confidence: Literal["high", "low"] | None = None
    """'low' when the call is external only through free-mail addresses."""
    location: str | None = None
    description: str | None = None
    organizer: str | None = None
    """The organizer's email, when known."""
    my_response: MyResponse | None = None
    """The user's own answer, None when the source does not say (see sources)."""
    me: str | None = None
    """The user's own address in this meeting, when the source marks it (Google's
    `self`, Graph's organizer answer); never an outside attendee."""
    attendees_omitted: bool = False
    """The source gave only part of the guest list (Google `attendeesOmitted`)."""
    provider: str | None = None
    """The video service of the join link ("Teams", "Google Meet", "Zoom", ...)."""
    dial_in: tuple[DialIn, ...] = ()

    @property
    def duration_minutes(self) -> int | None:
        if self.end is None:
            return None
        return int((self.end - self.start).total_seconds() // 60)


@record(slots=True)
class Issue:
    """A Jira issue as the Blocked and Backlog panes show it."""

    key: str
    summary: str
    status: str
    url: str
    type: str | None = None
    priority: str | None = None
    assignee: str | None = None
    points: float | None = None
    status_category: str | None = None
    """Jira's status category key: 'new', 'indeterminate' or 'done'."""
    flagged: bool = False
    reasons: tuple[BlockReason, ...] = ()
    """Why the issue counts as blocked; empty when it is not."""
    blocked_by: tuple[str, ...] = ()
    """Keys of unresolved issues that block this one."""
    blocked_since: datetime | None = None
    """When the issue became blocked, as far as Jira tells (else last update)."""
    epic: str | None = None
    rank: str | None = None
    updated: datetime | None = None


ChangeField = Literal["status", "resolution", "sprint", "fixVersion", "duedate", "flagged", "link"]


@record(slots=True)
class ChangeItem:
    """One field change from an issue's Jira changelog (the fields the stand-up reads).

    `old`/`new` are Jira's display strings (fromString/toString), `old_id`/`new_id`
    its raw values (from/to: a status id, sprint ids, a version id, a linked key, a
    date); a status change also carries both status categories.
    """

    when: datetime
    field: ChangeField
    old: str | None = None
    new: str | None = None
    old_id: str | None = None
    new_id: str | None = None
    old_category: str | None = None
    new_category: str | None = None
    author: str | None = None


@record(slots=True)
class IssueChange:
    """An issue that changed in a window: its state now and its history, oldest first."""

    key: str
    summary: str
    status: str
    status_category: str | None
    assignee: str | None
    epic: str | None
    url: str
    history: tuple[ChangeItem, ...] = ()
    reasons: tuple[BlockReason, ...] = ()
    """Why it is blocked now (empty: it is not)."""
    blocked_by: tuple[str, ...] = ()
    """Keys of the unresolved issues that block it now."""
    due: date | None = None
    resolved_blockers: tuple[str, ...] = ()
    """Keys of the issues it "is blocked by" that are done now (it may be free because of them)."""


@record(slots=True)
class Note:
    """A note in the journal; context fields say what it is about."""

    id: int | None
    created: datetime
    text: str
    issue_key: str | None = None
    meeting_uid: str | None = None
    meeting_title: str | None = None
    meeting_start: datetime | None = None
    customer: str | None = None
    post_to_jira: bool = False
    kind: str | None = None
    story_key: str | None = None
    """The Jira issue made from this note ("note to story"), once Jira created it."""
    """None for a note the user wrote; "standup" or "update" for a digest kept."""


@record(slots=True)
class SourceState:
    """How fresh a pane's data is, for the status line and the pane's border."""

    name: str
    fetched_at: datetime | None = None
    stale: bool = False
    error: str | None = None
    syncing: bool = False


@record(slots=True)
class Agenda:
    """Everything the calendar panes show for one day."""

    day: date
    meetings: tuple[Meeting, ...] = ()
    upcoming_calls: tuple[Meeting, ...] = field(default=())
    """Customer calls from the next few days (after `day`)."""


# --- JSON (the documented CLI fields; also the cache format) -------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def meeting_to_json(meeting: Meeting) -> dict[str, Any]:
    """The agenda/calls fields of docs/architecture.md, in documented order."""
    return {
        "start": _iso(meeting.start),
        "end": _iso(meeting.end),
        "all_day": meeting.all_day,
        "title": meeting.title,
        "calendar": meeting.calendar,
        "status": meeting.status,
        "attendees": [
            {"email": a.email, "name": a.name, "response": a.response, "external": a.external}
            for a in meeting.attendees
        ],
        "join_url": meeting.join_url,
        "customer": meeting.customer,
        "uid": meeting.uid,
        "my_response": meeting.my_response,
        "provider": meeting.provider,
        "dial_in": [{"number": d.number, "pin": d.pin, "label": d.label} for d in meeting.dial_in],
        "attendees_omitted": meeting.attendees_omitted,
    }


def meeting_to_cache(meeting: Meeting) -> dict[str, Any]:
    """The JSON fields plus what the cache needs to rebuild the model exactly."""
    data = meeting_to_json(meeting)
    data["attendees"] = [
        {
            "email": a.email,
            "name": a.name,
            "response": a.response,
            "external": a.external,
            "organizer": a.organizer,
            "resource": a.resource,
        }
        for a in meeting.attendees
    ]
    data.update(
        customer_confidence=meeting.customer_confidence,
        location=meeting.location,
        description=meeting.description,
        organizer=meeting.organizer,
        me=meeting.me,
    )
    return data


def meeting_from_json(data: dict[str, Any]) -> Meeting:
    start = _dt(data["start"])
    assert start is not None
    return Meeting(
        uid=data["uid"],
        title=data["title"],
        start=start,
        end=_dt(data.get("end")),
        calendar=data["calendar"],
        all_day=bool(data.get("all_day", False)),
        status=data.get("status", "confirmed"),
        attendees=tuple(
            Attendee(
                email=a["email"],
                name=a.get("name"),
                response=a.get("response"),
                external=bool(a.get("external", False)),
                organizer=bool(a.get("organizer", False)),
                resource=bool(a.get("resource", False)),
            )
            for a in data.get("attendees", ())
        ),
        join_url=data.get("join_url"),
        customer=data.get("customer"),
        customer_confidence=data.get("customer_confidence"),
        location=data.get("location"),
        description=data.get("description"),
        organizer=data.get("organizer"),
        my_response=data.get("my_response"),
        me=data.get("me"),
        attendees_omitted=bool(data.get("attendees_omitted", False)),
        provider=data.get("provider"),
        dial_in=tuple(
            DialIn(number=str(d["number"]), pin=d.get("pin"), label=d.get("label"))
            for d in data.get("dial_in") or ()
            if isinstance(d, dict) and d.get("number")
        ),
    )


def blocked_to_json(issue: Issue) -> dict[str, Any]:
    """The blocked fields of docs/architecture.md."""
    return {
        "key": issue.key,
        "summary": issue.summary,
        "status": issue.status,
        "assignee": issue.assignee,
        "reasons": list(issue.reasons),
        "blocked_by": list(issue.blocked_by),
        "url": issue.url,
    }


def backlog_to_json(issue: Issue, position: int) -> dict[str, Any]:
    """The backlog fields of docs/architecture.md; `position` is 1-based."""
    return {
        "position": position,
        "key": issue.key,
        "summary": issue.summary,
        "type": issue.type,
        "priority": issue.priority,
        "status": issue.status,
        "points": issue.points,
        "assignee": issue.assignee,
        "url": issue.url,
    }


def issue_to_cache(issue: Issue) -> dict[str, Any]:
    return {
        "key": issue.key,
        "summary": issue.summary,
        "status": issue.status,
        "url": issue.url,
        "type": issue.type,
        "priority": issue.priority,
        "assignee": issue.assignee,
        "points": issue.points,
        "status_category": issue.status_category,
        "flagged": issue.flagged,
        "reasons": list(issue.reasons),
        "blocked_by": list(issue.blocked_by),
        "blocked_since": _iso(issue.blocked_since),
        "epic": issue.epic,
        "rank": issue.rank,
        "updated": _iso(issue.updated),
    }


def issue_from_cache(data: dict[str, Any]) -> Issue:
    return Issue(
        key=data["key"],
        summary=data["summary"],
        status=data["status"],
        url=data["url"],
        type=data.get("type"),
        priority=data.get("priority"),
        assignee=data.get("assignee"),
        points=data.get("points"),
        status_category=data.get("status_category"),
        flagged=bool(data.get("flagged", False)),
        reasons=tuple(data.get("reasons", ())),
        blocked_by=tuple(data.get("blocked_by", ())),
        blocked_since=_dt(data.get("blocked_since")),
        epic=data.get("epic"),
        rank=data.get("rank"),
        updated=_dt(data.get("updated")),
    )
