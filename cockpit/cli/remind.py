"""`cockpit remind`: announce the meetings starting soon, once each, and exit.

For cron or a systemd timer (every minute): each due reminder is claimed in the
store first, so a second run (or the app, open beside it) never repeats one. A
line on stdout per reminder; unless `--quiet`, the terminal's bell and
notification when stdout is a terminal, and a desktop notification.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import timedelta
from typing import TextIO

from cockpit.domain.reminders import due_reminders
from cockpit.models import Meeting
from cockpit.runtime.crash import unexpected_error
from cockpit.runtime.notify import desktop_notify, terminal_notification
from cockpit.sources.errors import Incomplete, SourceError
from cockpit.sync.workspace import Workspace
from cockpit.textsafe import plain


async def remind(
    workspace: Workspace,
    minutes_before: Sequence[int],
    *,
    quiet: bool = False,
    out: TextIO | None = None,
) -> int:
    """Announce what is due now; 1 when no calendar could be read."""
    out = out or sys.stdout
    try:
        if not minutes_before:
            return 0
        now = workspace.now()
        meetings: list[Meeting] = []
        failed: list[SourceError] = []
        days = {now.date(), (now + timedelta(minutes=max(minutes_before))).date()}
        for day in sorted(days):
            agenda, errors = await workspace.fetch_agenda(day)
            meetings += agenda.meetings
            failed += [e for e in errors if not isinstance(e, Incomplete)]
        for error in failed:
            print(f"cockpit: warning: {plain(str(error))}", file=sys.stderr)
        if failed and len(failed) >= len(workspace.calendars) * len(days) and not meetings:
            return 1
        seen: set[str] = set()
        for reminder in due_reminders(meetings, now, minutes_before):
            if reminder.key in seen or not workspace.store.claim_reminder(
                reminder.key, reminder.earlier, now
            ):
                continue
            seen.add(reminder.key)
            title, body = reminder.title(now), reminder.body()
            link = f"  {reminder.meeting.join_url}" if reminder.meeting.join_url else ""
            out.write(plain(f"{title}: {body}") + link + "\n")
            if not quiet:
                if out.isatty():
                    out.write(terminal_notification(title, body))
                desktop_notify(title, body)
            out.flush()
        return 0
    except SourceError as exc:
        print(f"cockpit: {plain(str(exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # one line, details in a file
        print(f"cockpit: {unexpected_error(exc, 'Reminders')}", file=sys.stderr)
        return 1
    finally:
        await workspace.aclose()
