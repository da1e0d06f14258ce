"""Resilient HTTP for every source: timeouts, retries with backoff and jitter, Retry-After.

Sources call `send()` instead of `client.request()`. Reads (and any request on 429)
are retried on timeouts, connection errors, 429, 502, 503 and 504; the wait is
exponential with full jitter, or the server's Retry-After (at least 1 s). A
Retry-After longer than the policy's `max_delay` is not waited out: the request
fails at once with `RateLimited(until=...)` and nothing more goes to that server
(per client and origin) before then. Bodies are read as a stream and refused past
`max_bytes`, so a huge answer never fills memory. `sleep`, `rng` and `clock` are
injectable so tests never wait for real.
"""

from __future__ import annotations

import asyncio
import random
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from cockpit.sources.errors import BadResponse, RateLimited, Unreachable

Sleep = Callable[[float], Awaitable[None]]

RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PROPFIND", "REPORT"})
MB = 1024 * 1024
MAX_BYTES = 32 * MB
"""The largest answer read by default (Jira, Google, Graph JSON); calendars set their own."""

_WAIT_UNTIL: weakref.WeakKeyDictionary[httpx.AsyncClient, dict[str, datetime]] = (
    weakref.WeakKeyDictionary()
)
"""Per client and origin: no request before this time (a long Retry-After)."""


@dataclass
class RetryPolicy:
    """How hard to try; the defaults suit an interactive app."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    """The longest single wait; a longer Retry-After fails at once (RateLimited)."""
    min_retry_after: float = 1.0
    sleep: Sleep = field(default=asyncio.sleep)
    rng: random.Random = field(default_factory=random.Random)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def backoff(self, attempt: int) -> float:
        """Full jitter: a random wait up to base * 2**attempt, capped."""
        return self.rng.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


def retry_after_seconds(
    response: httpx.Response, floor: float, now: datetime | None = None
) -> float | None:
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
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return floor
    return max(floor, seconds)


async def send(
    client: httpx.AsyncClient,
    method: str,
    url: str | httpx.URL,
    *,
    source: str,
    policy: RetryPolicy | None = None,
    retry_writes: bool = False,
    max_bytes: int = MAX_BYTES,
    too_large: str | None = None,
    **kwargs: Any,
) -> httpx.Response:
    """Send a request, retrying what is safe to retry; raise SourceError subclasses.

    Returns the final response, its body read, for any status that is not retried
    (the caller decides what 4xx means). Writes are retried only on 429, or always
    when `retry_writes` is set (the caller knows the write is idempotent). A body
    over `max_bytes` raises BadResponse(`too_large` or a sentence naming the host).
    """
    policy = policy or RetryPolicy()
    idempotent = retry_writes or method.upper() in IDEMPOTENT
    origin = _origin(url)
    waits = _WAIT_UNTIL.setdefault(client, {})
    if (until := waits.get(origin)) is not None:
        if policy.clock() < until:
            raise RateLimited(source, until=until)
        del waits[origin]
    for attempt in range(policy.attempts):
        last = attempt == policy.attempts - 1
        try:
            response = await _request(client, method, url, max_bytes, kwargs)
        except _TooLarge:
            mb = max_bytes / MB
            raise BadResponse(
                source, too_large or f"{source} sent more than {mb:g} MB ({_host(url)}); refused."
            ) from None
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
        now = policy.clock()
        wait = retry_after_seconds(response, policy.min_retry_after, now)
        if wait is not None and wait > policy.max_delay:
            waits[origin] = until = now + timedelta(seconds=min(wait, 86400.0))
            state = "rate limited" if response.status_code == 429 else "unavailable"
            raise RateLimited(source, until=until, state=state)
        if last:
            if response.status_code == 429:
                raise RateLimited(source, f"{source} is rate-limiting us; try again in a minute.")
            raise Unreachable(
                source, f"{source} is unavailable (HTTP {response.status_code} from {_host(url)})."
            )
        await policy.sleep(wait if wait is not None else policy.backoff(attempt))
    raise AssertionError("unreachable")  # pragma: no cover


class _TooLarge(Exception):
    pass


async def _request(
    client: httpx.AsyncClient,
    method: str,
    url: str | httpx.URL,
    max_bytes: int,
    kwargs: dict[str, Any],
) -> httpx.Response:
    """`client.request`, reading the (decoded) body a chunk at a time up to `max_bytes`."""
    async with client.stream(method, url, **kwargs) as response:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise _TooLarge
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise _TooLarge
            chunks.append(chunk)
        response._content = b"".join(chunks)  # what httpx's own aread() does, capped
    return response


def json_body(response: httpx.Response, source: str) -> Any:
    """The response's JSON, or BadResponse with a clear sentence."""
    try:
        return response.json()
    except RecursionError:
        raise BadResponse(
            source,
            f"{source} sent JSON nested too deeply to read (HTTP {response.status_code}).",
        ) from None
    except ValueError as exc:
        raise BadResponse(
            source,
            f"{source} sent a response that is not valid JSON (HTTP {response.status_code}).",
        ) from exc


def _origin(url: str | httpx.URL) -> str:
    """scheme://host:port; a URL built once (`httpx.URL`) is not parsed again."""
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
        return f"{parsed.scheme}://{parsed.host}:{parsed.port or ''}"
    except Exception:
        return str(url)


def _host(url: str | httpx.URL) -> str:
    try:
        return (url if isinstance(url, httpx.URL) else httpx.URL(url)).host or str(url)
    except Exception:
        return str(url)


def _reason(exc: Exception) -> str:
    return type(exc).__name__ if not str(exc) else str(exc).splitlines()[0]
