"""Invitation bodies benchmark: a Microsoft 365 calendar of 500 Teams meetings.

Graph is asked for the full body (issue 16), and Teams invitations are ~4 KB of
HTML each, read as text with their links and dial-in. The source reads 500 such
events (5 pages of 100, in-process transport) the way a refresh does; the
baseline is the same events with a short text body, in the same run. Informative
ratio; target: while the 500 bodies are read, a probe on the event loop is never
late by more than 50 ms (the source yields between events), so keys and paints
are not held up by a refresh.
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench_stall import Probe
from common import BENCH_TZ, ROOT, Result, median, ratio_result

GROUP = "invitations"
EVENTS = 500
PAGE = 100
STALL_MS = 50.0


def events(html: bool) -> list[dict[str, Any]]:
    recorded = json.loads((ROOT / "tests/fixtures/graph/calendar_view.json").read_text())
    teams = recorded["value"][4]  # the Contoso Teams invitation, body in HTML
    start = datetime(2026, 11, 26, 8, tzinfo=UTC)
    out = []
    for n in range(EVENTS):
        event = copy.deepcopy(teams)
        event["id"] = f"AAMk{n}"
        when = start + timedelta(minutes=5 * n)
        event["start"]["dateTime"] = when.strftime("%Y-%m-%dT%H:%M:%S.0000000")
        event["end"]["dateTime"] = (when + timedelta(minutes=30)).strftime(
            "%Y-%m-%dT%H:%M:%S.0000000"
        )
        if not html:
            event["body"] = {"contentType": "text", "content": event["bodyPreview"]}
        out.append(event)
    return out


async def read_ms(items: list[dict[str, Any]]) -> tuple[float, float]:
    """(ms to read every page, worst loop lateness in ms)."""
    import httpx

    from cockpit.sources.microsoft import MicrosoftCalendarSource
    from cockpit.sources.oauth import StaticToken

    base = "https://graph.microsoft.com/v1.0/me/calendarView"

    def handle(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "0"))
        body: dict[str, Any] = {"value": items[page * PAGE : (page + 1) * PAGE]}
        if (page + 1) * PAGE < len(items):
            body["@odata.nextLink"] = f"{base}?page={page + 1}"
        return httpx.Response(200, json=body)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
    tz = ZoneInfo(BENCH_TZ)
    source = MicrosoftCalendarSource(http, "Office", tz, StaticToken("t"), page_size=PAGE)
    start = datetime(2026, 11, 26, tzinfo=tz)
    probe = Probe()
    probe.start()
    await asyncio.sleep(0.02)
    began = time.perf_counter()
    meetings = await source.fetch(start, start + timedelta(days=5))
    took = (time.perf_counter() - began) * 1000
    await asyncio.sleep(0.02)  # a probe held up by the last stretch wakes and says so
    stall = await probe.stop()
    await http.aclose()
    html = items[0]["body"]["contentType"] == "html"
    if len(meetings) != EVENTS or (html and not meetings[0].dial_in):
        raise RuntimeError("the bodies were not read as expected")
    return took, stall


def run(quick: bool) -> list[Result]:
    repeats = 1 if quick else 5
    html, text = events(True), events(False)
    asyncio.run(read_ms(html))  # warm imports
    with_html = [asyncio.run(read_ms(html)) for _ in range(repeats)]
    with_text = [asyncio.run(read_ms(text)) for _ in range(repeats)]
    took = median([r[0] for r in with_html])
    stall = median([r[1] for r in with_html])
    return [
        ratio_result(
            GROUP,
            f"read {EVENTS} Teams invitations (HTML bodies, 5 pages)",
            took,
            "the same events with short text bodies",
            median([r[0] for r in with_text]),
            max_ratio=10.0,
        ),
        Result(
            GROUP,
            f"worst event-loop lateness while reading {EVENTS} HTML bodies",
            stall,
            target=f"< {STALL_MS:g} ms",
            passed=stall < STALL_MS,
        ),
    ]
