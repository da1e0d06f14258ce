"""Invitation bodies: join links in the full (HTML) body, the provider, dial-in with
PIN, `attendeesOmitted`, HTML descriptions as text with their links listed."""

from __future__ import annotations

from support.recorded_calendars import google_meetings, graph_meetings

from cockpit.domain.classify import CompanyRules, classify
from cockpit.domain.present import customer_label, today_table
from cockpit.models import DialIn, Meeting, meeting_to_json
from cockpit.sources.dial_in import text_dial_in
from cockpit.sources.html_text import readable
from cockpit.sources.invitation import read_invitation
from cockpit.sources.join_links import provider_of
from cockpit.sources.microsoft import SELECT

ACME = CompanyRules(domains=("acme.com",))


def by_title(meetings: list[Meeting]) -> dict[str, Meeting]:
    return {m.title: m for m in meetings}


def test_graph_is_asked_for_the_body_not_the_preview() -> None:
    fields = SELECT.split(",")
    assert "body" in fields and "bodyPreview" not in fields


async def test_teams_link_and_dial_in_only_in_the_html_body() -> None:
    sync = by_title(await graph_meetings())["Contoso quarterly sync"]
    assert sync.join_url is not None
    assert sync.join_url.startswith("https://teams.microsoft.com/l/meetup-join/19%3ameeting_OWQ")
    assert sync.provider == "Teams"
    assert sync.dial_in == (DialIn("+1 425-555-0123", "987654321"),)
    assert sync.description is not None
    assert "<" not in sync.description and "Click here to join the meeting" in sync.description
    assert "- https://dialin.teams.microsoft.com/usp/pstnconferencing" in sync.description


async def test_graph_online_meeting_toll_numbers_and_conference_id() -> None:
    planning = by_title(await graph_meetings())["Sprint planning"]
    assert planning.provider == "Teams"
    assert planning.dial_in == (
        DialIn("+1 323-555-0166", "555123987"),
        DialIn("+1 800-555-0199", "555123987", "toll-free"),
    )
    assert planning.dial_in[0].dial_string() == "+13235550166,,555123987#"


async def test_google_phone_entry_point_pin_and_meet_named() -> None:
    onboarding = by_title(await google_meetings())["Initech onboarding PAY-12"]
    assert onboarding.join_url == "https://meet.google.com/abc-mnop-xyz"
    assert onboarding.provider == "Google Meet"
    assert onboarding.dial_in == (DialIn("+1 631-555-0199", "123456789", "US"),)
    data = meeting_to_json(onboarding)
    assert data["provider"] == "Google Meet"
    assert data["dial_in"] == [{"number": "+1 631-555-0199", "pin": "123456789", "label": "US"}]


async def test_google_html_description_is_readable_text_with_links_listed() -> None:
    onboarding = by_title(await google_meetings())["Initech onboarding PAY-12"]
    assert onboarding.description == (
        "Agenda for Initech:\n\n- status of PAY-12 & PAY-15\n\n- rollout plan\n\n"
        "Deck: slides\n\nLinks:\n- https://docs.google.com/presentation/d/1AbCdEf/edit"
    )


async def test_attendees_omitted_is_kept_and_said() -> None:
    allhands = by_title(await google_meetings())["Umbrella all-hands (guests hidden)"]
    assert allhands.attendees_omitted
    classified = classify(allhands, ACME, {"umbrella.com": "Umbrella"})
    assert classified.customer == "Umbrella"  # the outside organizer still counts
    assert customer_label(classified) == "Umbrella (partial guest list)"
    assert meeting_to_json(classified)["attendees_omitted"] is True
    row = today_table([classified], classified.start).rows[0]
    assert row.cells[4] == "1+"


def test_plain_text_bodies_and_other_providers() -> None:
    zoom = read_invitation(
        "Join Zoom Meeting\nhttps://us02web.zoom.us/j/85212345678?pwd=abc\n\n"
        "One tap mobile\n+16465588656,,85212345678# US (New York)\n"
    )
    assert (
        zoom.provider == "Zoom" and zoom.join_url == "https://us02web.zoom.us/j/85212345678?pwd=abc"
    )
    assert zoom.dial_in == (DialIn("+16465588656", "85212345678"),)
    assert provider_of("https://app.chime.aws/meetings/1234567890") == "Chime"
    assert provider_of("https://acme.webex.com/acme/j.php?MTID=m1") == "Webex"
    assert read_invitation("see https://app.chime.aws/meetings/1234567890").provider == "Chime"
    assert text_dial_in(["Dial +1 555 0100 200"]) == ()  # no PIN, no dial-in entry


def test_html_stays_inert_text() -> None:
    shown = readable('<p>[bold]hi[/bold] <a href="javascript:alert(1)">x</a></p><style>p{}</style>')
    assert shown == "[bold]hi[/bold] x"  # no javascript: link listed; markup left as text
    assert readable("plain <not a tag> text") == "plain <not a tag> text"
