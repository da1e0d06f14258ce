"""The demo's objectives and key results, and the history the store starts with:
tracked numbers set over the past weeks, and weekly done/total rows for the
burn-up charts (the demo's first refresh adds this week's)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from cockpit.config.objectives import KeyResultConfig, ObjectiveConfig
from cockpit.store.db import Store

CONVERSION = "Conversion from 3.1% to 3.5%"
PAYOUTS = "Payouts within 24 h from 40% to 90%"


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def demo_objectives(today: date) -> tuple[ObjectiveConfig, ...]:
    quarter = quarter_of(today)
    return (
        ObjectiveConfig(
            "Checkout converts better",
            quarter,
            (
                KeyResultConfig("Ship one-page checkout", jql='fixVersion = "4.2"'),
                KeyResultConfig(CONVERSION, start=3.1, target=3.5),
            ),
        ),
        ObjectiveConfig(
            "Sellers get paid faster",
            quarter,
            (
                KeyResultConfig("Payouts epic done", jql="parent = PAY-2"),
                KeyResultConfig(PAYOUTS, start=40, target=90),
            ),
        ),
    )


NUMBERS = {  # title -> values, one a week, the last this week
    CONVERSION: (3.1, 3.12, 3.18, 3.17, 3.24, 3.3),
    PAYOUTS: (40, 41, 45, 52, 55, 58),
}
WEEKS = {  # item -> (done, total) for past weeks, oldest first (this week comes from Jira)
    "release:10101": ((0, 5), (1, 6), (2, 7), (3, 7), (4, 8), (4, 8)),
    "release:10102": ((0, 4), (0, 5), (1, 5), (1, 6), (1, 7), (1, 7)),
    "release:10103": ((0, 2), (0, 3), (0, 3), (0, 4), (0, 4)),
    "epic:PAY-1": ((3, 20), (4, 24), (5, 26), (6, 27), (7, 29), (7, 30)),
    "epic:PAY-2": ((0, 14), (1, 16), (1, 18), (2, 19), (2, 20), (2, 21)),
    "epic:PAY-3": ((0, 10), (0, 12), (0, 13), (1, 14), (1, 16), (1, 17)),
    "epic:PAY-79": ((0, 1),),
}


def seed_roadmap(store: Store, today: date) -> None:
    """Key-result values and burn-up weeks of the past weeks."""
    for title, values in NUMBERS.items():
        for weeks_ago, value in enumerate(reversed(values)):
            when = datetime.combine(today - timedelta(weeks=weeks_ago), time(9), UTC)
            store.add_kr_value(title, value, when - timedelta(days=1))
    rows = [
        (item, today - timedelta(weeks=len(points) - n), done, total)
        for item, points in WEEKS.items()
        for n, (done, total) in enumerate(points)
    ]
    store.save_weeks(rows)
