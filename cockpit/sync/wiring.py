"""From a user's config to a Workspace: one HTTP client per site, one source per calendar.

A missing secret does not stop the cockpit: the source it belongs to becomes a
`MissingSecret` that fails with the sentence telling the user what to run, so
the other panes still work.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cockpit.config.credentials import CredentialStore, default_store, secret_name
from cockpit.config.paths import data_dir as default_data_dir
from cockpit.config.schema import CalendarConfig, Config
from cockpit.domain.classify import CompanyRules
from cockpit.models import Meeting
from cockpit.sources.calendar_base import CalendarSource
from cockpit.sources.errors import AuthError
from cockpit.store.db import Store
from cockpit.sync.workspace import Connection, Workspace

if TYPE_CHECKING:
    import httpx

CALENDAR_TIMEOUT = 20.0


class MissingSecret:
    """A calendar whose secret is not stored: every fetch says how to store it."""

    def __init__(self, name: str, what: str) -> None:
        self.name = name
        self.message = f"Calendar {name!r} has no {what} stored; run `cockpit auth {name}`."

    async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
        raise AuthError(self.name, self.message)


def calendar_source(
    calendar: CalendarConfig, http: httpx.AsyncClient, config: Config, credentials: CredentialStore
) -> CalendarSource:
    """The source for one `[[calendars]]` entry."""
    tz = config.tz()
    name = calendar.name
    if calendar.kind == "ics":
        # lazy: runs in connect(), off the first frame; only configured kinds load their code
        from cockpit.sources.ics import IcsSource

        url = credentials.get(secret_name("ics", name)) if calendar.secret_url else calendar.url
        if not url:
            return MissingSecret(name, "feed URL")
        return IcsSource(http, name, url, tz, max_feed_mb=calendar.max_feed_mb)
    if calendar.kind == "caldav":
        # lazy: runs in connect(), off the first frame; only configured kinds load their code
        from cockpit.sources.caldav import CalDavSource

        password = credentials.get(secret_name("caldav", name))
        if password is None:
            return MissingSecret(name, "CalDAV password")
        return CalDavSource(
            http,
            name,
            calendar.url or "",
            calendar.username or "",
            password,
            tz,
            max_feed_mb=calendar.max_feed_mb,
        )
    if calendar.kind == "google":
        # lazy: runs in connect(), off the first frame; only configured kinds load their code
        from cockpit.sources.google import GoogleCalendarSource
        from cockpit.sources.oauth import google_token_provider

        tokens = google_token_provider(
            http,
            name,
            calendar.client_id or "",
            credentials,
            client_secret=credentials.get(secret_name("google_client", name)),
        )
        return GoogleCalendarSource(http, name, calendar.calendar_id, tz, tokens)
    # lazy: runs in connect(), off the first frame; only configured kinds load their code
    from cockpit.sources.microsoft import MicrosoftCalendarSource
    from cockpit.sources.oauth import microsoft_token_provider

    tokens = microsoft_token_provider(
        http, name, calendar.client_id or "", credentials, tenant=calendar.tenant
    )
    return MicrosoftCalendarSource(http, name, tz, tokens)


def workspace_from_config(
    config: Config,
    *,
    credentials: CredentialStore | None = None,
    data_dir: Path | None = None,
    clock: Callable[[], datetime] | None = None,
    jira_transport: httpx.AsyncBaseTransport | None = None,
) -> Workspace:
    """The user's workspace; its sources are built by `connect()`, after the first frame."""
    creds = credentials or default_store()
    tz = config.tz()
    jira = config.jira

    def connect() -> Connection:
        # lazy: httpx and TLS (~80 ms) load in this thread, after the app's first frame
        import httpx

        from cockpit.sources.tls import verify_for

        clients: dict[Path | None, httpx.AsyncClient] = {}  # one per CA bundle

        def http_for(calendar: CalendarConfig) -> httpx.AsyncClient:
            if calendar.ca_bundle not in clients:
                clients[calendar.ca_bundle] = httpx.AsyncClient(
                    timeout=CALENDAR_TIMEOUT,
                    follow_redirects=True,
                    verify=verify_for(calendar.ca_bundle),
                )
            return clients[calendar.ca_bundle]

        calendars = [calendar_source(c, http_for(c), config, creds) for c in config.calendars]
        closers = [client.aclose for client in clients.values()]
        client = None
        token = creds.get(secret_name("jira")) if jira is not None else None
        if jira is not None and token is None:
            problem = "No Jira token is stored; run `cockpit auth jira`."
            return Connection(calendars, None, closers, jira_problem=problem)
        if jira is not None and token is not None:
            # lazy: as httpx above, off the first frame (and only with a Jira token)
            from cockpit.sources.jira import JiraClient, JiraSite, build_http_client

            site = JiraSite(
                url=jira.url,
                flavor=jira.flavor,
                email=jira.email,
                token=token,
                ca_bundle=str(jira.ca_bundle) if jira.ca_bundle else None,
            )
            jira_http = build_http_client(
                site, transport=jira_transport, timeout=jira.timeout or 20.0
            )
            closers.append(jira_http.aclose)
            client = JiraClient(jira_http, site)
        return Connection(calendars, client, closers)

    return Workspace(
        tz=tz,
        calendars=(),
        jira=None,
        connector=connect,
        jira_configured=jira is not None,
        store=Store.open(data_dir or default_data_dir()),
        rules=CompanyRules(
            domains=tuple(config.company.domains),
            ignore_domains=tuple(config.company.ignore_domains),
            user_emails=tuple(config.company.user_emails),
        ),
        customers=dict(config.customers),
        board=jira.board if jira else None,
        projects=tuple(jira.projects) if jira else (),
        blocked_jql=jira.blocked_jql if jira else None,
        workdays=tuple(config.workweek.days),
        clock=clock or (lambda: datetime.now(tz)),
        label=jira.url if jira else "calendars only",
    )
