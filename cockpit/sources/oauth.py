"""OAuth 2.0 access tokens for the Google and Microsoft 365 calendar sources.

A `TokenProvider` hands a source a bearer token and, after a 401, a fresh one.
`RefreshingTokenProvider` keeps the access token in memory only and gets new ones
with the refresh token from the credential store (`secret_name("google", name)` or
`secret_name("microsoft", name)`), writing a rotated refresh token back. A refused
refresh token (`invalid_grant`) becomes an AuthError that names `cockpit auth <name>`.

Tokens, codes and verifiers never appear in exceptions, reprs or logs: errors carry
only the OAuth error code (`invalid_grant`), never the server's description.
"""

from __future__ import annotations

import asyncio
import shlex
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import httpx

from cockpit.config.credentials import CredentialStore, secret_name
from cockpit.records import record
from cockpit.sources.errors import AuthError, BadResponse
from cockpit.sources.http import RetryPolicy, json_body, send

EXPIRY_MARGIN = 60.0
"""Seconds before the stated expiry at which an access token is renewed."""


@record
class GoogleEndpoints:
    """Google's OAuth endpoints and the scope we ask for; tests point them at fakes."""

    auth_url: str = "https://accounts.google.com/o/oauth2/v2/auth"
    token_url: str = "https://oauth2.googleapis.com/token"
    scope: str = "https://www.googleapis.com/auth/calendar.readonly"


@record
class MicrosoftEndpoints:
    """The Microsoft identity platform (v2.0) and the Graph scopes we ask for."""

    authority: str = "https://login.microsoftonline.com"
    scope: str = "offline_access https://graph.microsoft.com/Calendars.Read"

    def device_code_url(self, tenant: str) -> str:
        return f"{self.authority.rstrip('/')}/{tenant}/oauth2/v2.0/devicecode"

    def token_url(self, tenant: str) -> str:
        return f"{self.authority.rstrip('/')}/{tenant}/oauth2/v2.0/token"


class OAuthError(AuthError):
    """The token endpoint refused a request; `error` is the OAuth error code only."""

    def __init__(self, source: str, message: str, error: str) -> None:
        super().__init__(source, message)
        self.error = error


class TokenProvider(Protocol):
    """Where a source gets its bearer token."""

    async def token(self) -> str:
        """A valid access token (cached until shortly before it expires)."""
        ...

    async def refresh(self, rejected: str | None = None) -> str:
        """A new access token after the server refused `rejected` (a 401)."""
        ...


class StaticToken:
    """A fixed access token (tests, the demo); refresh hands back the same token."""

    def __init__(self, access_token: str) -> None:
        self._token = access_token

    def __repr__(self) -> str:
        return "StaticToken(<hidden>)"

    async def token(self) -> str:
        return self._token

    async def refresh(self, rejected: str | None = None) -> str:
        return self._token


def auth_command(name: str) -> str:
    """`cockpit auth <name>`, quoted for a shell when the name needs it."""
    return f"cockpit auth {shlex.quote(name)}"


def expired_message(label: str, name: str) -> str:
    """The one sentence for a refresh token that no longer works."""
    return f"{label} sign-in expired or was revoked; run `{auth_command(name)}`"


async def token_request(
    http: httpx.AsyncClient,
    url: str,
    form: Mapping[str, str],
    *,
    source: str,
    label: str,
    policy: RetryPolicy | None = None,
    retry: bool = False,
) -> dict[str, Any]:
    """POST a form to a token endpoint; the JSON body on 200, else OAuthError.

    `retry` retries transport errors and 5xx too (safe for refresh grants only:
    an authorization code works once).
    """
    response = await send(
        http,
        "POST",
        url,
        source=source,
        policy=policy,
        retry_writes=retry,
        data=dict(form),
        headers={"Accept": "application/json"},
    )
    body = json_body(response, source) if response.content else {}
    if response.status_code == 200 and isinstance(body, dict):
        return body
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, str) or not error:
        if response.status_code >= 500:
            raise BadResponse(
                source, f"{label} sign-in service failed (HTTP {response.status_code})."
            )
        error = f"http_{response.status_code}"
    raise OAuthError(source, f"{label} sign-in was refused ({error}).", error)


def access_token_of(body: Mapping[str, Any], source: str, label: str) -> tuple[str, float]:
    """(access_token, expires_in seconds) from a token response, else BadResponse."""
    token = body.get("access_token")
    if not isinstance(token, str) or not token:
        raise BadResponse(source, f"{label} sign-in service sent no access token.")
    try:
        expires_in = float(body.get("expires_in", 3600))
    except (TypeError, ValueError):
        expires_in = 3600.0
    return token, expires_in


class RefreshingTokenProvider:
    """Access tokens in memory, renewed with the stored refresh token."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        name: str,
        label: str,
        secret: str,
        credentials: CredentialStore,
        token_url: str,
        client_id: str,
        client_secret: str | None = None,
        scope: str | None = None,
        policy: RetryPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.label = label
        self.secret = secret
        """The keyring user name of the refresh token (not the token itself)."""
        self._http = http
        self._credentials = credentials
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._scope = scope
        self._policy = policy
        self._clock = clock
        self._access: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()
        self.refreshes = 0
        """How many times a new access token was fetched."""

    def __repr__(self) -> str:
        return f"RefreshingTokenProvider(name={self.name!r}, secret={self.secret!r})"

    async def token(self) -> str:
        if self._access is not None and self._clock() < self._expires_at:
            return self._access
        return await self.refresh(self._access)

    async def refresh(self, rejected: str | None = None) -> str:
        async with self._lock:
            if (
                self._access is not None
                and self._access != rejected
                and self._clock() < self._expires_at
            ):
                return self._access  # another task renewed it while we waited
            self._access = None
            return await self._renew()

    async def _renew(self) -> str:
        refresh_token = self._credentials.get(self.secret)
        if not refresh_token:
            raise AuthError(
                self.name, f"{self.label} is not signed in; run `{auth_command(self.name)}`"
            )
        form = {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": self._client_id,
        }
        if self._client_secret:
            form["client_secret"] = self._client_secret
        if self._scope:
            form["scope"] = self._scope
        try:
            body = await token_request(
                self._http,
                self._token_url,
                form,
                source=self.name,
                label=self.label,
                policy=self._policy,
                retry=True,
            )
        except OAuthError as exc:
            if exc.error in ("invalid_grant", "invalid_token"):
                raise AuthError(self.name, expired_message(self.label, self.name)) from None
            if exc.error in ("invalid_client", "unauthorized_client"):
                raise AuthError(
                    self.name,
                    f"{self.label}: the OAuth app was refused ({exc.error}); "
                    "check `client_id` in config.toml",
                ) from None
            raise
        access, expires_in = access_token_of(body, self.name, self.label)
        rotated = body.get("refresh_token")
        if isinstance(rotated, str) and rotated and rotated != refresh_token:
            self._credentials.set(self.secret, rotated)
        self._access = access
        self._expires_at = self._clock() + max(0.0, expires_in - EXPIRY_MARGIN)
        self.refreshes += 1
        return access


def google_token_provider(
    http: httpx.AsyncClient,
    name: str,
    client_id: str,
    credentials: CredentialStore,
    *,
    client_secret: str | None = None,
    endpoints: GoogleEndpoints | None = None,
    policy: RetryPolicy | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> RefreshingTokenProvider:
    """Tokens for the Google calendar `name` (refresh token at `google:<name>`)."""
    endpoints = endpoints or GoogleEndpoints()
    return RefreshingTokenProvider(
        http,
        name=name,
        label=f"Google Calendar {name!r}",
        secret=secret_name("google", name),
        credentials=credentials,
        token_url=endpoints.token_url,
        client_id=client_id,
        client_secret=client_secret,
        policy=policy,
        clock=clock,
    )


def microsoft_token_provider(
    http: httpx.AsyncClient,
    name: str,
    client_id: str,
    credentials: CredentialStore,
    *,
    tenant: str = "common",
    endpoints: MicrosoftEndpoints | None = None,
    policy: RetryPolicy | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> RefreshingTokenProvider:
    """Tokens for the Microsoft 365 calendar `name` (refresh token at `microsoft:<name>`)."""
    endpoints = endpoints or MicrosoftEndpoints()
    return RefreshingTokenProvider(
        http,
        name=name,
        label=f"Microsoft 365 calendar {name!r}",
        secret=secret_name("microsoft", name),
        credentials=credentials,
        token_url=endpoints.token_url(tenant),
        client_id=client_id,
        scope=endpoints.scope,
        policy=policy,
        clock=clock,
    )


async def authorized_get(
    http: httpx.AsyncClient,
    url: str,
    *,
    tokens: TokenProvider,
    source: str,
    expired: str,
    policy: RetryPolicy | None = None,
    params: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    """GET with a bearer token; on 401 renew the token once, then AuthError(`expired`)."""
    token = await tokens.token()
    for attempt in range(2):
        response = await send(
            http,
            "GET",
            url,
            source=source,
            policy=policy,
            params=params,
            headers={**(headers or {}), "Authorization": f"Bearer {token}"},
        )
        if response.status_code != 401:
            return response
        if attempt == 0:
            token = await tokens.refresh(token)
    raise AuthError(source, expired)
