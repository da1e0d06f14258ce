"""A stand-in for `asyncio.sleep` that records the waits instead of waiting."""

from __future__ import annotations


class Sleeps(list[float]):
    """Pass as `RetryPolicy(sleep=...)`; the list holds every wait asked for, in order."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)
