"""The embedded demo workspace: the real code paths on generated data.

Jira is the in-process fake (`httpx.MockTransport`) seeded with a product team's
backlog; the calendar is a generated ICS feed read by the real ICS source. Dates
are relative to the clock's today. The data folder is temporary, so the demo
never touches the user's own notes or cache.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from cockpit.config.panes import PaneConfig
from cockpit.config.tz import system_zone
from cockpit.demo.calendar_data import DEMO_COMPANY, DEMO_CUSTOMERS, DEMO_USER, demo_calendar_ics
from cockpit.demo.roadmap_data import demo_objectives, seed_roadmap
from cockpit.domain.classify import CompanyRules
from cockpit.fakejira import FakeJira
from cockpit.fakejira.demo_boards import ML_BOARD
from cockpit.fakejira.demo_data import DEMO_SITE, demo_jira
from cockpit.fakejira.demo_ops import OPS_SITE, OPS_TOKEN, demo_ops_jira
from cockpit.models import Note
from cockpit.sources.ics import IcsSource
from cockpit.sources.jira import JiraClient, JiraSite, build_http_client
from cockpit.store.db import Store
from cockpit.sync.workspace import Workspace

DEMO_BOARD = 42
DEMO_PROJECTS = ("PAY",)
DEMO_FEED = "https://calendar.demo.cockpit.invalid/pm.ics"
DEMO_PANES = (
    PaneConfig(
        title="Production incidents",
        jql="project = OPS AND type = Incident AND statusCategory != Done ORDER BY priority DESC",
        columns=("key", "priority", "summary", "status", "assignee", "age"),
        site="ops",
    ),
    PaneConfig(
        title="Escalations",
        jql="project = CS AND statusCategory != Done ORDER BY priority DESC",
        columns=("key", "labels", "summary", "priority", "status", "due"),
        site="ops",
    ),
)
DEMO_LAYOUT = ("today", "calls", "blocked", "backlog", "Production incidents")
"""Five panes; Escalations is `cockpit --demo pane Escalations` (and the palette's)."""


@dataclass
class DemoWorkspace(Workspace):
    """The demo's workspace; `fake_jira` (and `fake_ops`, the second site) are the
    fakes behind it, for tests to poke at."""

    fake_jira: FakeJira | None = field(default=None, repr=False)
    fake_ops: FakeJira | None = field(default=None, repr=False)


def _temporary_data_dir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="cockpit-demo-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


DEMO_NOTES = (  # (hours ago, customer, text)
    (20, "Hooli", "Hooli wants SEPA Instant payouts before their Q3 launch; asked for a date."),
    (3, "Globex", "Globex confirmed the renewal if one-page checkout ships this quarter."),
)


def _seed_notes(store: Store, now: datetime) -> None:
    for hours, customer, text in DEMO_NOTES:
        store.add_note(Note(None, now - timedelta(hours=hours), text, customer=customer))


def demo_workspace(
    *,
    clock: Callable[[], datetime] | None = None,
    tz: ZoneInfo | None = None,
    data_dir: Path | None = None,
    jira: FakeJira | None = None,
    layout: tuple[str, ...] = DEMO_LAYOUT,
) -> DemoWorkspace:
    """A workspace on the demo data; `clock` and `tz` let tests freeze the day.

    `jira` is a fake to use instead of a fresh one, so a test can restart the app
    (same `data_dir`) against a Jira that kept its state. `layout` is the panes the
    main screen shows (default: the five of `DEMO_LAYOUT`).
    """
    tz = tz or system_zone()
    clock = clock or (lambda: datetime.now(tz))
    today = clock().astimezone(tz).date()

    fake = jira if jira is not None else demo_jira(today)
    site = JiraSite(url=DEMO_SITE, flavor="cloud", email=DEMO_USER, token="demo-token")
    jira_http = build_http_client(site, transport=fake.transport())
    ops = demo_ops_jira(today)
    ops_site = JiraSite(url=OPS_SITE, flavor="datacenter", email=None, token=OPS_TOKEN)
    ops_http = build_http_client(ops_site, transport=ops.transport())

    feed = demo_calendar_ics(today, tz).encode()

    def serve_feed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=feed, headers={"Content-Type": "text/calendar", "ETag": '"demo"'}
        )

    calendar_http = httpx.AsyncClient(transport=httpx.MockTransport(serve_feed))
    store = Store.open(data_dir or _temporary_data_dir())
    if data_dir is None:  # a fresh folder: the customer news the stand-up reports
        _seed_notes(store, clock().astimezone(tz))
        seed_roadmap(store, today)
    return DemoWorkspace(
        tz=tz,
        calendars=[IcsSource(calendar_http, "Work", DEMO_FEED, tz)],
        jira=JiraClient(jira_http, site),
        store=store,
        rules=CompanyRules(domains=DEMO_COMPANY, user_emails=(DEMO_USER,)),
        customers=DEMO_CUSTOMERS,
        board=DEMO_BOARD,
        boards=(DEMO_BOARD, ML_BOARD),
        projects=DEMO_PROJECTS,
        objectives=demo_objectives(today),
        clock=clock,
        label="demo",
        closers=[jira_http.aclose, ops_http.aclose, calendar_http.aclose],
        fake_jira=fake,
        fake_ops=ops,
        sites={"ops": JiraClient(ops_http, ops_site)},
        site_urls={"ops": OPS_SITE},
        panes=DEMO_PANES,
        layout=layout,
    )
