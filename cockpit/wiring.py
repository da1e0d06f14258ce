"""From a user's config to a Workspace: one HTTP client per site, one source per calendar.

A missing secret does not stop the cockpit: the source it belongs to becomes a
`MissingSecret` that fails with the sentence telling the user what to run, so
the other panes still work.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import httpx

from cockpit.classify import CompanyRules
from cockpit.config.credentials import CredentialStore, default_store, secret_name
from cockpit.config.paths import data_dir as default_data_dir
from cockpit.config.schema import CalendarConfig, Config
from cockpit.models import Meeting
from cockpit.sources.calendar_base import CalendarSource
from cockpit.sources.errors import AuthError
from cockpit.store.db import Store
from cockpit.workspace import Workspace

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
        from cockpit.sources.ics import IcsSource

        url = credentials.get(secret_name("ics", name)) if calendar.secret_url else calendar.url
        if not url:
            return MissingSecret(name, "feed URL")
        return IcsSource(http, name, url, tz)
    if calendar.kind == "caldav":
        from cockpit.sources.caldav import CalDavSource

        password = credentials.get(secret_name("caldav", name))
        if password is None:
            return MissingSecret(name, "CalDAV password")
        return CalDavSource(http, name, calendar.url or "", calendar.username or "", password, tz)
    if calendar.kind == "google":
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
    """Wire every configured source; `credentials` and `data_dir` default to the user's."""
    credentials = credentials or default_store()
    tz = config.tz()
    calendar_http = httpx.AsyncClient(timeout=CALENDAR_TIMEOUT, follow_redirects=True)
    closers = [calendar_http.aclose]
    calendars = [calendar_source(c, calendar_http, config, credentials) for c in config.calendars]

    jira = None
    board = None
    projects: tuple[str, ...] = ()
    jql = None
    jira_problem = None
    if config.jira is not None:
        from cockpit.sources.jira import JiraClient, JiraSite, build_http_client

        board, projects, jql = (
            config.jira.board,
            tuple(config.jira.projects),
            config.jira.blocked_jql,
        )
        token = credentials.get(secret_name("jira"))
        if token is None:
            jira_problem = "No Jira token is stored; run `cockpit auth jira`."
        else:
            site = JiraSite(
                url=config.jira.url,
                flavor=config.jira.flavor,
                email=config.jira.email,
                token=token,
                ca_bundle=str(config.jira.ca_bundle) if config.jira.ca_bundle else None,
            )
            jira_http = build_http_client(
                site, transport=jira_transport, timeout=config.jira.timeout or 20.0
            )
            closers.append(jira_http.aclose)
            jira = JiraClient(jira_http, site)

    store = Store.open(data_dir or default_data_dir())
    return Workspace(
        tz=tz,
        calendars=calendars,
        jira=jira,
        jira_problem=jira_problem,
        store=store,
        rules=CompanyRules(
            domains=tuple(config.company.domains),
            ignore_domains=tuple(config.company.ignore_domains),
            user_emails=tuple(config.company.user_emails),
        ),
        customers=dict(config.customers),
        board=board,
        projects=projects,
        blocked_jql=jql,
        clock=clock or (lambda: datetime.now(tz)),
        label=config.jira.url if config.jira else "calendars only",
        closers=closers,
    )
