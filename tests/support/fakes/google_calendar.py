"""A fake Google Calendar API v3 (`events.list`) and Google OAuth token endpoint.

Follows the documented shapes: events with `start.dateTime`/`start.date`, `status`,
`attendees[]`, `hangoutLink`, `conferenceData.entryPoints[]`; paging with
`maxResults`/`pageToken`/`nextPageToken`; errors as `{"error": {"code", "message",
"errors": [{"reason"}]}}`; the token endpoint's `authorization_code` (with PKCE) and
`refresh_token` grants, `invalid_grant` for revoked refresh tokens. The consent page
is simulated by `authorize(url)`, which returns the loopback redirect a browser
would follow.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import httpx

API_HOST = "www.googleapis.com"
TOKEN_URL = "https://oauth2.googleapis.com/token"
AUTH_URL = "https://accounts.google.com/o/oauth2/v2/auth"
SCOPE = "https://www.googleapis.com/auth/calendar.readonly"


def google_event(
    event_id: str, summary: str, start: datetime | date, end: datetime | date, **extra: Any
) -> dict[str, Any]:
    """An event resource; datetimes become `dateTime` (RFC 3339), dates `date`."""

    def when(value: datetime | date) -> dict[str, str]:
        if isinstance(value, datetime):
            return {"dateTime": value.isoformat()}
        return {"date": value.isoformat()}

    event: dict[str, Any] = {
        "kind": "calendar#event",
        "id": event_id,
        "iCalUID": f"{event_id}@google.com",
        "status": "confirmed",
        "summary": summary,
        "start": when(start),
        "end": when(end),
    }
    event.update(extra)
    return event


def _error(status: int, message: str, reason: str) -> httpx.Response:
    body = {"error": {"code": status, "message": message, "errors": [{"reason": reason}]}}
    return httpx.Response(status, json=body)


def _oauth_error(error: str, status: int = 400) -> httpx.Response:
    return httpx.Response(status, json={"error": error, "error_description": "see error"})


def _instant(value: dict[str, str]) -> datetime:
    if "dateTime" in value:
        return datetime.fromisoformat(value["dateTime"])
    return datetime.combine(date.fromisoformat(value["date"]), time(0), tzinfo=UTC)


@dataclass
class Grant:
    """What the consent page remembered for one authorization code."""

    client_id: str
    redirect_uri: str
    challenge: str
    scope: str


@dataclass
class FakeGoogle:
    """Calendar events, access/refresh tokens and the consent page, in memory."""

    events: list[dict[str, Any]] = field(default_factory=list)
    calendar_id: str = "primary"
    client_id: str = "cockpit-test.apps.googleusercontent.com"
    client_secret: str | None = "installed-app-secret"
    refresh_tokens: set[str] = field(default_factory=lambda: {"1//refresh-google"})
    access_tokens: set[str] = field(default_factory=set)
    page_size: int = 250
    rate_limited: int = 0
    """The next N event requests answer 429 with `Retry-After: retry_after`."""
    retry_after: str = "7"
    requests: list[httpx.Request] = field(default_factory=list)
    grants: dict[str, Grant] = field(default_factory=dict)
    user_email: str = "Pat.Morgan@acme.com"
    """The signed-in user: the primary calendar's id."""
    _serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handler))

    def event_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.host == API_HOST]

    def expire_access_tokens(self) -> None:
        self.access_tokens.clear()

    def revoke_refresh_tokens(self) -> None:
        self.refresh_tokens.clear()

    # --- the consent page (a browser would show it) ---------------------------

    def authorize(self, auth_url: str, *, approve: bool = True) -> str:
        """The redirect the consent page sends the browser to, after checking the request."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(auth_url).query).items()}
        assert query["client_id"] == self.client_id, "unknown OAuth client"
        assert query["response_type"] == "code"
        assert query["code_challenge_method"] == "S256"
        redirect = query["redirect_uri"]
        assert urlsplit(redirect).hostname == "127.0.0.1", "installed apps use loopback"
        state = query.get("state")
        if not approve:
            answer = {"error": "access_denied", "state": state}
        else:
            code = f"4/code-{next(self._serial)}"
            self.grants[code] = Grant(
                query["client_id"], redirect, query["code_challenge"], query["scope"]
            )
            answer = {"code": code, "scope": query["scope"], "state": state}
        return f"{redirect}?{urlencode({k: v for k, v in answer.items() if v is not None})}"

    # --- HTTP -----------------------------------------------------------------

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if str(request.url.copy_with(query=None)) == TOKEN_URL and request.method == "POST":
            return self._token(request)
        path = unquote(request.url.path)
        prefix = "/calendar/v3/calendars/"
        if request.url.host == API_HOST and path.startswith(prefix) and path.endswith("/events"):
            return self._events(request, path[len(prefix) : -len("/events")])
        if request.url.host == API_HOST and path == prefix + "primary":
            return self._primary(request)
        return _error(404, "Not Found", "notFound")

    def _primary(self, request: httpx.Request) -> httpx.Response:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.access_tokens:
            return _error(401, "Request had invalid authentication credentials.", "authError")
        body = {"kind": "calendar#calendar", "id": self.user_email, "summary": self.user_email}
        return httpx.Response(200, json={**body, "timeZone": "Europe/Lisbon"})

    def _new_access_token(self) -> str:
        token = f"ya29.access-{next(self._serial)}"
        self.access_tokens.add(token)
        return token

    def _token(self, request: httpx.Request) -> httpx.Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        if form.get("client_id") != self.client_id or (
            self.client_secret is not None and form.get("client_secret") != self.client_secret
        ):
            return _oauth_error("invalid_client", 401)
        grant = form.get("grant_type")
        if grant == "refresh_token":
            if form.get("refresh_token") not in self.refresh_tokens:
                return _oauth_error("invalid_grant")
            token = self._new_access_token()
            return httpx.Response(
                200,
                json={
                    "access_token": token,
                    "expires_in": 3599,
                    "token_type": "Bearer",
                    "scope": SCOPE,
                },
            )
        if grant == "authorization_code":
            saved = self.grants.pop(form.get("code", ""), None)
            if saved is None or saved.redirect_uri != form.get("redirect_uri"):
                return _oauth_error("invalid_grant")
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != saved.challenge:
                return _oauth_error("invalid_grant")
            refresh = f"1//refresh-{next(self._serial)}"
            self.refresh_tokens.add(refresh)
            return httpx.Response(
                200,
                json={
                    "access_token": self._new_access_token(),
                    "expires_in": 3599,
                    "refresh_token": refresh,
                    "scope": saved.scope,
                    "token_type": "Bearer",
                },
            )
        return _oauth_error("unsupported_grant_type")

    def _events(self, request: httpx.Request, calendar_id: str) -> httpx.Response:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.access_tokens:
            return _error(401, "Request had invalid authentication credentials.", "authError")
        if calendar_id != self.calendar_id:
            return _error(404, "Not Found", "notFound")
        if self.rate_limited > 0:
            self.rate_limited -= 1
            response = _error(429, "Rate Limit Exceeded", "rateLimitExceeded")
            response.headers["Retry-After"] = self.retry_after
            return response
        params = request.url.params
        if params.get("orderBy") == "startTime" and params.get("singleEvents") != "true":
            return _error(400, "The requested ordering is not available.", "invalid")
        try:
            low = datetime.fromisoformat(params["timeMin"]) if "timeMin" in params else None
            high = datetime.fromisoformat(params["timeMax"]) if "timeMax" in params else None
        except ValueError:
            return _error(400, "Bad Request", "badRequest")
        if (low and low.tzinfo is None) or (high and high.tzinfo is None):
            return _error(400, "Bad Request", "badRequest")  # RFC 3339 needs an offset
        chosen = [
            e
            for e in self.events
            if (high is None or _instant(e["start"]) < high)
            and (low is None or _instant(e["end"]) > low)
        ]
        chosen.sort(key=lambda e: _instant(e["start"]))
        size = min(int(params.get("maxResults", 250)), self.page_size)
        offset = int(base64.urlsafe_b64decode(params["pageToken"])) if "pageToken" in params else 0
        body: dict[str, Any] = {
            "kind": "calendar#events",
            "summary": calendar_id,
            "timeZone": "UTC",
            "items": chosen[offset : offset + size],
        }
        if offset + size < len(chosen):
            body["nextPageToken"] = base64.urlsafe_b64encode(str(offset + size).encode()).decode()
        return httpx.Response(200, json=body)
