"""Customer-call detection: who is external and who the customer is."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cockpit.domain.classify import CompanyRules, classify
from cockpit.models import Attendee, Meeting

RULES = CompanyRules(("acme.com",), ignore_domains=("zoom.us",), user_emails=("PM@acme.com",))
CUSTOMERS = {"globex.com": "Globex"}
START = datetime(2024, 3, 5, 10, tzinfo=ZoneInfo("Europe/Lisbon"))


def meeting(*emails: str, organizer: str | None = None, declined: tuple[str, ...] = ()) -> Meeting:
    people = tuple(
        Attendee(
            email=e.removeprefix("room:"),
            resource=e.startswith("room:"),
            response="declined" if e in declined else "accepted",
        )
        for e in emails
    )
    return Meeting("u", "Sync", START, None, "Work", attendees=people, organizer=organizer)


@pytest.mark.parametrize(
    ("emails", "organizer", "customer", "confidence"),
    [
        (("pm@acme.com", "ann@acme.com"), None, None, None),
        (("pm@acme.com", "gina@globex.com"), None, "Globex", "high"),
        (("pm@acme.com", "x@eu.globex.com"), None, "Globex", "high"),  # subdomain of a customer
        (("pm@acme.com", "bob@initech.com"), None, "initech.com", "high"),
        (("pm@acme.com", "dev@eng.acme.com"), None, None, None),  # company subdomain
        (("pm@acme.com", "room:room-1@resources.example.com"), None, None, None),
        (("pm@acme.com", "abc123@group.calendar.google.com"), None, None, None),
        (("pm@acme.com", "c_1889@resource.calendar.google.com"), None, None, None),
        (("pm@acme.com", "bot@zoom.us"), None, None, None),  # ignored domain
        (("pm@acme.com", "jane@gmail.com"), None, "jane@gmail.com", "low"),
        (("pm@acme.com", "jane@gmail.com", "lee@initech.com"), None, "initech.com", "high"),
        (("pm@acme.com",), "lee@initech.com", "initech.com", "high"),  # organizer only
        (("pm@acme.com",), None, None, None),
    ],
)
def test_customer_detection(
    emails: tuple[str, ...], organizer: str | None, customer: str | None, confidence: str | None
) -> None:
    result = classify(meeting(*emails, organizer=organizer), RULES, CUSTOMERS)
    assert (result.customer, result.customer_confidence) == (customer, confidence)


def test_declined_outsider_does_not_make_a_customer_call_but_is_marked_external() -> None:
    result = classify(
        meeting("pm@acme.com", "gina@globex.com", declined=("gina@globex.com",)), RULES, CUSTOMERS
    )
    assert result.customer is None
    assert [a.external for a in result.attendees] == [False, True]


def test_the_user_on_a_personal_address_is_not_a_customer() -> None:
    rules = CompanyRules(("acme.com",), user_emails=("pat.personal@gmail.com",))
    assert classify(meeting("pat.personal@gmail.com"), rules, {}).customer is None


def test_majority_domain_names_the_customer() -> None:
    result = classify(
        meeting("pm@acme.com", "a@initech.com", "g1@globex.com", "g2@globex.com"), RULES, CUSTOMERS
    )
    assert result.customer == "Globex"


def test_rooms_are_never_external() -> None:
    result = classify(meeting("pm@acme.com", "room:room@rooms.other.com"), RULES, CUSTOMERS)
    assert [a.external for a in result.attendees] == [False, False]
