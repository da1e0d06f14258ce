"""The demo's second Jira site (Data Center): production incidents and customer escalations.

Project OPS holds the incidents Technical Support works with the team; project CS
the problems Customer Success raised, each labelled with the customer's name (the
demo calendar's customers). Dates are relative to today; a few are due already.
"""

from __future__ import annotations

import datetime as dt

from cockpit.fakejira.core import FakeJira
from cockpit.fakejira.state import FakeIssue

OPS_SITE = "https://ops.demo.cockpit.invalid"
OPS_TOKEN = "demo-ops-token"

# (summary, priority, status, assignee, days since created)
INCIDENTS = (
    (
        "Payouts delayed for EU sellers after bank cut-off change",
        "Highest",
        "In Progress",
        "Ben Okafor",
        1,
    ),
    ("Checkout 502s from the card vault during peak", "High", "In Progress", "Chen Wei", 2),
    ("3DS challenge page blank on Safari 18", "High", "To Do", None, 0),
    ("Refund webhooks retried 40 times", "Medium", "In Review", "Dana Levi", 4),
    ("Duplicate payout e-mails for one seller", "Low", "To Do", "Emre Yilmaz", 9),
    ("Card vault certificate expired on staging", "Medium", "Done", "Chen Wei", 12),
)
# (summary, customer label, priority, status, days since created, due in days)
ESCALATIONS = (
    (
        "Payout report totals do not match the bank statement",
        "Globex",
        "Highest",
        "In Progress",
        3,
        -1,
    ),
    ("Seller onboarding stuck at tax ID for 40 sellers", "Hooli", "High", "To Do", 2, 2),
    ("Asks for SEPA Instant payouts before Q3 launch", "Hooli", "Medium", "To Do", 6, 14),
    ("SCA prompts twice for returning buyers", "Initech", "High", "In Progress", 5, 1),
    ("Invoices missing VAT number since the last release", "Umbrella", "Medium", "In Review", 8, 5),
)


def _at(today: dt.date, days_ago: int) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    return dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=dt.UTC)


def demo_ops_jira(today: dt.date) -> FakeJira:
    """A fresh Data Center fake with the incidents and escalations."""
    fake = FakeJira(
        flavor="datacenter",
        base_url=OPS_SITE,
        token=OPS_TOKEN,
        board_id=7,
        board_name="Support",
        user="Pat Morgan",
    )
    for n, (summary, priority, status, who, age) in enumerate(INCIDENTS, start=1):
        fake.add_issue(
            FakeIssue(
                key=f"OPS-{n}",
                summary=summary,
                type="Incident",
                status=status,
                priority=priority,
                assignee=who,
                created=_at(today, age),
                updated=_at(today, 0),
            )
        )
    for n, (summary, customer, priority, status, age, due) in enumerate(ESCALATIONS, start=1):
        fake.add_issue(
            FakeIssue(
                key=f"CS-{n}",
                summary=summary,
                type="Task",
                status=status,
                priority=priority,
                assignee="Maya Brooks",
                created=_at(today, age),
                updated=_at(today, 0),
                labels=[customer],
                due=today + dt.timedelta(days=due),
            )
        )
    return fake
