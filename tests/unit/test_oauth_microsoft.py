"""Microsoft's device code sign-in end to end against the fake identity platform."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from support.fakes.graph_calendar import FakeGraph

from cockpit.sources.errors import AuthError
from cockpit.sources.oauth import MicrosoftEndpoints
from cockpit.sources.oauth_microsoft import microsoft_sign_in


class Sleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


async def sign_in(fake: FakeGraph, printed: list[str], sleeps: Sleeps, **kw: object) -> str:
    return await microsoft_sign_in(
        fake.client(),
        str(kw.pop("client_id", fake.client_id)),
        str(kw.pop("tenant", fake.tenant)),
        print_fn=printed.append,
        sleep=sleeps,
        endpoints=MicrosoftEndpoints(),
        name="Office",
    )


async def test_device_code_flow_honours_interval_pending_and_slow_down() -> None:
    fake = FakeGraph(
        refresh_tokens=set(),
        device_script=["authorization_pending", "slow_down", "authorization_pending", "approve"],
    )
    printed: list[str] = []
    sleeps = Sleeps()
    refresh = await sign_in(fake, printed, sleeps)
    assert refresh in fake.refresh_tokens
    assert sleeps == [5.0, 5.0, 10.0, 10.0]
    [line] = printed
    assert "https://microsoft.com/devicelogin" in line and "FKXQ-7RZT" in line
    first = parse_qs(fake.requests[0].content.decode())
    assert fake.requests[0].url.path == "/common/oauth2/v2.0/devicecode"
    assert "offline_access" in first["scope"][0].split()
    device_code = parse_qs(fake.requests[1].content.decode())["device_code"][0]
    assert device_code not in line and refresh not in line


async def test_tenant_is_part_of_both_endpoints() -> None:
    fake = FakeGraph(tenant="acme.onmicrosoft.com")
    await sign_in(fake, [], Sleeps(), tenant="acme.onmicrosoft.com")
    assert {r.url.path.split("/")[1] for r in fake.requests} == {"acme.onmicrosoft.com"}


async def test_declined_sign_in_is_a_clear_error() -> None:
    fake = FakeGraph(device_script=["authorization_pending", "authorization_declined"])
    with pytest.raises(AuthError, match=r"declined; run `cockpit auth Office` again"):
        await sign_in(fake, [], Sleeps())


async def test_expired_code_from_the_server_is_a_clear_error() -> None:
    fake = FakeGraph(device_script=["authorization_pending", "expired_token"])
    with pytest.raises(AuthError, match="expired before it was used"):
        await sign_in(fake, [], Sleeps())


async def test_polling_stops_when_the_code_lifetime_is_over() -> None:
    fake = FakeGraph(device_script=["authorization_pending"] * 50, device_interval=300)
    sleeps = Sleeps()
    with pytest.raises(AuthError, match="expired"):
        await sign_in(fake, [], sleeps)
    assert sleeps == [300.0, 300.0, 300.0]  # expires_in is 900


async def test_unknown_app_is_reported_with_the_config_keys_to_check() -> None:
    fake = FakeGraph()
    with pytest.raises(AuthError, match=r"client_id.*tenant"):
        await sign_in(fake, [], Sleeps(), client_id="not-registered")
