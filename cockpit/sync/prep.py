"""Gather a prep sheet: the meeting (the next one, or by UID), its people, the last
notes about its customer and, from Jira, the customer's open issues (one JQL search)
and the keys the invitation names (one more). Jira failing leaves the rest of the
sheet standing, with the reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cockpit.domain.agenda import now_and_next
from cockpit.domain.classify import domain_of
from cockpit.domain.prep import (
    MAX_ISSUES,
    MAX_NOTES,
    PrepSheet,
    customer_jql,
    jql_string,
    keys_in,
    who_comes,
)
from cockpit.models import Issue, Meeting, Note
from cockpit.sources.errors import SourceError
from cockpit.sync.workspace import Workspace
from cockpit.textsafe import plain


class NoSuchMeeting(LookupError):
    """`cockpit prep` was asked for a meeting the calendars do not have."""


async def find_meeting(workspace: Workspace, which: str, day: date) -> Meeting:
    """ "next" (the next meeting to start today, else the one under way, else the next
    customer call in the coming days) or a meeting's UID, today or in the next days."""
    agenda, errors = await workspace.fetch_agenda(day)
    meetings = [*agenda.meetings, *agenda.upcoming_calls]
    if which == "next":
        current, upcoming = now_and_next(agenda.meetings, workspace.now())
        wanted = upcoming or current
        if wanted is None:
            later = [m for m in agenda.upcoming_calls if m.my_response != "declined"]
            if later:
                return later[0]
    else:
        wanted = which
    for meeting in meetings:
        if meeting.uid == wanted:
            return meeting
    failed = "; ".join(plain(str(e)) for e in errors)
    if which == "next":
        raise NoSuchMeeting(f"no meeting is coming up{' (' + failed + ')' if failed else ''}")
    raise NoSuchMeeting(
        f"no meeting with UID {which!r} on {day.isoformat()} or the next days"
        + (f" ({failed})" if failed else "")
    )


def local_prep(workspace: Workspace, meeting: Meeting) -> PrepSheet:
    """What the sheet can say without Jira: people, notes, the searches to make."""
    organisations = who_comes(meeting, workspace.rules, workspace.customers)
    notes: tuple[Note, ...] = ()
    jql = None
    if meeting.customer:
        found = workspace.store.list_notes(customer=meeting.customer)
        notes = tuple(reversed(found[-MAX_NOTES:]))
        domains = {domain_of(a.email) for a in meeting.attendees if a.external}
        if meeting.organizer:
            domains.add(domain_of(meeting.organizer))
        outside = sorted(d for d in domains if d and not workspace.rules.is_internal(f"x@{d}"))
        jql = customer_jql(meeting.customer, outside)
    keys = keys_in(meeting.title, meeting.description)
    pending = workspace.has_jira and bool(jql or keys)
    return PrepSheet(
        meeting, organisations, notes, customer_jql=jql, keys=keys, jira_pending=pending
    )


async def build_prep(workspace: Workspace, meeting: Meeting) -> PrepSheet:
    """The sheet for `meeting`, Jira's part filled when Jira answers (else the reason)."""
    sheet = local_prep(workspace, meeting)
    if not sheet.jira_pending:
        return sheet
    try:
        customer_issues: list[Issue] = []
        if sheet.customer_jql:
            customer_issues = await workspace.search_issues(sheet.customer_jql, MAX_ISSUES)
        mentioned: list[Issue] = []
        if sheet.keys:
            mentioned = await _mentioned(workspace, sheet.keys)
    except SourceError as exc:
        return replace(sheet, jira_pending=False, jira_problem=str(exc))
    by_key = {issue.key: issue for issue in mentioned}
    return replace(
        sheet,
        jira_pending=False,
        customer_issues=tuple(customer_issues),
        mentioned=tuple(by_key[k] for k in sheet.keys if k in by_key),
        unknown_keys=tuple(k for k in sheet.keys if k not in by_key),
    )


async def _mentioned(workspace: Workspace, keys: tuple[str, ...]) -> list[Issue]:
    """The named issues in one search; when Jira refuses the list (a key of a project
    it does not know), each key alone, the unknown ones left out."""
    query = f"key in ({', '.join(jql_string(k) for k in keys)})"
    try:
        return await workspace.search_issues(query, len(keys))
    except SourceError:
        if len(keys) == 1:
            return []
    found: list[Issue] = []
    for key in keys:
        try:
            found += await workspace.search_issues(f"key = {jql_string(key)}", 1)
        except SourceError:
            continue
    return found
