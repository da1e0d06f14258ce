"""The demo workspace's calendar: a realistic PM day, generated relative to today.

`demo_calendar_ics(today, tz)` returns iCalendar text that goes through the same
parser as a real feed, so the demo exercises recurrences (a weekday stand-up that
started weeks ago, a weekly 1:1, a moved occurrence), an all-day item, a
cancelled and a tentative meeting, one the user declined (hidden until `D`), and
customer calls today and in the next days.
Meetings run from early morning to evening, so there is a "now" or "next" at any
hour.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from cockpit.domain.standup import previous_workday

DEMO_COMPANY: tuple[str, ...] = ("acme.com",)
DEMO_USER = "pm@acme.com"
DEMO_CUSTOMERS: dict[str, str] = {
    "globex.com": "Globex",
    "initech.com": "Initech",
    "umbrella-corp.com": "Umbrella",
    "hooli.com": "Hooli",
}
DEMO_CALENDAR_NAME = "Work"

_PEOPLE = {
    "pm@acme.com": "Pat Manager",
    "alex@acme.com": "Alex Dev",
    "sam@acme.com": "Sam Engineer",
    "lee@acme.com": "Lee Design",
    "kim@acme.com": "Kim Sales",
    "gina@globex.com": "Gina Globex",
    "hank@globex.com": "Hank Globex",
    "bill.lumbergh@initech.com": "Bill Lumbergh",
    "ada@umbrella-corp.com": "Ada Wong",
    "gavin@hooli.com": "Gavin Belson",
    "jane.doe.consulting@gmail.com": "Jane Doe",
}


def _person(email: str, partstat: str = "ACCEPTED", *, cutype: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(_PEOPLE.get(email, email.split("@")[0]))
    address.params["PARTSTAT"] = partstat
    if cutype:
        address.params["CUTYPE"] = cutype
    return address


def _event(
    uid: str,
    title: str,
    start: datetime | date,
    end: datetime | date,
    *,
    organizer: str = DEMO_USER,
    attendees: tuple[tuple[str, str], ...] = (),
    location: str | None = None,
    description: str | None = None,
    status: str = "CONFIRMED",
) -> Event:
    event = Event()
    event.add("uid", f"{uid}@demo.cockpit")
    event.add("summary", title)
    event.add("dtstamp", datetime(2024, 1, 1, tzinfo=ZoneInfo("UTC")))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("status", status)
    if attendees:
        event.add("organizer", _person(organizer))
        for email, partstat in attendees:
            event.add("attendee", _person(email, partstat))
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    return event


def demo_calendar_ics(today: date, tz: ZoneInfo) -> str:
    """A day of a product manager's meetings around `today`, as iCalendar text."""

    def at(day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=tz)

    tomorrow, in_two, in_three = (today + timedelta(days=n) for n in (1, 2, 3))
    team = (
        ("alex@acme.com", "ACCEPTED"),
        ("sam@acme.com", "ACCEPTED"),
        ("lee@acme.com", "TENTATIVE"),
    )
    cal = Calendar()
    cal.add("prodid", "-//PM Cockpit//demo calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", DEMO_CALENDAR_NAME)

    freeze = _event("release-freeze", "Release freeze (v4.2)", today, today + timedelta(days=2))
    cal.add_component(freeze)

    cal.add_component(
        _event(
            "handoff", "US/EU handoff notes", at(today, 7, 30), at(today, 8, 0),
            description="Read the overnight support digest before stand-up.",
        )
    )  # fmt: skip

    standup_start = today - timedelta(days=42)
    standup = _event(
        "standup", "Daily stand-up", at(standup_start, 9, 30), at(standup_start, 9, 45),
        attendees=(("pm@acme.com", "ACCEPTED"), *team),
        location="https://meet.google.com/abc-defg-hij",
    )  # fmt: skip
    standup.add("rrule", {"freq": "daily", "byday": ["MO", "TU", "WE", "TH", "FR"]})
    if today.weekday() >= 5:  # the demo should look like a working day, even on a weekend
        standup.add("rdate", at(today, 9, 30))
    cal.add_component(standup)
    moved = _event(
        "standup", "Daily stand-up (after all-hands)", at(tomorrow, 10, 30), at(tomorrow, 10, 45),
        attendees=(("pm@acme.com", "ACCEPTED"), *team),
    )  # fmt: skip
    moved.add("recurrence-id", at(tomorrow, 9, 30))
    cal.add_component(moved)

    cal.add_component(
        _event(
            "refinement", "Backlog refinement: payments epic", at(today, 10, 0), at(today, 11, 0),
            attendees=(("pm@acme.com", "ACCEPTED"), *team),
            location="Room Lisbon / https://meet.google.com/ref-inem-ent",
        )
    )  # fmt: skip
    cal.add_component(
        _event(
            "globex-checkin", "Globex: renewal check-in", at(today, 11, 30), at(today, 12, 0),
            attendees=(
                ("pm@acme.com", "ACCEPTED"), ("gina@globex.com", "ACCEPTED"),
                ("hank@globex.com", "NEEDS-ACTION"), ("kim@acme.com", "ACCEPTED"),
            ),
            description="Join Zoom Meeting\nhttps://acme.zoom.us/j/81234567890?pwd=demo\n"
            "Agenda: SSO rollout, invoice export (PAY-6), renewal timeline.\n"
            "One tap mobile: +16465558656,,81234567890# US (New York)",
        )
    )  # fmt: skip
    cal.add_component(
        _event(
            "design-review", "Design review: onboarding flow", at(today, 12, 30),
            at(today, 13, 30),
            attendees=(("pm@acme.com", "ACCEPTED"), ("lee@acme.com", "ACCEPTED")),
            status="CANCELLED",
        )
    )  # fmt: skip

    one_on_one_start = today - timedelta(weeks=6)
    one_on_one = _event(
        "1on1-alex", "1:1 Pat / Alex", at(one_on_one_start, 14, 0), at(one_on_one_start, 14, 30),
        attendees=(("pm@acme.com", "ACCEPTED"), ("alex@acme.com", "ACCEPTED")),
    )  # fmt: skip
    one_on_one.add("rrule", {"freq": "weekly"})
    cal.add_component(one_on_one)

    cal.add_component(
        _event(
            "initech-onboarding", "Initech onboarding call", at(today, 15, 0), at(today, 15, 45),
            organizer="bill.lumbergh@initech.com",
            attendees=(
                ("bill.lumbergh@initech.com", "ACCEPTED"), ("pm@acme.com", "ACCEPTED"),
                ("sam@acme.com", "DECLINED"),
            ),
            location="Microsoft Teams Meeting",
            description="Join: https://teams.microsoft.com/l/meetup-join/19%3ameeting_demo"
            "%40thread.v2/0",
        )
    )  # fmt: skip
    cal.add_component(
        _event(
            "roadmap-sales", "Roadmap sync with Sales", at(today, 16, 30), at(today, 17, 0),
            attendees=(("pm@acme.com", "TENTATIVE"), ("kim@acme.com", "ACCEPTED")),
            status="TENTATIVE",
        )
    )  # fmt: skip
    cal.add_component(
        _event(
            "hooli-pricing", "Hooli: pricing deep-dive", at(today, 16, 0), at(today, 16, 30),
            organizer="gavin@hooli.com",
            attendees=(
                ("gavin@hooli.com", "ACCEPTED"), ("pm@acme.com", "DECLINED"),
                ("kim@acme.com", "ACCEPTED"),
            ),
            description="Pricing tiers for Hooli's marketplace. Kim covers it.",
        )
    )  # fmt: skip
    cal.add_component(
        _event(
            "stakeholder-prep", "Stakeholder update: write-up", at(today, 17, 30),
            at(today, 18, 15),
        )
    )  # fmt: skip
    cal.add_component(
        _event(
            "umbrella-apac", "Umbrella: APAC pilot review", at(today, 20, 0), at(today, 20, 45),
            attendees=(("pm@acme.com", "ACCEPTED"), ("ada@umbrella-corp.com", "ACCEPTED")),
            location="https://meet.google.com/umb-rell-apac",
        )
    )  # fmt: skip

    # a weekly customer call on the working day before today, for the stakeholder update
    held = previous_workday(today) - timedelta(weeks=6)
    weekly = _event(
        "hooli-weekly", "Hooli: weekly pilot sync", at(held, 16, 0), at(held, 16, 30),
        attendees=(("pm@acme.com", "ACCEPTED"), ("gavin@hooli.com", "ACCEPTED")),
    )  # fmt: skip
    weekly.add("rrule", {"freq": "weekly", "until": at(today, 0, 0)})
    cal.add_component(weekly)

    # customer calls in the next days
    cal.add_component(
        _event(
            "globex-qbr", "Globex quarterly business review", at(tomorrow, 13, 0),
            at(tomorrow, 14, 0),
            attendees=(("pm@acme.com", "ACCEPTED"), ("gina@globex.com", "ACCEPTED")),
            location="https://acme.zoom.us/j/89876543210",
        )
    )  # fmt: skip
    cal.add_component(
        _event(
            "hooli-discovery", "Hooli discovery call", at(in_two, 16, 0), at(in_two, 16, 30),
            attendees=(("pm@acme.com", "ACCEPTED"), ("gavin@hooli.com", "NEEDS-ACTION")),
        )
    )  # fmt: skip
    cal.add_component(
        _event(
            "jane-intro", "Intro: Jane Doe (consultant)", at(in_three, 9, 0), at(in_three, 9, 30),
            attendees=(
                ("pm@acme.com", "ACCEPTED"), ("jane.doe.consulting@gmail.com", "ACCEPTED"),
            ),
        )
    )  # fmt: skip
    cal.add_missing_timezones()
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")
