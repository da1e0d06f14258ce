"""From a user's config to a Workspace: one HTTP client per site, one source per calendar.

Each source fails alone. A secret that is missing, or a keyring that cannot be
read, turns that one source into an `Unavailable` (a calendar) or a `jira_problem`
whose message says what to run; the other sources still load. Calendars and Jira
are built separately, when first needed, so `cockpit backlog` never touches the
calendars' secrets and `cockpit agenda` never touches Jira's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from cockpit.config.credentials import (
    CredentialError,
    CredentialStore,
    env_var_name,
    secret_name,
    site_secret,
)
from cockpit.config.panes import default_layout
from cockpit.config.paths import data_dir as default_data_dir
from cockpit.config.schema import CalendarConfig, Config, JiraConfig
from cockpit.config.secrets import default_store
from cockpit.domain.classify import CompanyRules
from cockpit.models import Meeting
from cockpit.sources.calendar_base import CalendarSource
from cockpit.sources.errors import AuthError, SourceError
from cockpit.store.db import Store
from cockpit.sync.workspace import Connection, Part, Workspace
from cockpit.textsafe import plain

if TYPE_CHECKING:
    import httpx

    from cockpit.sources.jira import JiraClient

CALENDAR_TIMEOUT = 20.0


class Unavailable:
    """A calendar that could not be set up: every fetch says why and what to run."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.message = message

    async def fetch(self, start: datetime, end: datetime) -> list[Meeting]:
        raise AuthError(self.name, self.message)


class MissingSecret(Unavailable):
    """A calendar whose secret is not stored."""

    def __init__(self, name: str, what: str) -> None:
        message = f"Calendar {name!r} has no {what} stored; run `cockpit auth {name}`."
        super().__init__(name, message)


class SourceSecrets:
    """One source's view of the credential store: a keyring that cannot be read is
    that source's AuthError (saying what to run), never an error of every source."""

    def __init__(self, store: CredentialStore, source: str, label: str, auth: str) -> None:
        self.store, self.source, self.label, self.auth = store, source, label, auth

    def _refused(self, name: str, exc: CredentialError) -> AuthError:
        fix = exc.fix or (
            f"run `cockpit auth {self.auth}` once a keyring is set up (`cockpit doctor` says how)"
        )
        return AuthError(
            self.source,
            f"{self.label}: its secret cannot be read ({exc.reason}); {fix}, or set "
            f"${env_var_name(name)}.",
        )

    def get(self, name: str) -> str | None:
        try:
            return self.store.get(name)
        except CredentialError as exc:
            raise self._refused(name, exc) from None

    def set(self, name: str, value: str) -> None:
        try:
            self.store.set(name, value)
        except CredentialError as exc:
            raise self._refused(name, exc) from None

    def delete(self, name: str) -> None:
        try:
            self.store.delete(name)
        except CredentialError as exc:
            raise self._refused(name, exc) from None

    def from_env(self, name: str) -> str | None:
        return self.store.from_env(name)


def calendar_source(
    calendar: CalendarConfig, http: httpx.AsyncClient, config: Config, credentials: CredentialStore
) -> CalendarSource:
    """The source for one `[[calendars]]` entry; an `Unavailable` when it cannot be set up."""
    secrets = SourceSecrets(
        credentials, calendar.name, f"Calendar {calendar.name!r}", calendar.name
    )
    try:
        return _calendar_source(calendar, http, config, secrets)
    except SourceError as exc:
        return Unavailable(calendar.name, str(exc))
    except Exception as exc:  # a bad value nobody checked: this calendar's problem only
        reason = plain(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return Unavailable(calendar.name, f"Calendar {calendar.name!r} cannot be set up: {reason}")


def _calendar_source(
    calendar: CalendarConfig, http: httpx.AsyncClient, config: Config, credentials: CredentialStore
) -> CalendarSource:
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
        from cockpit.sync.endpoints import api_url, google_endpoints

        tokens = google_token_provider(
            http,
            name,
            calendar.client_id or "",
            credentials,
            client_secret=credentials.get(secret_name("google_client", name)),
            endpoints=google_endpoints(calendar),
        )
        return GoogleCalendarSource(
            http, name, calendar.calendar_id, tz, tokens, api_url=api_url(calendar)
        )
    # lazy: runs in connect(), off the first frame; only configured kinds load their code
    from cockpit.sources.microsoft import MicrosoftCalendarSource
    from cockpit.sources.oauth import microsoft_token_provider
    from cockpit.sync.endpoints import api_url, microsoft_endpoints

    tokens = microsoft_token_provider(
        http,
        name,
        calendar.client_id or "",
        credentials,
        tenant=calendar.tenant,
        endpoints=microsoft_endpoints(calendar),
    )
    return MicrosoftCalendarSource(http, name, tz, tokens, api_url=api_url(calendar))


def connect_calendars(config: Config, credentials: CredentialStore) -> Connection:
    """Every calendar's source, one HTTP client per CA bundle."""
    # lazy: httpx and TLS (~80 ms) load in connect()'s thread, after the first frame
    import httpx

    from cockpit.sources.tls import verify_for

    clients: dict[Path | None, httpx.AsyncClient] = {}

    def http_for(calendar: CalendarConfig) -> httpx.AsyncClient:
        if calendar.ca_bundle not in clients:
            clients[calendar.ca_bundle] = httpx.AsyncClient(
                timeout=CALENDAR_TIMEOUT,
                follow_redirects=True,
                verify=verify_for(calendar.ca_bundle),
            )
        return clients[calendar.ca_bundle]

    calendars = [calendar_source(c, http_for(c), config, credentials) for c in config.calendars]
    return Connection(calendars=calendars, closers=[c.aclose for c in clients.values()])


def connect_jira(
    config: Config,
    credentials: CredentialStore,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Connection:
    """The first Jira site's client (and the other `[[jira]]` sites' in `sites`), or the
    problem that keeps each from being built."""
    if config.jira is None:
        return Connection()
    first = _site_client(config, config.jira, credentials, transport)
    sites: dict[str, JiraClient | str] = {}
    closers = list(first.closers)
    for site in config.more_jira:
        other = _site_client(config, site, credentials, transport)
        closers.extend(other.closers)
        sites[site.name or ""] = other.jira or other.problem or "Jira is not set up."
    return Connection(jira=first.jira, problem=first.problem, sites=sites, closers=closers)


def _site_client(
    config: Config,
    jira: JiraConfig,
    credentials: CredentialStore,
    transport: httpx.AsyncBaseTransport | None,
) -> Connection:
    secret = site_secret(config, jira)
    auth = "jira" if secret == "jira" else secret
    label = "Jira" if jira is config.jira else f"Jira site {jira.name!r}"
    try:
        token = SourceSecrets(credentials, "Jira", label, auth).get(secret)
    except AuthError as exc:
        return Connection(problem=str(exc))
    if token is None:
        return Connection(problem=f"No token is stored for {label}; run `cockpit auth {auth}`.")
    # lazy: as httpx, off the first frame (and only with a Jira token)
    from cockpit.sources.jira import JiraClient, JiraSite, build_http_client

    site = JiraSite(
        url=jira.url,
        flavor=jira.flavor,
        email=jira.email,
        token=token,
        ca_bundle=str(jira.ca_bundle) if jira.ca_bundle else None,
    )
    http = build_http_client(site, transport=transport, timeout=jira.timeout or 20.0)
    return Connection(jira=JiraClient(http, site), closers=[http.aclose])


def workspace_from_config(
    config: Config,
    *,
    credentials: CredentialStore | None = None,
    data_dir: Path | None = None,
    clock: Callable[[], datetime] | None = None,
    jira_transport: httpx.AsyncBaseTransport | None = None,
) -> Workspace:
    """The user's workspace; its sources are built by `connect()`, after the first frame,
    each part (calendars, Jira) only when something needs it."""
    creds = credentials or default_store(config.keyring)
    tz = config.tz()
    jira = config.jira
    blocked_site, backlog_site = other_site(config, "blocked"), other_site(config, "backlog")
    blocked_on = site_named(config, blocked_site) or jira
    board_ids = (site_named(config, backlog_site) or jira).board_ids if jira else ()

    def connect(part: Part) -> Connection:
        if part == "jira":
            return connect_jira(config, creds, jira_transport)
        return connect_calendars(config, creds)

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
        board=board_ids[0] if board_ids else None,
        boards=board_ids,
        projects=tuple(blocked_on.projects) if blocked_on else (),
        blocked_jql=blocked_on.blocked_jql if blocked_on else None,
        blocked_site=blocked_site,
        backlog_site=backlog_site,
        site_urls={s.name: s.url for s in config.more_jira if s.name},
        workdays=tuple(config.workweek.days),
        objectives=tuple(config.objectives),
        roadmap_margin=config.roadmap.margin,
        panes=config.panes,
        layout=config.layout.panes or default_layout(config.panes),
        theme=config.theme,
        clock=clock or (lambda: datetime.now(tz)),
        label=jira.url if jira else "calendars only",
    )


def site_named(config: Config, name: str | None) -> JiraConfig | None:
    """The `[[jira]]` site called `name` (None when not set or unknown)."""
    return next((s for s in config.jira_sites if name and s.name == name), None)


def other_site(config: Config, pane: Literal["blocked", "backlog"]) -> str | None:
    """`[layout] blocked_site`/`backlog_site` when it names a site other than the first."""
    name = config.layout.blocked_site if pane == "blocked" else config.layout.backlog_site
    return None if config.jira is None or name == config.jira.name else name
