"""The demo Jira: project PAY (a payments product team), board 42, dates relative to today.

About 60 backlog issues across three epics, with story points, priorities and six
people; some flagged (Impediment), two in a "Blocked" status, some linked "is
blocked by" open issues, and PAY-12 blocked only by an issue that is already Done
(so it must not count as blocked).

A week of history for the stand-up (`_history`): three issues done on the previous
working day and on Friday, one started, one newly blocked, one unblocked, one
slipped sprint. It changes no pane: the done issues are new, the others keep
their current state and only gain changelog entries.
"""

from __future__ import annotations

import datetime as dt

from cockpit.fakejira import history
from cockpit.fakejira.core import FakeJira
from cockpit.fakejira.demo_boards import add_demo_boards
from cockpit.fakejira.demo_roadmap import add_roadmap
from cockpit.fakejira.state import FakeIssue, Flavor

DEMO_SITE = "https://demo.cockpit.invalid"
DEMO_BOARD = 42
DEMO_PROJECT = "PAY"

PEOPLE = ("Ana Costa", "Ben Okafor", "Chen Wei", "Dana Levi", "Emre Yilmaz", "Fatima Noor")
EPICS = (
    ("PAY-1", "Checkout 2.0: one-page checkout"),
    ("PAY-2", "Payouts to sellers in 24 hours"),
    ("PAY-3", "PSD2 strong customer authentication"),
)

# (summary, type, priority, points, epic index)
BACKLOG: tuple[tuple[str, str, str, float | None, int], ...] = (
    ("Apple Pay button on the one-page checkout", "Story", "High", 5, 0),
    ("Card form loses input when the 3DS popup closes", "Bug", "Highest", 3, 2),
    ("Save card details for returning customers", "Story", "High", 8, 0),
    ("Payout batch job times out for sellers with 10k+ orders", "Bug", "High", 5, 1),
    ("Show payout ETA on the seller dashboard", "Story", "Medium", 3, 1),
    ("Exemption engine: low-value transactions skip SCA", "Story", "High", 8, 2),
    ("Address autocomplete in the checkout form", "Story", "Medium", 5, 0),
    ("Retry failed payouts automatically once", "Story", "Medium", 5, 1),
    ("Decline reason shown to the buyer is too technical", "Bug", "Medium", 2, 0),
    ("Instant payouts via SEPA Instant", "Story", "High", 13, 1),
    ("Migrate checkout analytics to the new event schema", "Task", "Low", 3, 0),
    ("Seller bank account verification with micro-deposits", "Story", "High", 8, 1),
    ("3DS2 challenge flow inside an iframe on mobile web", "Story", "Highest", 8, 2),
    ("Currency rounding differs between cart and receipt", "Bug", "High", 2, 0),
    ("Trusted beneficiaries list for SCA exemptions", "Story", "Medium", 5, 2),
    ("Payout statement PDF per month", "Story", "Low", 5, 1),
    ("Guest checkout without an account", "Story", "High", 8, 0),
    ("Load test the checkout API at 500 rps", "Task", "Medium", 3, 0),
    ("Webhook for payout status changes", "Story", "Medium", 3, 1),
    ("SCA audit log export for compliance", "Task", "Medium", 3, 2),
    ("Promo code field collapses on small screens", "Bug", "Low", 1, 0),
    ("Split payouts between multiple bank accounts", "Story", "Low", 8, 1),
    ("Fallback to SMS OTP when the banking app is unavailable", "Story", "High", 5, 2),
    ("Klarna pay-later option in checkout", "Story", "Medium", 8, 0),
    ("Payout holds for sellers under fraud review", "Story", "High", 5, 1),
    ("Track SCA challenge success rate in Grafana", "Task", "Medium", 2, 2),
    ("Checkout page weight above 1 MB on first load", "Bug", "Medium", 3, 0),
    ("Negative balance handling when refunds exceed payouts", "Story", "High", 8, 1),
    ("Update privacy notice for stored cards", "Task", "Low", 1, 0),
    ("Soft decline retry with 3DS for issuer code 1A", "Story", "High", 5, 2),
    ("Order summary sticky on desktop", "Story", "Low", 2, 0),
    ("Payout currency conversion at mid-market rate", "Story", "Medium", 8, 1),
    ("Duplicate charge when the buyer double-clicks Pay", "Bug", "Highest", 3, 0),
    ("Delegated authentication pilot with one issuer", "Story", "Low", 13, 2),
    ("Seller onboarding: collect tax ID before the first payout", "Story", "Medium", 5, 1),
    ("Accessibility pass on the card form (WCAG 2.2)", "Task", "Medium", 3, 0),
    ("Reconcile payout reports with the bank's CAMT.053 files", "Task", "High", 5, 1),
    ("Remember device for 90 days after a successful SCA", "Story", "Medium", 5, 2),
    ("Checkout error page shows a stack trace", "Bug", "High", 1, 0),
    ("Payout schedule: weekly or daily option per seller", "Story", "Medium", 5, 1),
    ("PSD2 exemption reporting to the acquirer", "Task", "Medium", 3, 2),
    ("Gift cards as a payment method", "Story", "Low", 8, 0),
    ("Payout failure email copy is confusing", "Bug", "Low", 1, 1),
    ("Biometric SCA in the iOS app", "Story", "High", 8, 2),
    ("Express checkout from the product page", "Story", "Medium", 8, 0),
    ("Freeze payouts when the bank account changes", "Story", "High", 3, 1),
    ("Timeout on the SCA callback leaves orders pending", "Bug", "High", 3, 2),
    ("Tax line missing for orders shipped to Norway", "Bug", "Medium", 2, 0),
    ("Payout API rate limits per seller", "Task", "Low", 3, 1),
    ("SCA for merchant-initiated subscriptions", "Story", "Medium", 5, 2),
    ("Checkout in Portuguese and Spanish", "Story", "Medium", 5, 0),
    ("Seller can download payout CSV", "Story", "Low", 2, 1),
    ("Spike: network tokens for stored cards", "Task", "Medium", None, 2),
    ("Cart total flickers while shipping is recalculated", "Bug", "Low", 1, 0),
    ("Payout dashboard loads in 6 s for big sellers", "Bug", "Medium", 3, 1),
    ("Confirm SCA wording with legal", "Task", "Medium", None, 2),
    ("One-click reorder from the order history", "Story", "Low", 5, 0),
    ("Notify sellers of upcoming payout holidays", "Story", "Lowest", 2, 1),
)

FLAGGED = {"PAY-9", "PAY-16", "PAY-30"}
BLOCKED_STATUS = {"PAY-7", "PAY-22"}
LINKS = (  # (blocker, blocked): the blocker is open
    ("PAY-70", "PAY-6"),
    ("PAY-71", "PAY-13"),
    ("PAY-70", "PAY-16"),
)
DONE_BLOCKER = ("PAY-72", "PAY-12")
"""PAY-12 'is blocked by' PAY-72, which is Done: PAY-12 is NOT blocked."""
IN_PROGRESS = {"PAY-5", "PAY-8", "PAY-10", "PAY-17", "PAY-36", "PAY-40"}
IN_REVIEW = {"PAY-4", "PAY-20"}
CUSTOMER_LABELS = {"PAY-6": ["globex"], "PAY-20": ["globex"], "PAY-16": ["initech"]}
"""Issues a customer asked for, labelled as teams do (the prep sheet finds them)."""


def _at(today: dt.date, days_ago: int, hour: int = 10) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)


def demo_jira(today: dt.date, flavor: Flavor = "cloud") -> FakeJira:
    """A fresh fake Jira with the demo data (each call starts from the same state)."""
    fake = FakeJira(
        flavor=flavor,
        base_url=DEMO_SITE,
        board_id=DEMO_BOARD,
        board_name="Payments team",
        user="Pat Morgan",
    )
    for n, (key, summary) in enumerate(EPICS):
        fake.add_issue(
            FakeIssue(
                key=key,
                summary=summary,
                type="Epic",
                status="In Progress",
                priority="High",
                assignee=PEOPLE[n],
                created=_at(today, 90 - n),
                updated=_at(today, 5 + n),
            )
        )
    for n, (summary, kind, priority, points, epic) in enumerate(BACKLOG, start=4):
        key = f"{DEMO_PROJECT}-{n}"
        status = (
            "Blocked"
            if key in BLOCKED_STATUS
            else "In Progress"
            if key in IN_PROGRESS
            else "In Review"
            if key in IN_REVIEW
            else "To Do"
        )
        created = _at(today, 60 - n % 50, 9 + n % 8)
        updated = _at(today, n % 9, 11 + n % 6)
        since = _at(today, 3 + n % 6) if status != "To Do" or key in FLAGGED else None
        fake.add_issue(
            FakeIssue(
                key=key,
                summary=summary,
                type=kind,
                status=status,
                priority=priority,
                assignee=PEOPLE[n % len(PEOPLE)] if n % 7 else None,
                points=points,
                flagged=key in FLAGGED,
                labels=list(CUSTOMER_LABELS.get(key, ())),
                epic=EPICS[epic][0],
                created=created,
                updated=max(updated, created),
                status_changed=since,
            )
        )
    blockers = (
        (
            "PAY-70",
            "Ledger service: expose payout holds API",
            "Task",
            "In Progress",
            "Platform team",
        ),
        ("PAY-71", "Issuer sandbox credentials for 3DS2 testing", "Task", "To Do", None),
        ("PAY-72", "Card vault upgrade to PCI DSS 4.0", "Task", "Done", "Chen Wei"),
    )
    for key, summary, kind, status, who in blockers:
        fake.add_issue(
            FakeIssue(
                key=key,
                summary=summary,
                type=kind,
                status=status,
                priority="High",
                assignee=who,
                created=_at(today, 40),
                updated=_at(today, 2),
                status_changed=_at(today, 2),
            )
        )
    for blocker, blocked in (*LINKS, DONE_BLOCKER):
        fake.link(blocker, blocked)
    fake.add_comment(
        "PAY-6",
        "Waiting on the ledger team's holds API; ETA next sprint.",
        author="Ana Costa",
        created=_at(today, 2, 15),
    )
    fake.add_comment(
        "PAY-13",
        "Issuer sandbox access requested on Monday.",
        author="Ben Okafor",
        created=_at(today, 1, 11),
    )
    _history(fake, today)
    add_roadmap(fake, today)
    add_demo_boards(fake, today)
    return fake


SHIPPED = (  # (key, summary, assignee, epic, days before today: 0 = previous working day)
    ("PAY-73", "Card form remembers input after the 3DS popup", "Fatima Noor", "PAY-3", 0),
    ("PAY-74", "Payout ETA shown on the seller dashboard", "Ben Okafor", "PAY-2", 0),
    ("PAY-75", "Apple Pay domain verification file", "Emre Yilmaz", "PAY-1", -1),
)


def _history(fake: FakeJira, today: dt.date) -> None:
    """Stand-up material relative to `today` (see the module docstring)."""
    weekday = today.weekday()
    previous = today - dt.timedelta(days=3 if weekday == 0 else 2 if weekday == 6 else 1)
    friday = today - dt.timedelta(days=(weekday - 4) % 7 or 7)

    def at(day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)

    for key, summary, who, epic, when in SHIPPED:
        day = previous if when == 0 else friday
        fake.add_issue(
            FakeIssue(
                key,
                summary,
                status="In Review",
                priority="High",
                assignee=who,
                epic=epic,
                created=_at(today, 20),
                updated=_at(today, 6),
            )
        )
        history.transition(fake, key, "Done", at(day, 14), author=who)
    fake.issues["PAY-10"].status = "To Do"  # started: To Do -> In Progress yesterday
    history.transition(fake, "PAY-10", "In Progress", at(previous, 11))
    history.record(  # newly blocked: PAY-13 "is blocked by" PAY-71 since yesterday
        fake,
        "PAY-13",
        at(previous, 12),
        history.FakeItem(
            "Link", "issuelinks", None, None, "PAY-71", "This issue is blocked by PAY-71"
        ),
    )
    history.flag(fake, "PAY-5", True, at(previous - dt.timedelta(days=2), 10))
    history.flag(fake, "PAY-5", False, at(previous, 15))  # unblocked yesterday
    history.sprint(fake, "PAY-8", (11,), (11, 12), at(previous, 16))  # slipped a sprint
