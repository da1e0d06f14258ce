"""Shared parts of the benchmarks: results, timing helpers and synthetic issues.

Every figure is measured side by side with its baseline in the same run and
reported as a ratio; absolute numbers vary between machines, ratios much less.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cockpit.models import Issue

ROOT = Path(__file__).resolve().parent.parent
"""The repository root (bench/ is a plain folder in it, not an installed package)."""


@dataclass
class Result:
    """One figure: its value, its baseline, and whether it met the target."""

    group: str
    figure: str
    value: float | None
    unit: str = "ms"
    baseline: str = ""
    baseline_value: float | None = None
    target: str = ""
    passed: bool | None = None
    """None: informative only (no target), or skipped."""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline_value:
            return None
        return self.value / self.baseline_value

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}


def ratio_result(
    group: str,
    figure: str,
    value: float,
    baseline: str,
    baseline_value: float,
    *,
    max_ratio: float,
    unit: str = "ms",
    note: str = "",
) -> Result:
    """A figure that passes when value <= max_ratio x baseline."""
    return Result(
        group,
        figure,
        value,
        unit,
        baseline,
        baseline_value,
        target=f"<= {max_ratio:g}x",
        passed=value <= max_ratio * baseline_value,
        note=note,
    )


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def time_ms(fn: Callable[[], object], repeats: int) -> float:
    """Median wall time of `fn()` in milliseconds."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return median(samples)


TYPES = ("Story", "Bug", "Task", "Epic", "Sub-task")
PRIORITIES = ("Highest", "High", "Medium", "Low", "Lowest")
STATUSES = ("To Do", "In Progress", "In Review", "Selected for Development")
PEOPLE = ("Ana Lima", "Bruno Costa", "Chen Wei", "Dana Okafor", None)
WORDS = [
    "checkout",
    "payment",
    "retry",
    "refund",
    "invoice",
    "webhook",
    "login",
    "session",
    "cache",
    "export",
    "report",
    "dashboard",
    "onboarding",
    "email",
    "search",
    "filter",
    "timeout",
    "migration",
    "mobile",
    "billing",
    "audit",
]


def synthetic_issues(count: int, project: str = "PAY") -> list[Issue]:
    """`count` varied, realistic-looking backlog issues, top first."""
    issues = []
    for n in range(1, count + 1):
        words = [WORDS[(n * k + k) % len(WORDS)] for k in range(3, 3 + 4 + n % 6)]
        issues.append(
            Issue(
                key=f"{project}-{n}",
                summary=f"{words[0].capitalize()} " + " ".join(words[1:]) + f" ({n})",
                status=STATUSES[n % len(STATUSES)],
                url=f"https://acme.atlassian.net/browse/{project}-{n}",
                type=TYPES[n % len(TYPES)],
                priority=PRIORITIES[(n // 3) % len(PRIORITIES)],
                assignee=PEOPLE[n % len(PEOPLE)],
                points=(1.0, 2.0, 3.0, 5.0, 8.0, None)[n % 6],
                status_category="new",
                rank=f"0|i{n:07d}:",
            )
        )
    return issues
