"""The headless twins of the panes: `cockpit agenda|calls|blocked|backlog [--json]`.

They fetch through the same workspace as the app and format through
`cockpit.domain.present`, so they print exactly what the panes show.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TextIO

from cockpit.domain.blockers import blocked_pane_table, blocked_with_blockers_json
from cockpit.domain.present import (
    backlog_table,
    calls_table,
    format_table,
    today_table,
)
from cockpit.models import backlog_to_json, blocked_to_json, meeting_to_json
from cockpit.runtime.crash import unexpected_error
from cockpit.sources.errors import Incomplete, SourceError
from cockpit.sync.workspace import Workspace, split_day
from cockpit.textsafe import plain, terminal_safe_json


async def print_view(
    workspace: Workspace,
    view: str,
    *,
    day: date | None = None,
    as_json: bool = False,
    out: TextIO | None = None,
) -> int:
    """Fetch one pane's data and print it; 1 with one clear line when a source fails."""
    out = out or sys.stdout
    try:
        return await _print_view(workspace, view, day or workspace.today(), as_json, out)
    except SourceError as exc:
        print(f"cockpit: {plain(str(exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug or an answer nobody expected: one line, details in a file
        where = "Calendar refresh" if view in ("agenda", "calls") else "Jira refresh"
        print(f"cockpit: {unexpected_error(exc, where)}", file=sys.stderr)
        return 1
    finally:
        await workspace.aclose()


async def _print_view(
    workspace: Workspace, view: str, day: date, as_json: bool, out: TextIO
) -> int:
    if view in ("agenda", "calls"):
        agenda, errors = await workspace.fetch_agenda(day)
        failed = [e for e in errors if not isinstance(e, Incomplete)]
        if failed and len(failed) >= len(workspace.calendars):  # nothing to show: say why
            for error in failed:
                print(f"cockpit: {plain(error.told_in(workspace.tz))}", file=sys.stderr)
            return 1
        for error in errors:
            print(f"cockpit: warning: {plain(str(error))}", file=sys.stderr)
        meetings, calls = split_day(agenda)
        if view == "agenda":
            data = [meeting_to_json(m) for m in meetings]
            table = today_table(meetings, workspace.now(), day=day)
        else:
            data = [meeting_to_json(m) for m in sorted(calls, key=lambda m: m.start)]
            table = calls_table(calls, day, workspace.store.last_note_for_customer)
        status = 1 if errors and not meetings else 0
    elif view == "blocked":
        issues = await workspace.fetch_blocked()
        blockers = workspace.blockers
        data = [blocked_with_blockers_json(i, blockers, blocked_to_json(i)) for i in issues]
        table = blocked_pane_table(issues, workspace.today(), blockers)
        status = 0
    else:
        issues = await workspace.fetch_backlog()
        data = [backlog_to_json(issue, n) for n, issue in enumerate(issues, start=1)]
        table = backlog_table(issues)
        status = 0
    if as_json:
        out.write(terminal_safe_json(data) + "\n")
    else:
        out.write(format_table(table) + "\n")
    return status
