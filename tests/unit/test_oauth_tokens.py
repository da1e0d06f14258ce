"""RefreshingTokenProvider: caching, expiry, one refresh at a time, retries, no leaks."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from support.fakes.google_calendar import FakeGoogle
from support.fakes.graph_calendar import FakeGraph

from cockpit.config.credentials import MemoryCredentials
from cockpit.sources.errors import AuthError
from cockpit.sources.http import RetryPolicy
from cockpit.sources.oauth import (
    RefreshingTokenProvider,
    google_token_provider,
    microsoft_token_provider,
)

REFRESH = "1//refresh-google"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def provider(
    fake: FakeGoogle, clock: Clock, store: MemoryCredentials | None = None, **kw: Any
) -> RefreshingTokenProvider:
    return google_token_provider(
        fake.client(),
        "Work",
        fake.client_id,
        store or MemoryCredentials({"google:Work": REFRESH}),
        client_secret=fake.client_secret,
        clock=clock,
        **kw,
    )


def token_calls(fake: FakeGoogle) -> int:
    return sum(1 for r in fake.requests if r.url.host == "oauth2.googleapis.com")


async def test_access_token_is_reused_until_shortly_before_it_expires() -> None:
    fake, clock = FakeGoogle(), Clock()
    tokens = provider(fake, clock)
    first = await tokens.token()
    clock.now += 3000
    assert await tokens.token() == first and token_calls(fake) == 1
    clock.now += 560  # 3599 s lifetime minus the one-minute margin has passed
    assert await tokens.token() != first and token_calls(fake) == 2


async def test_concurrent_401s_refresh_only_once() -> None:
    fake, clock = FakeGoogle(), Clock()
    tokens = provider(fake, clock)
    stale = await tokens.token()
    results = await asyncio.gather(*(tokens.refresh(stale) for _ in range(5)))
    assert len(set(results)) == 1 and results[0] != stale
    assert token_calls(fake) == 2


async def test_token_endpoint_outage_is_retried_with_the_injected_sleep() -> None:
    fake = FakeGoogle()
    answers = iter([httpx.Response(503), httpx.Response(503)])

    def flaky(request: httpx.Request) -> httpx.Response:
        return next(answers, None) or fake.handler(request)

    sleeps = Sleeps()
    tokens = google_token_provider(
        httpx.AsyncClient(transport=httpx.MockTransport(flaky)),
        "Work",
        fake.client_id,
        MemoryCredentials({"google:Work": REFRESH}),
        client_secret=fake.client_secret,
        policy=RetryPolicy(sleep=sleeps),
    )
    assert (await tokens.token()).startswith("ya29.")
    assert len(sleeps) == 2


async def test_wrong_client_points_at_client_id_not_at_sign_in() -> None:
    fake = FakeGoogle()
    tokens = google_token_provider(
        fake.client(), "Work", "someone-else", MemoryCredentials({"google:Work": REFRESH})
    )
    with pytest.raises(AuthError, match="client_id"):
        await tokens.token()


async def test_microsoft_rotated_refresh_token_replaces_the_old_one() -> None:
    fake = FakeGraph()
    store = MemoryCredentials({"microsoft:Office": "0.refresh-ms"})
    tokens = microsoft_token_provider(fake.client(), "Office", fake.client_id, store)
    await tokens.token()
    assert store.get("microsoft:Office") in fake.refresh_tokens
    assert "0.refresh-ms" not in fake.refresh_tokens
    form = fake.requests[0].content.decode()
    assert "Calendars.Read" in form and fake.requests[0].url.path == "/common/oauth2/v2.0/token"


async def test_secrets_never_show_in_repr_or_errors() -> None:
    fake, clock = FakeGoogle(), Clock()
    tokens = provider(fake, clock)
    access = await tokens.token()
    fake.revoke_refresh_tokens()
    clock.now += 10_000
    with pytest.raises(AuthError) as caught:
        await tokens.token()
    text = repr(tokens) + str(caught.value) + repr(caught.value) + repr(caught.value.args)
    assert access not in text and REFRESH not in text
    assert "google:Work" in repr(tokens)
    assert caught.value.__cause__ is None
