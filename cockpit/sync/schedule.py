"""When each source is refreshed next, in the background: headless, on any clock.

Every `refresh_minutes` with a little jitter (so sources, and cockpits open on
many machines, do not all ask at the same second); after a failure the wait
doubles per consecutive failure, up to `MAX_BACKOFF`, and a success resets it.
A source that said "rate limited until 11:20" is not due before 11:20. Which
refreshes are running is the caller's to know: a due one still running is skipped.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta

MAX_BACKOFF = timedelta(minutes=30)
"""The longest wait after failures (unless `refresh_minutes` itself is longer)."""
JITTER = 0.1
"""Each wait is the interval times a random factor in [1 - JITTER, 1 + JITTER]."""


class RefreshSchedule:
    """The next due time of each named refresh; `minutes <= 0` turns them all off."""

    def __init__(
        self,
        minutes: float,
        names: Iterable[str],
        now: datetime,
        *,
        jitter: float = JITTER,
        rng: random.Random | None = None,
    ) -> None:
        self.interval = timedelta(minutes=max(minutes, 0))
        self.jitter = jitter
        self._rng = rng or random.Random()
        self.failures: dict[str, int] = dict.fromkeys(names, 0)
        """Consecutive failures of each refresh (0 after a success)."""
        self.next_at: dict[str, datetime] = {name: now + self.wait(0) for name in self.failures}

    @property
    def enabled(self) -> bool:
        return self.interval > timedelta(0)

    def wait(self, failures: int) -> timedelta:
        """The wait after `failures` consecutive failures (0: the plain interval), jittered."""
        base: timedelta = min(self.interval * (2**failures), max(MAX_BACKOFF, self.interval))
        factor: float = 1 + self._rng.uniform(-self.jitter, self.jitter)
        return base * factor

    def due(self, now: datetime) -> list[str]:
        """The refreshes whose time has come (none when turned off)."""
        if not self.enabled:
            return []
        return [name for name, at in self.next_at.items() if at <= now]

    def finished(
        self, name: str, now: datetime, *, ok: bool, until: datetime | None = None
    ) -> None:
        """A refresh of `name` ended (whoever started it): when is it due again?

        `until`: the source asked not to be asked before then (a rate limit).
        """
        failures = 0 if ok else self.failures.get(name, 0) + 1
        self.failures[name] = failures
        at = now + self.wait(failures)
        self.next_at[name] = max(at, until) if until is not None else at
