"""Recorded-shape Google and Graph answers (tests/fixtures/google, graph), served
in-process (`httpx.MockTransport`) or by a loopback server, and the meetings the
sources read from them."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from cockpit.models import Meeting
from cockpit.sources.google import GoogleCalendarSource
from cockpit.sources.microsoft import MicrosoftCalendarSource
from cockpit.sources.oauth import StaticToken

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DAY = date(2026, 11, 26)
TZ = ZoneInfo("Europe/Lisbon")


def google_body() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "google" / "events_meetings.json").read_text())
    return data


def graph_body() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "graph" / "calendar_view.json").read_text())
    return data


def answer(method: str, path: str) -> tuple[int, dict[str, Any]]:
    """The recorded answer for a request path (any prefix before the API's own)."""
    if method == "POST" and path.endswith("/token"):
        return 200, {"access_token": "ya29.recorded", "expires_in": 3599, "token_type": "Bearer"}
    if path.endswith("/calendars/primary/events"):
        return 200, google_body()
    if path.endswith("/me/calendarView"):
        return 200, graph_body()
    return 404, {"error": {"code": 404, "message": f"no route {path}"}}


def transport() -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        status, body = answer(request.method, request.url.path)
        return httpx.Response(status, json=body)

    return httpx.MockTransport(handle)


def window(day: date = DAY) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=TZ)
    return start, start + timedelta(days=1)


async def google_meetings(http: httpx.AsyncClient | None = None) -> list[Meeting]:
    http = http or httpx.AsyncClient(transport=transport())
    source = GoogleCalendarSource(http, "Google", "primary", TZ, StaticToken("t"))
    return await source.fetch(*window())


async def graph_meetings(http: httpx.AsyncClient | None = None) -> list[Meeting]:
    http = http or httpx.AsyncClient(transport=transport())
    source = MicrosoftCalendarSource(http, "Office", TZ, StaticToken("t"))
    return await source.fetch(*window())
