"""`cockpit standup` and `cockpit update`: the stand-up and stakeholder-update drafts.

`cockpit.sync.digests` gathers what changed in Jira (with its changelog), the notes
journal and the calendar, and writes the draft (the app opens the same draft); this
module prints it as text, Markdown or JSON (the fields of docs/DESIGN "Beyond the
four panes").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from cockpit.domain.standup import Fact
    from cockpit.sync.digests import DigestData
    from cockpit.sync.workspace import Workspace


async def write(workspace: Workspace, args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Fetch, decide, print; 1 with one clear line when Jira fails."""
    from cockpit.runtime.crash import unexpected_error
    from cockpit.sources.errors import SourceError
    from cockpit.sync import digests
    from cockpit.textsafe import plain, terminal_safe_json

    out = out or sys.stdout
    fmt = "json" if args.json else args.format
    try:
        if args.command == "update":
            built = await digests.update(
                workspace, day=args.date, since=args.since, until=args.until
            )
        else:
            built = await digests.standup(workspace, day=args.date)
    except SourceError as exc:
        print(f"cockpit: {plain(str(exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # one line, the details in a crash file
        print(f"cockpit: {unexpected_error(exc, 'Jira refresh')}", file=sys.stderr)
        return 1
    finally:
        await workspace.aclose()
    if fmt == "json":
        out.write(terminal_safe_json(to_json(built)) + "\n")
    else:
        out.write(built.draft.render(fmt))
    return 0


def fact_json(fact: Fact, tz: tzinfo | None) -> dict[str, Any]:
    """One fact's issue; `when` in the workspace's zone (`tz`), as `since` and `until`."""
    i = fact.issue
    return {
        "key": i.key,
        "summary": i.summary,
        "status": i.status,
        "assignee": i.assignee,
        "epic": i.epic,
        "url": i.url,
        "when": fact.when.astimezone(tz).isoformat(),
    }


def to_json(built: DigestData) -> dict[str, Any]:
    """The `--json` object: the common fields, and the update's own."""
    from cockpit.cli.notes import note_to_json
    from cockpit.domain import digest
    from cockpit.domain.blockers import blocker_of, issue_ref_json
    from cockpit.models import meeting_to_json

    facts, until = built.facts, built.until
    tz = built.since.tzinfo

    def issue_json(fact: Fact) -> dict[str, Any]:
        return fact_json(fact, tz)

    def blockers_json(keys: Sequence[str], url: str) -> list[dict[str, Any]]:
        """What blocks an issue: key, summary, status, assignee, url (as `blocked --json`)."""
        site = url.rsplit("/browse/", 1)[0] if "/browse/" in url else ""
        return [issue_ref_json(blocker_of(k, built.related, site)) for k in keys]

    text = built.draft.render("text")
    data: dict[str, Any] = {
        "since": built.since.isoformat(),
        "until": until.isoformat(),
        "done": [issue_json(f) for f in facts.done],
        "started": [issue_json(f) for f in facts.started],
        "blocked": [
            {**issue_json(f), "blockers": blockers_json(f.issue.blocked_by, f.issue.url)}
            for f in facts.blocked
        ],
        "unblocked": [issue_json(f) for f in facts.unblocked],
        "slipped": [issue_json(f) for f in facts.slipped],
        "customer_notes": [note_to_json(n) for n in built.notes],
        "meetings": [meeting_to_json(m) for m in built.meetings],
        "text": text,
    }
    if built.kind == "standup":
        return data
    groups = digest.shipped_groups(facts)
    return {
        **data,
        "shipped": [
            {
                "epic": e or None,
                "epic_name": built.related[e].summary if e in built.related else None,
                "issues": [issue_json(f) for f in g],
            }
            for e, g in groups
        ],
        "delays": [{**issue_json(f), "slip": f.detail} for f in facts.slipped],
        "risks": [
            {
                "key": i.key,
                "summary": i.summary,
                "assignee": i.assignee,
                "blocked_by": list(i.blocked_by),
                "blockers": blockers_json(i.blocked_by, i.url),
                "days_blocked": digest.days_blocked(i, until),
                "url": i.url,
            }
            for i in built.blocked
        ],
        "next": [
            {"key": i.key, "summary": i.summary, "assignee": i.assignee, "url": i.url}
            for i in built.backlog[:3]
        ],
        "words": digest.words(text),
    }
