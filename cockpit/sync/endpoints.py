"""Where a Google or Microsoft calendar's API and sign-in live, from its config.

Defaults are the public clouds; `api_url`, `token_url` (Google) and `authority`
(Microsoft) point a calendar at a national cloud (graph.microsoft.us,
microsoftgraph.chinacloudapi.cn) or at a local server in tests. The config loader
has already refused plain http other than loopback. Graph's permission scope is
named on the API's own host, as national clouds require.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from cockpit.config.schema import CalendarConfig
from cockpit.sources.oauth import GoogleEndpoints, MicrosoftEndpoints

GOOGLE_API = "https://www.googleapis.com/calendar/v3"
GRAPH_API = "https://graph.microsoft.com/v1.0"


def api_url(calendar: CalendarConfig) -> str:
    """The calendar API's base address."""
    if calendar.api_url:
        return calendar.api_url.rstrip("/")
    return GOOGLE_API if calendar.kind == "google" else GRAPH_API


def google_endpoints(calendar: CalendarConfig) -> GoogleEndpoints:
    if calendar.token_url:
        return GoogleEndpoints(token_url=calendar.token_url)
    return GoogleEndpoints()


def microsoft_endpoints(calendar: CalendarConfig) -> MicrosoftEndpoints:
    default = MicrosoftEndpoints()
    parts = urlsplit(api_url(calendar))
    scope = f"offline_access {parts.scheme}://{parts.netloc}/Calendars.Read"
    return MicrosoftEndpoints(authority=calendar.authority or default.authority, scope=scope)
