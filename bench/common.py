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
    paired_ratio: float | None = None
    """When the figure and its baseline were timed in pairs (one right after the
    other, round after round): the median of each pair's ratio, which a machine
    slowing down or speeding up between rounds does not move."""

    @property
    def ratio(self) -> float | None:
        if self.paired_ratio is not None:
            return self.paired_ratio
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
    paired_ratio: float | None = None,
) -> Result:
    """A figure that passes when value <= max_ratio x baseline (or, timed in pairs,
    when the median of the pairs' ratios is at most max_ratio)."""
    if paired_ratio is None:
        passed = value <= max_ratio * baseline_value
    else:
        passed = paired_ratio <= max_ratio
    return Result(
        group,
        figure,
        value,
        unit,
        baseline,
        baseline_value,
        target=f"<= {max_ratio:g}x",
        passed=passed,
        note=note,
        paired_ratio=paired_ratio,
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


# --- shared by the refresh and stall benchmarks ------------------------------------

BENCH_TZ = "Europe/Lisbon"


def fake_jira(issues: int, *, latency_ms: int = 0, blocked: int = 8) -> Any:
    """A FakeJira with `issues` backlog issues; some flagged, some linked as blocked."""
    from cockpit.fakejira.synthetic import synthetic_jira

    fake = synthetic_jira(issues, latency_ms=latency_ms)
    keys = list(fake.issues)
    for n, key in enumerate(keys[: blocked // 2]):
        fake.issues[key].flagged = True
        fake.link(keys[-1 - n], keys[blocked // 2 + n])
    fake.touch()
    return fake


def jira_client(fake: Any) -> tuple[Any, Any]:
    """A real JiraClient talking to `fake` in-process; returns (client, its httpx client)."""
    from cockpit.sources.jira import JiraClient
    from cockpit.sources.jira_site import JiraSite, build_http_client

    site = JiraSite(url=fake.base_url, flavor=fake.flavor, email="pm@acme.com", token="bench")
    http = build_http_client(site, transport=fake.transport())
    return JiraClient(http, site), http


def feed_client(body: bytes, delay: float = 0.0) -> Any:
    """An httpx.AsyncClient whose every GET answers `body` as text/calendar after `delay` s."""
    import asyncio

    import httpx

    async def answer(_request: httpx.Request) -> httpx.Response:
        if delay:
            await asyncio.sleep(delay)
        return httpx.Response(200, content=body, headers={"Content-Type": "text/calendar"})

    return httpx.AsyncClient(transport=httpx.MockTransport(answer))


def app_without_start_refresh() -> dict[str, bool]:
    """CockpitApp's keyword that keeps it from refreshing on start (it was renamed once)."""
    import inspect

    from cockpit.tui.app import CockpitApp

    params = inspect.signature(CockpitApp).parameters
    name = "refresh_on_start" if "refresh_on_start" in params else "auto_refresh"
    return {name: False}
