"""A fake Microsoft Graph `/me/calendarView` and Microsoft identity platform (v2.0).

Follows the documented shapes: events with `start`/`end` as `{"dateTime":
"2026-11-26T09:00:00.0000000", "timeZone": "UTC"}` in the zone asked for with
`Prefer: outlook.timezone` (or a fixed `zone`, to play a server that ignores it),
`isAllDay`, `isCancelled`, `attendees[].emailAddress`, `onlineMeeting.joinUrl`;
paging with `$top` and `@odata.nextLink` (`$skiptoken`); errors as `{"error": {"code",
"message"}}`. The token endpoint rotates refresh tokens and answers `invalid_grant`
for revoked ones; the device code grant plays a script of poll answers.
"""

from __future__ import annotations

import base64
import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any
from urllib.parse import parse_qs, urlencode
from zoneinfo import ZoneInfo

import httpx

GRAPH = "https://graph.microsoft.com/v1.0"
LOGIN_HOST = "login.microsoftonline.com"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
ZONES = {"Pacific Standard Time": "America/Los_Angeles", "UTC": "UTC"}


def graph_event(
    event_id: str, subject: str, start: datetime | date, end: datetime | date, **extra: Any
) -> dict[str, Any]:
    """An event resource; dates make an all-day event. Stored in UTC."""
    all_day = not isinstance(start, datetime)

    def when(value: datetime | date) -> dict[str, str]:
        if not isinstance(value, datetime):
            value = datetime.combine(value, time(0), tzinfo=UTC)
        text = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000")
        return {"dateTime": text, "timeZone": "UTC"}

    event: dict[str, Any] = {
        "id": f"AAMk{event_id}",
        "iCalUId": f"040000008200E0{event_id}",
        "subject": subject,
        "start": when(start),
        "end": when(end),
        "isAllDay": all_day,
        "isCancelled": False,
        "showAs": "busy",
        "type": "singleInstance",
        "responseStatus": {"response": "organizer", "time": "0001-01-01T00:00:00Z"},
        "attendees": [],
        "organizer": {"emailAddress": {"name": "Pat PM", "address": "pat@acme.com"}},
        "location": {"displayName": ""},
        "bodyPreview": "",
        "onlineMeeting": None,
        "onlineMeetingUrl": None,
    }
    event.update(extra)
    return event


def attendee(
    address: str, name: str, response: str = "none", kind: str = "required"
) -> dict[str, Any]:
    return {
        "type": kind,
        "status": {"response": response, "time": "0001-01-01T00:00:00Z"},
        "emailAddress": {"name": name, "address": address},
    }


def _error(status: int, code: str, message: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": message}})


def _oauth_error(error: str, status: int = 400) -> httpx.Response:
    body = {"error": error, "error_description": f"AADSTS00000: {error}", "error_codes": [0]}
    return httpx.Response(status, json=body)


def _utc(value: dict[str, str]) -> datetime:
    return datetime.fromisoformat(value["dateTime"][:19]).replace(tzinfo=UTC)


@dataclass
class FakeGraph:
    """Events, tokens and device codes for one signed-in user, in memory."""

    events: list[dict[str, Any]] = field(default_factory=list)
    client_id: str = "11111111-2222-3333-4444-555555555555"
    tenant: str = "common"
    refresh_tokens: set[str] = field(default_factory=lambda: {"0.refresh-ms"})
    access_tokens: set[str] = field(default_factory=set)
    zone: str | None = None
    """Answer in this zone whatever the Prefer header says (e.g. "Pacific Standard Time")."""
    max_page: int = 1000
    rate_limited: int = 0
    retry_after: str = "3"
    device_script: list[str] = field(default_factory=lambda: ["approve"])
    """Answers to successive device-code polls: an OAuth error code, or "approve"."""
    device_interval: int = 5
    requests: list[httpx.Request] = field(default_factory=list)
    me: dict[str, Any] = field(
        default_factory=lambda: {
            "displayName": "Pat Morgan",
            "mail": "Pat.Morgan@Acme.com",
            "userPrincipalName": "pat@acme.onmicrosoft.com",
        }
    )
    """`GET /me`'s answer (only what `$select` names); `me_status` other than 200 refuses it."""
    me_status: int = 200
    _serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _device_codes: set[str] = field(default_factory=set)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handler))

    def view_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.host == "graph.microsoft.com"]

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        url = request.url
        if url.host == LOGIN_HOST and request.method == "POST":
            if url.path == f"/{self.tenant}/oauth2/v2.0/token":
                return self._token(request)
            if url.path == f"/{self.tenant}/oauth2/v2.0/devicecode":
                return self._device_code(request)
            return _oauth_error("invalid_request", 404)
        if url.host == "graph.microsoft.com" and url.path == "/v1.0/me/calendarView":
            return self._calendar_view(request)
        if url.host == "graph.microsoft.com" and url.path in ("/v1.0/me", "/v1.0/me/calendar"):
            return self._me(request)
        return _error(404, "ResourceNotFound", "Resource not found.")

    # --- identity platform ----------------------------------------------------

    def _tokens(self) -> dict[str, Any]:
        access = f"eyJ0eXAi.access-{next(self._serial)}"
        refresh = f"0.refresh-{next(self._serial)}"
        self.access_tokens.add(access)
        self.refresh_tokens.add(refresh)
        return {
            "token_type": "Bearer",
            "scope": "Calendars.Read",
            "expires_in": 3600,
            "ext_expires_in": 3600,
            "access_token": access,
            "refresh_token": refresh,
        }

    def _token(self, request: httpx.Request) -> httpx.Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        if form.get("client_id") != self.client_id:
            return _oauth_error("unauthorized_client")
        grant = form.get("grant_type")
        if grant == "refresh_token":
            old = form.get("refresh_token")
            if old not in self.refresh_tokens:
                return _oauth_error("invalid_grant")
            self.refresh_tokens.discard(old)  # rotated: the old one is spent
            return httpx.Response(200, json=self._tokens())
        if grant == DEVICE_GRANT:
            if form.get("device_code") not in self._device_codes:
                return _oauth_error("bad_verification_code")
            step = self.device_script.pop(0) if self.device_script else "expired_token"
            if step != "approve":
                return _oauth_error(step)
            self._device_codes.discard(form["device_code"])
            return httpx.Response(200, json=self._tokens())
        return _oauth_error("unsupported_grant_type")

    def _device_code(self, request: httpx.Request) -> httpx.Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        if form.get("client_id") != self.client_id:
            return _oauth_error("unauthorized_client")
        if "offline_access" not in form.get("scope", "").split():
            return _oauth_error("invalid_scope")
        code = f"DAQABAAEAAAD-device-{next(self._serial)}"
        self._device_codes.add(code)
        return httpx.Response(
            200,
            json={
                "user_code": "FKXQ-7RZT",
                "device_code": code,
                "verification_uri": "https://microsoft.com/devicelogin",
                "expires_in": 900,
                "interval": self.device_interval,
                "message": "To sign in, use a web browser to open the page "
                "https://microsoft.com/devicelogin and enter the code FKXQ-7RZT.",
            },
        )

    # --- Graph ----------------------------------------------------------------

    def _me(self, request: httpx.Request) -> httpx.Response:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.access_tokens:
            return _error(401, "InvalidAuthenticationToken", "Access token is empty.")
        if request.url.path.endswith("/calendar"):  # needs only Calendars.Read
            owner = {"name": self.me.get("displayName"), "address": self.me.get("mail")}
            return httpx.Response(200, json={"owner": owner})
        if self.me_status != 200:
            return _error(self.me_status, "Authorization_RequestDenied", "Insufficient privileges.")
        wanted = request.url.params.get("$select", "").split(",")
        return httpx.Response(200, json={k: v for k, v in self.me.items() if k in wanted})

    def _answer_zone(self, request: httpx.Request) -> tuple[str, tzinfo]:
        name = self.zone
        if name is None:
            match = re.search(r'outlook\.timezone="([^"]+)"', request.headers.get("Prefer", ""))
            name = match.group(1) if match else "UTC"
        return name, ZoneInfo(ZONES.get(name, name))

    def _render(self, event: dict[str, Any], name: str, zone: tzinfo) -> dict[str, Any]:
        out = dict(event)
        for key in ("start", "end"):
            moment = _utc(event[key])
            if not event.get("isAllDay"):
                moment = moment.astimezone(zone)
            out[key] = {"dateTime": moment.strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": name}
        return out

    def _calendar_view(self, request: httpx.Request) -> httpx.Response:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.access_tokens:
            return _error(401, "InvalidAuthenticationToken", "Access token has expired.")
        if self.rate_limited > 0:
            self.rate_limited -= 1
            response = _error(429, "TooManyRequests", "Please retry again later.")
            response.headers["Retry-After"] = self.retry_after
            return response
        params = request.url.params
        try:
            low = datetime.fromisoformat(params["startDateTime"])
            high = datetime.fromisoformat(params["endDateTime"])
        except (KeyError, ValueError):
            return _error(
                400, "ErrorInvalidParameter", "startDateTime and endDateTime are required."
            )
        low = low if low.tzinfo else low.replace(tzinfo=UTC)
        high = high if high.tzinfo else high.replace(tzinfo=UTC)
        chosen = [e for e in self.events if _utc(e["start"]) < high and _utc(e["end"]) > low]
        chosen.sort(key=lambda e: _utc(e["start"]))
        size = min(int(params.get("$top", 10)), self.max_page)
        skip = params.get("$skiptoken")
        offset = int(base64.urlsafe_b64decode(skip)) if skip else 0
        name, zone = self._answer_zone(request)
        body: dict[str, Any] = {
            "@odata.context": f"{GRAPH}/$metadata#users('me')/calendarView",
            "value": [self._render(e, name, zone) for e in chosen[offset : offset + size]],
        }
        if offset + size < len(chosen):
            rest = {k: v for k, v in params.items() if k != "$skiptoken"}
            rest["$skiptoken"] = base64.urlsafe_b64encode(str(offset + size).encode()).decode()
            body["@odata.nextLink"] = f"{GRAPH}/me/calendarView?{urlencode(rest)}"
        return httpx.Response(200, json=body)
