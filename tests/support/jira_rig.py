"""Helpers for the Jira tests: a client wired to a FakeJira, with a recording sleep.

Every fake made through `rig()` is remembered in `RECORDED`, so the contract test
can check every request the client tests sent (and the fake's answers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import httpx

from cockpit.fakejira import FakeJira
from cockpit.fakejira.demo_data import DEMO_SITE, demo_jira
from cockpit.sources.http import RetryPolicy
from cockpit.sources.jira import JiraClient, JiraSite, build_http_client

EMAIL = "pm@acme.com"
TOKEN = "s3cr3t-api-token-XYZ"
TODAY = dt.date(2025, 3, 3)
RECORDED: list[FakeJira] = []


@dataclass
class Rig:
    """A fake Jira, a client on it, and the waits the client asked for."""

    fake: FakeJira
    client: JiraClient
    http: httpx.AsyncClient
    sleeps: list[float] = field(default_factory=list)

    def paths(self, method: str | None = None) -> list[str]:
        return [r.path for r in self.fake.requests if method is None or r.method == method]


def site_for(fake: FakeJira, *, token: str = TOKEN, flavor: str | None = None) -> JiraSite:
    kind = flavor or fake.flavor
    return JiraSite(
        url=fake.base_url,
        flavor=kind,  # type: ignore[arg-type]
        email=EMAIL if kind == "cloud" else None,
        token=token,
    )


def rig(
    fake: FakeJira | None = None,
    *,
    flavor: str = "cloud",
    token: str = TOKEN,
    site_flavor: str | None = None,
) -> Rig:
    """A client on `fake` (default: the demo data) that never really sleeps."""
    if fake is None:
        fake = demo_jira(TODAY, flavor=flavor)  # type: ignore[arg-type]
    if fake.token is None:
        fake.token, fake.email = TOKEN, EMAIL
    RECORDED.append(fake)
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    site = site_for(fake, token=token, flavor=site_flavor)
    http = build_http_client(site, transport=fake.transport(sleep=sleep))
    client = JiraClient(http, site, policy=RetryPolicy(sleep=sleep))
    return Rig(fake, client, http, sleeps)


def demo_site() -> str:
    return DEMO_SITE
