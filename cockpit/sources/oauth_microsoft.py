"""Microsoft 365 sign-in with the OAuth 2.0 device authorization grant (RFC 8628).

`microsoft_sign_in` asks the tenant's `devicecode` endpoint for a user code, prints
where to enter it, then polls the token endpoint every `interval` seconds (longer
after `slow_down`) until the user approves, declines or the code expires. It works
over SSH and in containers: no local browser or listening port is needed. The
device code and the tokens are never printed, logged or put in an exception.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx

from cockpit.sources.errors import AuthError, BadResponse
from cockpit.sources.http import RetryPolicy
from cockpit.sources.oauth import MicrosoftEndpoints, OAuthError, auth_command, token_request

LABEL = "Microsoft 365"
SOURCE = "microsoft"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
SLOW_DOWN_STEP = 5.0


def _again(name: str | None) -> str:
    return f"run `{auth_command(name)}` again" if name else "try again"


def _number(value: object, default: float) -> float:
    if not isinstance(value, (int, float, str)):  # JSON: anything else is not a number
        return default
    try:
        return float(value)
    except ValueError:
        return default


async def microsoft_sign_in(
    http: httpx.AsyncClient,
    client_id: str,
    tenant: str = "common",
    *,
    print_fn: Callable[[str], object] = print,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    endpoints: MicrosoftEndpoints | None = None,
    name: str | None = None,
    policy: RetryPolicy | None = None,
) -> str:
    """Sign in with a device code; return the refresh token (to store in the keyring).

    `name` (the calendar) only makes the error sentences name `cockpit auth <name>`.
    """
    endpoints = endpoints or MicrosoftEndpoints()
    tenant = tenant or "common"
    try:
        grant = await token_request(
            http,
            endpoints.device_code_url(tenant),
            {"client_id": client_id, "scope": endpoints.scope},
            source=SOURCE,
            label=LABEL,
            policy=policy,
        )
    except OAuthError as exc:
        raise AuthError(
            SOURCE,
            f"Microsoft refused to start the sign-in ({exc.error}); check `client_id` and "
            "`tenant` in config.toml (the app must allow public client flows)",
        ) from None
    device_code = grant.get("device_code")
    user_code = grant.get("user_code")
    verification = grant.get("verification_uri") or grant.get("verification_url")
    if not (device_code and user_code and verification):
        raise BadResponse(SOURCE, "Microsoft sent an incomplete device code answer.")
    interval = max(1.0, _number(grant.get("interval"), 5.0))
    expires_in = _number(grant.get("expires_in"), 900.0)
    print_fn(f"To sign in to Microsoft 365, open {verification} and enter the code {user_code}")
    form = {"grant_type": DEVICE_GRANT, "client_id": client_id, "device_code": str(device_code)}
    waited = 0.0
    while True:
        if waited >= expires_in:
            raise AuthError(SOURCE, f"The sign-in code expired before it was used; {_again(name)}.")
        await sleep(interval)
        waited += interval
        try:
            body = await token_request(
                http, endpoints.token_url(tenant), form, source=SOURCE, label=LABEL, policy=policy
            )
        except OAuthError as exc:
            if exc.error == "authorization_pending":
                continue
            if exc.error == "slow_down":
                interval += SLOW_DOWN_STEP
                continue
            if exc.error in ("expired_token", "code_expired"):
                raise AuthError(
                    SOURCE, f"The sign-in code expired before it was used; {_again(name)}."
                ) from None
            if exc.error in ("authorization_declined", "access_denied"):
                raise AuthError(SOURCE, f"The sign-in was declined; {_again(name)}.") from None
            raise AuthError(
                SOURCE, f"Microsoft refused the sign-in ({exc.error}); {_again(name)}."
            ) from None
        refresh = body.get("refresh_token")
        if not isinstance(refresh, str) or not refresh:
            raise BadResponse(
                SOURCE,
                "Microsoft sent no refresh token (the offline_access scope was not granted); "
                f"{_again(name)}.",
            )
        return refresh
