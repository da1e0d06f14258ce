"""Customer-call detection: which attendees are outside the company, and who the customer is.

A meeting is a customer call when someone outside the company's domains takes part:
an attendee or the organizer, leaving out the user, rooms and resources, group and
resource calendars (Google's `@group.calendar.google.com` and friends), attendees
who declined, and ignored domains (vendors, tools). Subdomains of a company domain
are internal. When the only outsiders use free-mail (gmail.com, outlook.com, ...),
the call is still flagged but with confidence "low". The user (`user_emails`, or
the address the source marks as the user's) is never an outsider, and the user's
own answer is read from their attendee entry when the source did not give it
(ICS and CalDAV `PARTSTAT`). A guest list the source cut (`attendees_omitted`) is
still classified; the panes say the list was partial.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import field, replace

from cockpit.models import Attendee, Meeting, MyResponse, Response
from cockpit.records import record

DEFAULT_FREE_MAIL: frozenset[str] = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk",
        "live.com", "msn.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "icloud.com",
        "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "pm.me",
        "gmx.com", "gmx.de", "gmx.net", "web.de", "yandex.com", "yandex.ru", "mail.ru",
        "zoho.com", "fastmail.com", "hey.com", "qq.com", "163.com", "tutanota.com",
    }
)  # fmt: skip
"""Consumer mail providers: an outsider there is likely, not surely, a customer."""

GROUP_CALENDAR_DOMAINS = (
    "group.calendar.google.com",
    "resource.calendar.google.com",
    "group.v.calendar.google.com",
    "import.calendar.google.com",
)
"""Calendars, not people: never make a meeting a customer call."""


def domain_of(email: str) -> str:
    """'Ann@Sales.Globex.com' -> 'sales.globex.com'; '' when there is no domain."""
    _, at, domain = email.strip().lower().rpartition("@")
    return domain.strip(".>") if at else ""


def _within(domain: str, parents: Iterable[str]) -> bool:
    return any(domain == p or domain.endswith("." + p) for p in parents)


def _norm(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(v.strip().lower().lstrip("@") for v in values if v and v.strip())


@record
class CompanyRules:
    """What counts as inside the company; built from `[company]` in the config."""

    domains: tuple[str, ...]
    ignore_domains: tuple[str, ...] = ()
    user_emails: tuple[str, ...] = ()
    free_mail_domains: frozenset[str] = field(default=DEFAULT_FREE_MAIL)

    def __post_init__(self) -> None:
        object.__setattr__(self, "domains", _norm(self.domains))
        object.__setattr__(self, "ignore_domains", _norm(self.ignore_domains))
        object.__setattr__(self, "user_emails", _norm(self.user_emails))
        object.__setattr__(self, "free_mail_domains", frozenset(_norm(self.free_mail_domains)))

    @property
    def company_domains(self) -> tuple[str, ...]:
        """The configured domains, or the user's own domains when none are configured."""
        if self.domains:
            return self.domains
        own = (domain_of(e) for e in self.user_emails)
        return tuple(d for d in own if d and d not in self.free_mail_domains)

    def is_internal(self, email: str) -> bool:
        """The user, or an address in a company domain (or a subdomain of one)."""
        email = email.strip().lower()
        return email in self.user_emails or _within(domain_of(email), self.company_domains)

    def is_outsider(self, email: str) -> bool:
        """Outside the company and not a calendar, an ignored domain or an address-less name."""
        domain = domain_of(email)
        if not domain or self.is_internal(email):
            return False
        if _within(domain, GROUP_CALENDAR_DOMAINS):
            return False
        return not _within(domain, self.ignore_domains)

    def is_free_mail(self, email: str) -> bool:
        return domain_of(email) in self.free_mail_domains


def customer_name(key: str, customers: Mapping[str, str]) -> str:
    """Display name for a domain (or a free-mail address) from `[customers]`, else the key."""
    lowered = {k.strip().lower(): v for k, v in customers.items()}
    if key in lowered:
        return lowered[key]
    domain = domain_of(key) if "@" in key else key
    parts = domain.split(".")
    for i in range(len(parts) - 1):  # sales.globex.com -> globex.com
        if ".".join(parts[i:]) in lowered:
            return lowered[".".join(parts[i:])]
    return key


MY_RESPONSE: dict[Response, MyResponse] = {
    "accepted": "accepted",
    "tentative": "tentative",
    "declined": "declined",
    "needs-action": "needs_action",
}


def my_addresses(meeting: Meeting, rules: CompanyRules) -> frozenset[str]:
    """The user's addresses in this meeting: `user_emails` and the source's `me`."""
    mine = set(rules.user_emails)
    if meeting.me:
        mine.add(meeting.me.strip().lower())
    return frozenset(mine)


def my_response(meeting: Meeting, rules: CompanyRules) -> MyResponse | None:
    """The source's answer for the user, else the user's own attendee entry's."""
    if meeting.my_response is not None:
        return meeting.my_response
    mine = my_addresses(meeting, rules)
    for attendee in meeting.attendees:
        if attendee.email in mine and attendee.response is not None:
            return MY_RESPONSE.get(attendee.response)
    if meeting.organizer and meeting.organizer.lower() in mine:
        return "accepted"
    return None


def classify(meeting: Meeting, rules: CompanyRules, customers: Mapping[str, str]) -> Meeting:
    """The meeting with `Attendee.external`, `customer`, `customer_confidence` and
    `my_response` set."""
    mine = my_addresses(meeting, rules)
    meeting = replace(meeting, my_response=my_response(meeting, rules))
    attendees = tuple(
        replace(a, external=not a.resource and a.email not in mine and rules.is_outsider(a.email))
        for a in meeting.attendees
    )
    outsiders = [a.email for a in attendees if _counts(a)]
    organizer = (meeting.organizer or "").lower()
    if organizer and organizer not in mine and rules.is_outsider(organizer):
        declined = any(a.email == organizer and a.response == "declined" for a in attendees)
        if not declined:
            outsiders.append(organizer)
    if not outsiders:
        return replace(meeting, attendees=attendees, customer=None, customer_confidence=None)
    business = [e for e in outsiders if not rules.is_free_mail(e)]
    if business:
        counts = Counter(_registrable(domain_of(e)) for e in business)
        domain = max(counts, key=lambda d: (counts[d], -list(counts).index(d)))
        return replace(
            meeting,
            attendees=attendees,
            customer=customer_name(domain, customers),
            customer_confidence="high",
        )
    return replace(
        meeting,
        attendees=attendees,
        customer=customer_name(outsiders[0], customers),
        customer_confidence="low",
    )


def _counts(attendee: Attendee) -> bool:
    return attendee.external and attendee.response != "declined"


def _registrable(domain: str) -> str:
    """Group eu.globex.com with globex.com (a rough eTLD+1, good enough for grouping)."""
    parts = domain.split(".")
    if len(parts) > 2 and len(parts[-1]) == 2 and parts[-2] in {"co", "com", "org", "net", "ac"}:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])
