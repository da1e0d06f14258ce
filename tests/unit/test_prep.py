"""The prep sheet: people by organisation, keys in the invitation, the customer's
JQL, and the whole sheet gathered from the demo's store and its fake Jira."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cockpit.demo.workspace import demo_workspace
from cockpit.domain.classify import CompanyRules, classify
from cockpit.domain.prep import customer_jql, keys_in, prep_text, prep_to_json, who_comes
from cockpit.fakejira.jql import matches, parse
from cockpit.models import Attendee, Meeting, Note
from cockpit.sync.prep import NoSuchMeeting, build_prep, find_meeting

TZ = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 26, 10, 20, tzinfo=TZ)
ACME = CompanyRules(domains=("acme.com",), user_emails=("pat@acme.com",))


def test_keys_in_title_and_description() -> None:
    assert keys_in(
        "Review PAY-12 and OPS-7", "see PAY-12, X-1, pay-3, ABC-0, https://j/PAY-99x"
    ) == (
        "PAY-12",
        "OPS-7",
    )


def test_customer_jql_asks_for_labels_or_the_name_and_is_valid_jql() -> None:
    jql = customer_jql('Globex "EU"', ["globex.com", "eu.globex.co.uk"])
    assert jql == (
        'statusCategory != Done AND (labels in ("globex-eu", "globex") OR '
        'summary ~ "\\"Globex EU\\"") ORDER BY updated DESC'
    )
    query = parse(customer_jql("Globex", ["globex.com"]))
    issue = {"statuscategory": ["To Do", "new"], "labels": [], "summary": ["SSO for GLOBEX"]}
    assert matches(query.where, lambda name: issue.get(name))
    issue["summary"] = ["SSO"]
    issue["labels"] = ["globex"]
    assert matches(query.where, lambda name: issue.get(name))
    issue["labels"] = []
    assert not matches(query.where, lambda name: issue.get(name))


def test_people_by_organisation_with_answers_you_and_the_unlisted_organizer() -> None:
    meeting = Meeting(
        uid="u",
        title="Contoso sync",
        start=NOW,
        end=None,
        calendar="Office",
        attendees=(
            Attendee("pat@acme.com", "Pat", "needs-action"),
            Attendee("lee@acme.com", "Lee", "accepted"),
            Attendee("ann@contoso.com", "Ann", "tentative"),
            Attendee("room4@acme.com", "Room 4", "accepted", resource=True),
        ),
        organizer="dana@contoso.com",  # Graph leaves the organizer out of attendees
        my_response="declined",
    )
    meeting = classify(meeting, ACME, {"contoso.com": "Contoso"})
    groups = who_comes(meeting, ACME, {"contoso.com": "Contoso"})
    shown = [[(p.email, p.answer, p.you, p.organizer) for p in g.people] for g in groups]
    assert [g.name for g in groups] == ["Your company", "Contoso", "Rooms"]
    assert shown == [
        [("pat@acme.com", "declined", True, False), ("lee@acme.com", "accepted", False, False)],
        [("dana@contoso.com", "", False, True), ("ann@contoso.com", "maybe", False, False)],
        [("room4@acme.com", "accepted", False, False)],
    ]


async def test_the_sheet_of_a_demo_customer_call(tmp_path: Path) -> None:
    workspace = demo_workspace(clock=lambda: NOW, tz=TZ, data_dir=tmp_path)
    try:
        workspace.store.add_note(Note(None, NOW, "Globex wants SSO first", customer="Globex"))
        workspace.store.add_note(Note(None, NOW, "About Initech", customer="Initech"))
        meeting = await find_meeting(workspace, "globex-checkin@demo.cockpit", NOW.date())
        sheet = await build_prep(workspace, meeting)
    finally:
        await workspace.aclose()
        workspace.store.close()
    assert [n.text for n in sheet.notes] == ["Globex wants SSO first"]
    assert [i.key for i in sheet.customer_issues] == ["PAY-20", "PAY-6"]  # labelled "globex"
    assert [(i.key, i.status) for i in sheet.mentioned] == [("PAY-6", "To Do")]
    assert sheet.jira_problem is None and not sheet.jira_pending
    text = prep_text(sheet)
    for line in (
        "Globex (2)",
        "  Hank Globex <hank@globex.com>  not answered",
        "Open issues naming Globex (2)",
        "  PAY-6     To Do         Save card details for returning customers  (Ana Costa)",
        "  Dial-in  +16465558656  PIN 81234567890#",
    ):
        assert line in text.splitlines(), line
    data = prep_to_json(sheet)
    assert data["meeting"]["uid"] == "globex-checkin@demo.cockpit"
    assert data["customer_issues"][0]["key"] == "PAY-20"
    assert [o["name"] for o in data["organisations"]] == ["Your company", "Globex"]


async def test_next_and_an_unknown_uid(tmp_path: Path) -> None:
    workspace = demo_workspace(clock=lambda: NOW, tz=TZ, data_dir=tmp_path)
    try:
        nxt = await find_meeting(workspace, "next", NOW.date())
        assert nxt.title == "Globex: renewal check-in"  # 11:30; the refinement at 10:00 runs
        with pytest.raises(NoSuchMeeting, match="no meeting with UID 'nope'"):
            await find_meeting(workspace, "nope", NOW.date())
    finally:
        await workspace.aclose()
        workspace.store.close()


async def test_jira_that_fails_leaves_the_rest_of_the_sheet(tmp_path: Path) -> None:
    workspace = demo_workspace(clock=lambda: NOW, tz=TZ, data_dir=tmp_path)
    try:
        meeting = await find_meeting(workspace, "globex-checkin@demo.cockpit", NOW.date())
        assert workspace.fake_jira is not None
        workspace.fake_jira.inject(403, path="search", times=None)
        sheet = await build_prep(workspace, meeting)
    finally:
        await workspace.aclose()
        workspace.store.close()
    assert sheet.jira_problem and not sheet.customer_issues
    assert "Globex (2)" in prep_text(sheet)
