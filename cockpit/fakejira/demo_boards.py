"""The demo's boards: the payments team's Scrum board (42) with an active sprint, and
the machine-learning team's Kanban board (57), one of its columns over its WIP limit.

The sprint's issues are new (numbered after every other PAY issue), so the Backlog
pane of board 42 is the same sixty issues as before there were boards; the ML issues
are in project ML, outside the payments board and the Blocked pane's scope.
"""

from __future__ import annotations

import datetime as dt

from cockpit.fakejira.boards import FakeBoard, FakeColumn, FakeSprint
from cockpit.fakejira.core import FakeJira
from cockpit.fakejira.state import FakeIssue

ML_BOARD = 57
SPRINT: tuple[tuple[str, str, float, str], ...] = (  # (summary, status, points, assignee)
    ("Card form: remember the billing country", "Done", 3, "Ana Costa"),
    ("Payout ETA: copy review with legal", "Done", 2, "Ben Okafor"),
    ("3DS2 frictionless flow for low-risk carts", "In Progress", 5, "Fatima Noor"),
    ("Seller dashboard: payout history filter", "In Review", 3, "Dana Levi"),
    ("Apple Pay on the product page", "To Do", 8, "Emre Yilmaz"),
)
ML: tuple[tuple[str, str, str, str | None], ...] = (  # (summary, status, priority, assignee)
    ("Fraud model v7: retrain on Q3 chargebacks", "In Progress", "High", "Chen Wei"),
    ("Feature store: backfill seller tenure", "In Progress", "Medium", "Priya Shah"),
    ("Payout risk score: shadow mode in production", "In Progress", "Highest", "Tomás Ruiz"),
    ("Label 2,000 disputed transactions", "In Progress", "Medium", "Priya Shah"),
    ("Drift alert when approval rate drops 2 points", "In Review", "High", "Chen Wei"),
    ("Explainability report for the risk team", "To Do", "Medium", None),
    ("Evaluate gradient boosting vs. the current model", "To Do", "Low", "Tomás Ruiz"),
    ("Model card for fraud model v6", "To Do", "Low", None),
    ("Fraud model v6 rollout to 100%", "Done", "High", "Chen Wei"),
)


def _at(today: dt.date, days: int) -> dt.datetime:
    day = today + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC)


def add_demo_boards(fake: FakeJira, today: dt.date) -> None:
    """Board 42 keeps project PAY and gains a sprint; board 57 (Kanban) is the ML team's."""
    payments = fake.boards[fake.board_id]
    payments.projects = ("PAY",)
    first = 1 + max(int(key.split("-")[1]) for key in fake.issues if key.startswith("PAY-"))
    for n, (summary, status, points, who) in enumerate(SPRINT, start=first):
        fake.add_issue(
            FakeIssue(
                f"PAY-{n}",
                summary,
                status=status,
                points=points,
                assignee=who,
                created=_at(today, -30),
                updated=_at(today, -20),
            )
        )
    payments.sprint = FakeSprint(
        14,
        "Payments sprint 14",
        _at(today, -6),
        _at(today, 4),
        [f"PAY-{n}" for n in range(first, first + len(SPRINT))],
        goal="One-page checkout in beta",
    )
    for n, (summary, status, priority, owner) in enumerate(ML, start=1):
        fake.add_issue(
            FakeIssue(
                f"ML-{n}",
                summary,
                type="Task",
                status=status,
                priority=priority,
                assignee=owner,
                created=_at(today, -40 + n),
                updated=_at(today, -25),
            )
        )
    fake.boards[ML_BOARD] = FakeBoard(
        ML_BOARD,
        "ML team",
        "kanban",
        ("ML",),
        [
            FakeColumn("Backlog", ("To Do",)),
            FakeColumn("In Progress", ("In Progress", "Blocked"), max=3),
            FakeColumn("Review", ("In Review",), max=2),
            FakeColumn("Done", ("Done", "Closed")),
        ],
        kanban_backlog=True,
    )
