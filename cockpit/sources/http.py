"""Resilient HTTP for every source: timeouts, retries with backoff and jitter, Retry-After.

Sources call `send()` instead of `client.request()`. Reads (and any request on 429)
are retried on timeouts, connection errors, 429, 502, 503 and 504; the wait is
exponential with full jitter, or the server's Retry-After (at least 1 s). `sleep`
and `rng` are injectable so tests never wait for real.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from cockpit.sources.errors import BadResponse, RateLimited, Unreachable

Sleep = Callable[[float], Awaitable[None]]

RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PROPFIND", "REPORT"})


@dataclass
class RetryPolicy:
    """How hard to try; the defaults suit an interactive app."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    min_retry_after: float = 1.0
    sleep: Sleep = field(default=asyncio.sleep)
    rng: random.Random = field(default_factory=random.Random)

    def backoff(self, attempt: int) -> float:
        """Full jitter: a random wait up to base * 2**attempt, capped."""
        return self.rng.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


def retry_after_seconds(response: httpx.Response, floor: float) -> float | None:
    """Seconds from a Retry-After header (delta or HTTP date), at least `floor`."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return floor
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(floor, seconds)


async def send(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    source: str,
    policy: RetryPolicy | None = None,
    retry_writes: bool = False,
    **kwargs: Any,
) -> httpx.Response:
    """Send a request, retrying what is safe to retry; raise SourceError subclasses.

    Returns the final response for any status that is not retried (the caller
    decides what 4xx means). Writes are retried only on 429, or always when
    `retry_writes` is set (the caller knows the write is idempotent).
    """
    policy = policy or RetryPolicy()
    idempotent = retry_writes or method.upper() in IDEMPOTENT
    for attempt in range(policy.attempts):
        last = attempt == policy.attempts - 1
        try:
            response = await client.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            if last or not idempotent:
                raise Unreachable(
                    source, f"{source} did not answer in time ({_host(url)})."
                ) from exc
            await policy.sleep(policy.backoff(attempt))
            continue
        except httpx.TransportError as exc:
            if last or not idempotent:
                raise Unreachable(
                    source, f"Cannot reach {source} at {_host(url)}: {_reason(exc)}."
                ) from exc
            await policy.sleep(policy.backoff(attempt))
            continue
        if response.status_code not in RETRY_STATUSES:
            return response
        if response.status_code != 429 and not idempotent:
            return response
        if last:
            if response.status_code == 429:
                raise RateLimited(source, f"{source} is rate-limiting us; try again in a minute.")
            raise Unreachable(
                source, f"{source} is unavailable (HTTP {response.status_code} from {_host(url)})."
            )
        wait = retry_after_seconds(response, policy.min_retry_after)
        await policy.sleep(wait if wait is not None else policy.backoff(attempt))
    raise AssertionError("unreachable")  # pragma: no cover


def json_body(response: httpx.Response, source: str) -> Any:
    """The response's JSON, or BadResponse with a clear sentence."""
    try:
        return response.json()
    except ValueError as exc:
        raise BadResponse(
            source,
            f"{source} sent a response that is not valid JSON (HTTP {response.status_code}).",
        ) from exc


def _host(url: str) -> str:
    try:
        return httpx.URL(url).host or url
    except Exception:
        return url


def _reason(exc: Exception) -> str:
    return type(exc).__name__ if not str(exc) else str(exc).splitlines()[0]
