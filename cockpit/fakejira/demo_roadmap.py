"""The demo's roadmap: three open releases (on track, at risk, no date), one
released last week, and a fourth epic, dates relative to today.

Only issues that are done are added (and long ago), so no pane, stand-up or
update of the demo changes: the releases gather existing backlog issues.
"""

from __future__ import annotations

import datetime as dt

from cockpit.fakejira.core import FakeJira
from cockpit.fakejira.state import FakeIssue

PROJECT = "PAY"
# name, description, start (days from today), release (days from today), released
RELEASES = (
    ("4.1", "Checkout polish", -60, -9, True),
    ("4.2", "One-page checkout", -40, 14, False),
    ("4.3", "Payouts in 24 hours", -30, 10, False),
    ("5.0", "Strong customer authentication", None, None, False),
)
MEMBERS = {  # existing backlog issues in each open release
    "4.2": ("PAY-4", "PAY-5", "PAY-7"),
    "4.3": ("PAY-6", "PAY-8", "PAY-9", "PAY-11", "PAY-15", "PAY-19"),
    "5.0": ("PAY-13", "PAY-16", "PAY-18", "PAY-26"),
}
DONE: tuple[tuple[str, str, str | None, str], ...] = (  # key, summary, release, epic
    ("PAY-80", "One-page checkout behind a feature flag", "4.2", "PAY-1"),
    ("PAY-81", "Shipping and payment on one step", "4.2", "PAY-1"),
    ("PAY-82", "Inline card validation", "4.2", "PAY-1"),
    ("PAY-83", "Checkout A/B test set-up", "4.2", "PAY-1"),
    ("PAY-84", "Order review collapsed on mobile", "4.2", "PAY-1"),
    ("PAY-85", "Payout batching per seller", "4.3", "PAY-2"),
    ("PAY-86", "Receipt email redesign", "4.1", "PAY-1"),
    ("PAY-87", "Faster cart recalculation", "4.1", "PAY-1"),
    ("PAY-88", "DAC7 seller data model", None, "PAY-79"),
)
NEW_EPIC: tuple[str, str, int] = ("PAY-79", "Seller tax reporting (DAC7)", 75)
"""key, summary, due in days (created 20 days ago)."""
DUE = {"PAY-1": 14, "PAY-2": 10, "PAY-79": NEW_EPIC[2]}
"""Epic due dates in days from today (PAY-3 has none)."""


def _at(today: dt.date, days: int) -> dt.datetime:
    day = today + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=dt.UTC)


def add_roadmap(fake: FakeJira, today: dt.date) -> None:
    """Fix versions, their issues and a fourth epic on the demo Jira."""
    for name, description, start, release, released in RELEASES:
        fake.add_version(
            PROJECT,
            name,
            description=description,
            start=today + dt.timedelta(days=start) if start is not None else None,
            release=today + dt.timedelta(days=release) if release is not None else None,
            released=released,
        )
    for name, keys in MEMBERS.items():
        for key in keys:
            fake.issues[key].fix_versions.append(name)
    epic_key, epic_summary, _due = NEW_EPIC
    fake.add_issue(
        FakeIssue(
            epic_key,
            epic_summary,
            type="Epic",
            status="To Do",
            priority="Medium",
            assignee="Dana Levi",
            created=_at(today, -20),
            updated=_at(today, -20),
        )
    )
    for key, summary, version, epic in DONE:
        fake.add_issue(
            FakeIssue(
                key,
                summary,
                status="Done",
                priority="Medium",
                assignee="Chen Wei",
                epic=epic,
                created=_at(today, -45),
                updated=_at(today, -14),
                fix_versions=[version] if version else [],
            )
        )
    for epic, days in DUE.items():
        fake.issues[epic].due = today + dt.timedelta(days=days)
