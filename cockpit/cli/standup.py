"""`cockpit standup` and `cockpit update`: the stand-up and stakeholder-update drafts.

Both read what changed in Jira (with its changelog), the notes journal and the
calendar through the workspace, decide the facts in `cockpit.domain.standup` and
write the draft with `cockpit.domain.digest`, as text, Markdown or JSON (the fields
of docs/DESIGN "Beyond the four panes").
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from cockpit.domain.standup import Fact, Facts
    from cockpit.models import Meeting, Note
    from cockpit.sync.workspace import Workspace


async def write(workspace: Workspace, args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Fetch, decide, print; 1 with one clear line when Jira fails."""
    from cockpit.runtime.crash import unexpected_error
    from cockpit.sources.errors import SourceError
    from cockpit.textsafe import plain, terminal_safe_json

    out = out or sys.stdout
    fmt = "json" if args.json else args.format
    try:
        data = await (
            _update(workspace, args) if args.command == "update" else _standup(workspace, args)
        )
    except SourceError as exc:
        print(f"cockpit: {plain(str(exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # one line, the details in a crash file
        print(f"cockpit: {unexpected_error(exc, 'Jira refresh')}", file=sys.stderr)
        return 1
    finally:
        await workspace.aclose()
    digest = data.pop("digest")
    if fmt == "json":
        out.write(terminal_safe_json(data) + "\n")
    else:
        out.write(digest.render(fmt))
    return 0


def issue_json(fact: Fact) -> dict[str, Any]:
    i = fact.issue
    return {
        "key": i.key,
        "summary": i.summary,
        "status": i.status,
        "assignee": i.assignee,
        "epic": i.epic,
        "url": i.url,
        "when": fact.when.isoformat(),
    }


def _common(
    facts: Facts,
    since: datetime,
    until: datetime,
    notes: Sequence[Note],
    meetings: Sequence[Meeting],
) -> dict[str, Any]:
    from cockpit.cli.notes import note_to_json
    from cockpit.models import meeting_to_json

    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "done": [issue_json(f) for f in facts.done],
        "started": [issue_json(f) for f in facts.started],
        "blocked": [issue_json(f) for f in facts.blocked],
        "unblocked": [issue_json(f) for f in facts.unblocked],
        "slipped": [issue_json(f) for f in facts.slipped],
        "customer_notes": [note_to_json(n) for n in notes],
        "meetings": [meeting_to_json(m) for m in meetings],
    }


async def _facts(workspace: Workspace, since: datetime, until: datetime) -> Facts:
    from cockpit.domain.standup import decide

    return decide(await workspace.fetch_changes(since, until), since, until)


def _customer_notes(workspace: Workspace, since: datetime, until: datetime) -> list[Note]:
    notes = workspace.store.list_notes(since=since.date())
    return [n for n in notes if n.customer and since <= n.created < until]


async def _standup(workspace: Workspace, args: argparse.Namespace) -> dict[str, Any]:
    from cockpit.domain import digest
    from cockpit.domain.standup import standup_window

    day = args.date or workspace.today()
    since, until = standup_window(day, workspace.now(), workspace.tz, workspace.workdays)
    facts, (agenda, _errors) = await asyncio.gather(
        _facts(workspace, since, until), workspace.fetch_agenda(day)
    )
    notes = _customer_notes(workspace, since, until)
    meetings = [m for m in agenda.meetings if m.status != "cancelled"]
    draft = digest.standup(facts, since, until, notes, meetings)
    data = _common(facts, since, until, notes, meetings)
    return {**data, "text": draft.render("text"), "digest": draft}


async def _update(workspace: Workspace, args: argparse.Namespace) -> dict[str, Any]:
    from cockpit.domain import digest
    from cockpit.domain.standup import week_window

    tz = workspace.tz
    day = args.date or workspace.today()
    since, until = week_window(day, workspace.now(), tz, workspace.workdays)
    if args.since:
        since = datetime.combine(args.since, time(), tz)
    if args.until:
        until = datetime.combine(args.until + timedelta(days=1), time(), tz)
    facts, blocked, backlog, calls = await asyncio.gather(
        _facts(workspace, since, until),
        workspace.fetch_blocked(),
        workspace.fetch_backlog() if workspace.board is not None else _nothing(),
        _calls(workspace, since, until),
    )
    notes = _customer_notes(workspace, since, until)
    draft = digest.update(facts, since, until, blocked=blocked, backlog=backlog, calls=calls)
    text = draft.render("text")
    data = _common(facts, since, until, notes, calls)
    groups = digest.shipped_groups(facts)
    return {
        **data,
        "text": text,
        "shipped": [{"epic": e or None, "issues": [issue_json(f) for f in g]} for e, g in groups],
        "delays": [{**issue_json(f), "slip": f.detail} for f in facts.slipped],
        "risks": [
            {
                "key": i.key,
                "summary": i.summary,
                "assignee": i.assignee,
                "blocked_by": list(i.blocked_by),
                "days_blocked": digest.days_blocked(i, until),
                "url": i.url,
            }
            for i in blocked
        ],
        "next": [
            {"key": i.key, "summary": i.summary, "assignee": i.assignee, "url": i.url}
            for i in backlog[:3]
        ],
        "words": digest.words(text),
        "digest": draft,
    }


async def _nothing() -> list[Any]:
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
        if m.customer and m.status != "cancelled" and since <= m.start < until
    ]
