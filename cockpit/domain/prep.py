"""The prep sheet of one meeting: who comes (by organisation, with answers), the last
notes about the customer, the customer's open Jira issues, the issue keys named in
the invitation with their live status, and how to join.

Plain data and rules here; `sync.prep` fetches what the sheet needs, the CLI
(`cockpit prep`) and the app's prep screen show it through `prep_lines`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import Any

from cockpit.domain.blockers import issue_ref_json
from cockpit.domain.classify import CompanyRules, customer_name, domain_of, my_addresses
from cockpit.domain.present import ANSWERS, dial_in_label, join_label, meeting_title, one_line
from cockpit.models import Issue, Meeting, Note, meeting_to_json
from cockpit.records import record

MAX_KEYS = 10
"""Issue keys looked up from one invitation, at most."""
MAX_ISSUES = 10
"""The customer's open issues shown, newest first."""
MAX_NOTES = 3

_KEY = re.compile(r"(?<![A-Za-z0-9_-])([A-Z][A-Z0-9_]{1,9}-[1-9][0-9]{0,6})(?![A-Za-z0-9_-])")
_LABEL = re.compile(r"[^a-z0-9_-]+")

PERSON_ANSWERS = {
    "accepted": "accepted",
    "tentative": "maybe",
    "declined": "declined",
    "needs-action": "not answered",
}


@record(slots=True)
class Person:
    email: str
    name: str | None
    answer: str
    """"accepted", "maybe", "declined", "not answered" or "" (unknown)."""
    you: bool = False
    organizer: bool = False


@record(slots=True)
class Organisation:
    name: str
    people: tuple[Person, ...]
    ours: bool = False
    """The user's own company."""


@record
class PrepSheet:
    """Everything the prep sheet shows; Jira's part may be missing (`jira_problem`)."""

    meeting: Meeting
    organisations: tuple[Organisation, ...]
    notes: tuple[Note, ...] = ()
    customer_issues: tuple[Issue, ...] = ()
    customer_jql: str | None = None
    mentioned: tuple[Issue, ...] = ()
    unknown_keys: tuple[str, ...] = ()
    """Keys in the invitation that Jira did not return (another site, a typo)."""
    jira_problem: str | None = None
    keys: tuple[str, ...] = field(default=())
    jira_pending: bool = False
    """Jira has not answered yet (the app shows the rest at once)."""


def keys_in(*texts: str | None) -> tuple[str, ...]:
    """Jira issue keys ("PAY-12") in the texts, each once, in order, at most MAX_KEYS."""
    found: list[str] = []
    for text in texts:
        for key in _KEY.findall(text or ""):
            if key not in found:
                found.append(key)
    return tuple(found[:MAX_KEYS])


def jql_string(value: str) -> str:
    """A JQL string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def customer_labels(customer: str, domains: Sequence[str] = ()) -> tuple[str, ...]:
    """Labels a team would put on a customer's issues: "globex", "globex-corp"."""
    labels = [_LABEL.sub("-", customer.strip().lower()).strip("-")]
    labels += [_name_part(d) for d in domains]
    return tuple(dict.fromkeys(label for label in labels if label))


def _name_part(domain: str) -> str:
    """ "eu.globex.co.uk" -> "globex": the part of a domain that names the company."""
    parts = [p for p in domain.lower().split(".") if p]
    if len(parts) > 2 and parts[-2] in {"co", "com", "org", "net", "ac"}:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else "")


def customer_jql(customer: str, domains: Sequence[str] = ()) -> str:
    """Open issues that name the customer: a label, or the name in the summary."""
    labels = ", ".join(jql_string(label) for label in customer_labels(customer, domains))
    name = " ".join(customer.replace('"', " ").replace("\\", " ").split())
    phrase = jql_string(f'"{name}"')
    return (
        f"statusCategory != Done AND (labels in ({labels}) OR summary ~ {phrase}) "
        "ORDER BY updated DESC"
    )


def who_comes(
    meeting: Meeting, rules: CompanyRules, customers: Mapping[str, str]
) -> tuple[Organisation, ...]:
    """The people, grouped by organisation: the user's company first, then the others
    in order of appearance; rooms apart, last."""
    mine = my_addresses(meeting, rules)
    groups: dict[str, list[Person]] = {}
    ours_name = "Your company"
    rooms: list[Person] = []
    people = list(meeting.attendees)
    listed = {a.email for a in people}
    organizer = (meeting.organizer or "").lower()
    for attendee in people:
        you = attendee.email in mine
        answer = PERSON_ANSWERS.get(attendee.response or "", "")
        if you and meeting.my_response:
            answer = {"tentative": "maybe", "needs_action": "not answered"}.get(
                meeting.my_response, meeting.my_response
            )
        person = Person(
            attendee.email,
            attendee.name,
            answer,
            you=you,
            organizer=attendee.organizer or attendee.email == organizer,
        )
        if attendee.resource:
            rooms.append(person)
        else:
            groups.setdefault(_organisation(attendee.email, you, rules, customers), []).append(
                person
            )
    if organizer and organizer not in listed:  # Graph leaves the organizer out of attendees
        you = organizer in mine
        name = _organisation(organizer, you, rules, customers)
        groups.setdefault(name, []).insert(0, Person(organizer, None, "", you, organizer=True))
    ordered = sorted(groups.items(), key=lambda kv: kv[0] != ours_name)
    out = [Organisation(name, tuple(p), ours=name == ours_name) for name, p in ordered]
    if rooms:
        out.append(Organisation("Rooms", tuple(rooms)))
    return tuple(out)


def _organisation(email: str, you: bool, rules: CompanyRules, customers: Mapping[str, str]) -> str:
    if you or rules.is_internal(email):
        return "Your company"
    domain = domain_of(email)
    if rules.is_free_mail(email):
        return f"{customer_name(email, customers)} (free-mail)"
    return customer_name(domain, customers)


def person_label(person: Person) -> str:
    who = person.name or person.email
    if person.name and person.email:
        who += f" <{person.email}>"
    extra = [person.answer] if person.answer else []
    if person.organizer:
        extra.append("organizer")
    if person.you:
        extra.append("you")
    return f"{who}  {', '.join(extra)}" if extra else who


def when_label(meeting: Meeting) -> str:
    if meeting.all_day:
        return meeting.start.strftime("%a %d %b, all day")
    end = f"-{meeting.end.strftime('%H:%M')}" if meeting.end else ""
    return meeting.start.strftime("%a %d %b %H:%M") + end


def prep_lines(sheet: PrepSheet) -> list[tuple[str, str]]:
    """(heading or "", line) pairs: the sheet as the CLI prints and the screen shows it."""
    meeting = sheet.meeting
    lines: list[tuple[str, str]] = [
        ("Meeting", f"{meeting_title(meeting)}  ({when_label(meeting)})"),
    ]
    if meeting.my_response:
        lines.append(("You", ANSWERS[meeting.my_response]))
    if meeting.customer:
        lines.append(("Customer", meeting.customer))
    lines.append(("Join", join_label(meeting)))
    lines += [("Dial-in", dial_in_label(entry)) for entry in meeting.dial_in]
    for org in sheet.organisations:
        count = len(org.people)
        lines.append(("", ""))
        lines.append((f"{org.name} ({count})", ""))
        lines += [("", f"  {person_label(p)}") for p in org.people]
    if meeting.attendees_omitted:
        lines.append(("", "  ... the calendar did not list every guest"))
    if meeting.customer:
        lines.append(("", ""))
        lines.append((f"Last notes about {meeting.customer}", ""))
        if not sheet.notes:
            lines.append(("", "  no notes yet"))
        for note in sheet.notes:
            stamp = note.created.strftime("%d %b %H:%M")
            lines.append(("", f"  {stamp}  {one_line(note.text, 64)}"))
    if sheet.jira_pending:
        lines.append(("", ""))
        lines.append(("Jira", "asking for the customer's issues and the keys in the invitation..."))
        return lines
    if sheet.jira_problem:
        lines.append(("", ""))
        lines.append(("Jira", sheet.jira_problem))
    if meeting.customer and not sheet.jira_problem:
        lines.append(("", ""))
        lines.append((f"Open issues naming {meeting.customer} ({len(sheet.customer_issues)})", ""))
        if not sheet.customer_issues:
            lines.append(("", "  none"))
        lines += [("", f"  {_issue_line(issue)}") for issue in sheet.customer_issues]
    if sheet.keys and not sheet.jira_problem:
        lines.append(("", ""))
        lines.append(("Issues in the invitation", ""))
        lines += [("", f"  {_issue_line(issue)}") for issue in sheet.mentioned]
        lines += [("", f"  {key}  not found in Jira") for key in sheet.unknown_keys]
    return lines


def _issue_line(issue: Issue) -> str:
    who = f"  ({issue.assignee})" if issue.assignee else ""
    return f"{issue.key:<9} {issue.status:<12}  {one_line(issue.summary, 70)}{who}"


def prep_text(sheet: PrepSheet) -> str:
    """The sheet as plain text lines."""
    out = []
    for heading, line in prep_lines(sheet):
        if heading and line:
            out.append(f"{heading:>9}  {line}")
        else:
            out.append(heading or line)
    meeting = sheet.meeting
    if meeting.location:
        out += ["", f"Location  {meeting.location}"]
    if meeting.description:
        out += ["", "Invitation", meeting.description]
    return "\n".join(out).rstrip()


def prep_to_json(sheet: PrepSheet) -> dict[str, Any]:
    """`cockpit prep --json`: the meeting's agenda fields plus the sheet's parts."""
    return {
        "meeting": meeting_to_json(sheet.meeting),
        "organisations": [
            {
                "name": org.name,
                "ours": org.ours,
                "people": [
                    {
                        "email": p.email,
                        "name": p.name,
                        "response": p.answer or None,
                        "you": p.you,
                        "organizer": p.organizer,
                    }
                    for p in org.people
                ],
            }
            for org in sheet.organisations
        ],
        "notes": [
            {"id": n.id, "created": n.created.isoformat(), "text": n.text} for n in sheet.notes
        ],
        "customer_issues": [issue_ref_json(i) for i in sheet.customer_issues],
        "customer_jql": sheet.customer_jql,
        "mentioned_issues": [issue_ref_json(i) for i in sheet.mentioned],
        "unknown_keys": list(sheet.unknown_keys),
        "jira_problem": sheet.jira_problem,
    }
