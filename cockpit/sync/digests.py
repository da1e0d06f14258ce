"""The stand-up and stakeholder-update drafts, gathered from the workspace.

What changed in Jira (with its changelog), the customer notes and the calendar,
fetched concurrently, decided in `cockpit.domain.standup` and written as a
`cockpit.domain.digest.Digest`. The CLI (`cockpit standup|update`) prints the
result; the app opens it as an editable draft. Source failures are raised
(`SourceError`), for the caller to say.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from cockpit.domain import digest
from cockpit.domain.standup import Facts, decide, standup_window, week_window
from cockpit.models import Issue, Meeting, Note
from cockpit.records import record

if TYPE_CHECKING:
    from cockpit.sync.workspace import Workspace

DigestKind = Literal["standup", "update"]


@record
class DigestData:
    """A draft and the facts it was written from."""

    kind: DigestKind
    since: datetime
    until: datetime
    facts: Facts
    notes: Sequence[Note]
    meetings: Sequence[Meeting]
    """The stand-up: today's meetings; the update: the customer calls held."""
    draft: digest.Digest
    blocked: Sequence[Issue] = field(default=())
    backlog: Sequence[Issue] = field(default=())
    related: Mapping[str, Issue] = field(default_factory=dict)
    """Issues the draft names but did not list, by key: blockers, epics."""


async def build(
    workspace: Workspace,
    kind: DigestKind,
    *,
    day: date | None = None,
    since: date | None = None,
    until: date | None = None,
) -> DigestData:
    """The stand-up or update for `day` (today by default); `since`/`until` (update
    only) replace the window's first and last days."""
    if kind == "update":
        return await update(workspace, day=day, since=since, until=until)
    return await standup(workspace, day=day)


async def standup(workspace: Workspace, *, day: date | None = None) -> DigestData:
    day = day or workspace.today()
    since, until = standup_window(day, workspace.now(), workspace.tz, workspace.workdays)
    facts, (agenda, _errors) = await asyncio.gather(
        _facts(workspace, since, until), workspace.fetch_agenda(day)
    )
    notes = customer_notes(workspace, since, until)
    meetings = [
        m for m in agenda.meetings if m.status != "cancelled" and m.my_response != "declined"
    ]
    related = await _related(workspace, [k for f in facts.blocked for k in f.issue.blocked_by])
    draft = digest.standup(facts, since, until, notes, meetings, blockers=related)
    return DigestData("standup", since, until, facts, notes, meetings, draft, related=related)


async def update(
    workspace: Workspace,
    *,
    day: date | None = None,
    since: date | None = None,
    until: date | None = None,
) -> DigestData:
    tz = workspace.tz
    day = day or workspace.today()
    start, end = week_window(day, workspace.now(), tz, workspace.workdays)
    if since:
        start = datetime.combine(since, time(), tz)
    if until:
        end = datetime.combine(until + timedelta(days=1), time(), tz)
    facts, blocked, backlog, calls = await asyncio.gather(
        _facts(workspace, start, end),
        workspace.fetch_blocked(),
        workspace.fetch_backlog() if workspace.board is not None else _nothing(),
        _calls(workspace, start, end),
    )
    notes = customer_notes(workspace, start, end)
    epics = [f.issue.epic for f in facts.done if f.issue.epic]
    related = {**workspace.blockers, **await _related(workspace, epics)}
    draft = digest.update(
        facts,
        start,
        end,
        blocked=blocked,
        backlog=backlog,
        calls=calls,
        epic_names=lambda key: related[key].summary if key in related else None,
        blockers=related,
    )
    return DigestData(
        "update",
        start,
        end,
        facts,
        notes,
        calls,
        draft,
        blocked=blocked,
        backlog=backlog,
        related=related,
    )


async def _related(workspace: Workspace, keys: Sequence[str]) -> dict[str, Issue]:
    """The issues of `keys` (blockers, epics), one search per 100 keys; none asked
    when there are no keys."""
    from cockpit.sources.jira_blockers import fetch_blockers  # lazy: the Jira client

    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    return await fetch_blockers(await workspace.require_jira(), wanted)


async def _facts(workspace: Workspace, since: datetime, until: datetime) -> Facts:
    return decide(await workspace.fetch_changes(since, until), since, until)


def customer_notes(workspace: Workspace, since: datetime, until: datetime) -> list[Note]:
    """Notes about a customer written in the window."""
    notes = workspace.store.list_notes(since=since.date())
    return [n for n in notes if n.customer and since <= n.created < until]


async def _nothing() -> list[Issue]:
    return []


async def _calls(workspace: Workspace, since: datetime, until: datetime) -> list[Meeting]:
    """Customer calls held in the window (each of its days' agendas)."""
    days: list[date] = []
    day = since.astimezone(workspace.tz).date()
    while datetime.combine(day, time(), workspace.tz) < until and len(days) < 31:
        days.append(day)
        day += timedelta(days=1)
    agendas = await asyncio.gather(*(workspace.fetch_agenda(d) for d in days))
    return [
        m
        for agenda, _errors in agendas
        for m in agenda.meetings
        if m.customer
        and m.status != "cancelled"
        and m.my_response != "declined"
        and since <= m.start < until
    ]
