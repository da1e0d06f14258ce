"""A workspace: the wired sources, store and clock for one run, headless.

The app and the headless commands (`cockpit agenda`, ...) both go through this
class, so the panes and the CLI show the same data. Built from a config by
`cockpit.sync.wiring` or from the embedded demo by `cockpit.demo.workspace`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar
from zoneinfo import ZoneInfo

# the module, not its names: tests swap agendas.build_agenda to play a bug
from cockpit.domain import agenda as agendas
from cockpit.models import (
    Agenda,
    Issue,
    IssueChange,
    Meeting,
    issue_from_cache,
    issue_to_cache,
    meeting_from_json,
    meeting_to_cache,
)
from cockpit.records import record
from cockpit.runtime.quiet_gc import QUIET
from cockpit.sources.errors import Incomplete, SourceError
from cockpit.textsafe import plain

if TYPE_CHECKING:
    from cockpit.config.objectives import ObjectiveConfig
    from cockpit.config.panes import PaneConfig
    from cockpit.domain.classify import CompanyRules
    from cockpit.sources.calendar_base import CalendarSource
    from cockpit.sources.jira import JiraClient
    from cockpit.store.db import Store
    from cockpit.sync.boards import Boards


Part = Literal["calendars", "jira"]
PARTS: tuple[Part, ...] = ("calendars", "jira")


@dataclass(eq=False, repr=False)  # compared by identity; made at every start (~0.2 ms less)
class Connection:
    """What `Workspace.connector` builds for one part: its sources and how to close them."""

    calendars: Sequence[CalendarSource] = ()
    jira: JiraClient | None = None
    closers: Sequence[Callable[[], Awaitable[None]]] = ()
    problem: str | None = None
    """Why this part cannot be used at all (e.g. no Jira token stored)."""
    sites: Mapping[str, JiraClient | str] = field(default_factory=dict)
    """Jira: the other `[[jira]]` sites by name, each its client or why it has none."""


BOARD_LINES = "board"
"""The store snapshot of each board's lines on the Backlog pane (scope: the board id)."""

LOOKAHEAD_DAYS = 3
"""Customer calls of the next few days are shown too."""

T = TypeVar("T")


@record(slots=True)
class Cached(Generic[T]):
    """Data from the local store, with when it was fetched."""

    fetched_at: datetime
    value: T
    total: int | None = None
    """How many items the whole snapshot has, when `value` is only its head."""


@dataclass(eq=False, repr=False)  # one per run, compared by identity (~0.4 ms less at start)
class Workspace:
    """Everything one run of the cockpit reads from and writes to."""

    tz: ZoneInfo
    calendars: Sequence[CalendarSource]
    jira: JiraClient | None
    store: Store
    rules: CompanyRules
    customers: Mapping[str, str] = field(default_factory=dict)
    jira_problem: str | None = None
    """Why Jira is configured but cannot be used (e.g. no token stored)."""
    board: int | None = None
    """The board the Backlog pane shows (one of `boards`)."""
    boards: tuple[int, ...] = ()
    """`boards = [42, 57]`: the boards the Backlog pane switches between (first: `board`)."""
    projects: tuple[str, ...] = ()
    blocked_jql: str | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now().astimezone())
    label: str = ""
    """Where the data comes from, for the status line ('demo' or the Jira site)."""
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    connector: Callable[[Part], Connection] | None = None
    """Builds a part's sources later (off the first frame, and only the parts a command
    shows): httpx, TLS and parsers load then."""
    jira_configured: bool = False
    """Jira is in the config, even before `connector` has built the client."""
    calendar_problem: str | None = None
    """Why no calendar can be used (each calendar's own trouble is its fetch's error)."""
    workdays: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    """`[workweek] days`: the stand-up looks back to the last of these."""
    blockers: dict[str, Issue] = field(default_factory=dict)
    """The issues that block the Blocked pane's issues, by key (summary, status, owner)."""
    objectives: tuple[ObjectiveConfig, ...] = ()
    """`[[objectives]]`: the quarter's goals (the Roadmap screen)."""
    roadmap_margin: float = 15.0
    """`[roadmap] margin`: percentage points a done share may trail the time gone."""
    panes: tuple[PaneConfig, ...] = ()
    """`[[panes]]`: panes from the user's own JQL (see `cockpit.sync.custom_panes`)."""
    layout: tuple[str, ...] = ("today", "calls", "blocked", "backlog")
    """The panes the main screen shows, in order: built-in ids and `[[panes]]` titles."""
    theme: str | None = None
    """The colour theme the config asks for (a theme picked in the app wins)."""
    sites: dict[str, JiraClient | str] = field(default_factory=dict)
    """The other Jira sites by name (the first is `jira`): a client, or why there is none."""
    site_urls: dict[str, str] = field(default_factory=dict)
    """The other Jira sites' URLs by name (known before their clients are built): an
    issue's page tells which site it is on, so its writes go there."""
    blocked_site: str | None = None
    """`[layout] blocked_site`: the other site the Blocked pane searches (None: the first)."""
    backlog_site: str | None = None
    """`[layout] backlog_site`: the other site whose boards the Backlog pane shows."""
    _priorities: dict[str | None, list[str]] = field(default_factory=dict, repr=False)
    _connecting: dict[Part, asyncio.Future[Connection]] = field(default_factory=dict, repr=False)
    _connected: set[Part] = field(default_factory=set, repr=False)
    _remembering: object = field(default=None, repr=False)
    _board_set: Boards | None = field(default=None, repr=False)
    """The Jira client whose site metadata is kept in the store."""

    async def connect(self, *parts: Part) -> None:
        """Build the sources of `parts` (default: all), each part once, in a thread
        (imports and TLS set-up take ~0.2 s).

        Never raises: a part that cannot be built keeps its reason for its own panes
        (`jira_problem`, `calendar_problem`), so the other part still loads.
        """
        if self.connector is None:
            return
        wanted = parts or PARTS
        for part in wanted:
            if part not in self._connecting:
                build = asyncio.to_thread(self.connector, part)
                self._connecting[part] = asyncio.ensure_future(build)
        for part in wanted:
            await self._settle(part)

    async def _settle(self, part: Part) -> None:
        try:
            connection = await asyncio.shield(self._connecting[part])
        except Exception as exc:  # a keyring or site problem: one sentence, not a crash
            reason = plain(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            what = "Jira" if part == "jira" else "the calendars"
            connection = Connection(problem=f"Cannot set up {what}: {reason}")
        if part in self._connected:
            return
        self._connected.add(part)
        self.closers.extend(connection.closers)
        if part == "jira":
            self.jira = connection.jira
            self.jira_problem = connection.problem or self.jira_problem
            self.sites.update(connection.sites)
        else:
            self.calendars = connection.calendars
            self.calendar_problem = connection.problem

    def now(self) -> datetime:
        return self.clock().astimezone(self.tz)

    def today(self) -> date:
        return self.now().date()

    # --- calendar ---------------------------------------------------------

    def _window(self, day: date) -> tuple[datetime, datetime]:
        start = datetime.combine(day, time(), self.tz)
        return start, start + timedelta(days=1 + LOOKAHEAD_DAYS)

    async def fetch_agenda(self, day: date) -> tuple[Agenda, list[SourceError]]:
        """All calendars, concurrently; one failing calendar does not hide the others."""
        with QUIET:
            return await self._fetch_agenda(day)

    async def _fetch_agenda(self, day: date) -> tuple[Agenda, list[SourceError]]:
        await self.connect("calendars")
        if self.calendar_problem:
            raise SourceError("Calendar", self.calendar_problem)
        start, end = self._window(day)
        meetings, errors = await agendas.gather_meetings(self.calendars, start, end)
        agenda = agendas.build_agenda(
            meetings, day, self.tz, self.rules, self.customers, lookahead_days=LOOKAHEAD_DAYS
        )
        if all(isinstance(e, Incomplete) for e in errors):  # every calendar answered
            await self._save("agenda", [*agenda.meetings, *agenda.upcoming_calls], day.isoformat())
        return agenda, errors

    async def _save(self, source: str, items: Sequence[Meeting | Issue], scope: str = "") -> None:
        """Keep what a source returned, off the event loop (50,000 issues take ~0.3 s).

        The rows are a generator: the store builds, encodes and frees them a slice at
        a time, so the worker thread never frees 50,000 dicts in one step (~30 ms with
        the GIL held, a stall on the event loop).
        """
        fetched_at = self.now()

        def save() -> None:
            rows = (
                meeting_to_cache(i) if isinstance(i, Meeting) else issue_to_cache(i) for i in items
            )
            self.store.save_snapshot(source, rows, fetched_at, scope=scope)

        await asyncio.to_thread(save)

    def cached_agenda(self, day: date) -> Cached[Agenda] | None:
        snapshot = self.store.load_snapshot("agenda", scope=day.isoformat())
        if snapshot is None:
            return None
        meetings = [meeting_from_json(item) for item in snapshot.items]
        today = tuple(m for m in meetings if m.start.astimezone(self.tz).date() <= day)
        later = tuple(m for m in meetings if m.start.astimezone(self.tz).date() > day)
        return Cached(snapshot.fetched_at, Agenda(day, today, later))

    # --- Jira -------------------------------------------------------------

    async def _require_jira(self) -> JiraClient:
        await self.connect("jira")
        if self.jira is None:
            raise SourceError(
                "Jira", self.jira_problem or "No Jira site is configured ([jira] in config.toml)."
            )
        remember = getattr(self.jira, "remember_site_in", None)  # test doubles have none
        if remember is not None and self._remembering is not self.jira:
            remember(StoreSiteMemory(self.store, self.jira.site.url))  # field ids, statuses
            self._remembering = self.jira
        return self.jira

    async def search_issues(self, jql: str, limit: int) -> list[Issue]:
        """The first `limit` issues matching `jql` (one request), as models."""
        from cockpit.sources.jira import BASE_FIELDS  # lazy: as fetch_changes
        from cockpit.sources.jira_fields import parse_issue

        jira = await self._require_jira()
        ids = await jira.fields()
        raws = await jira.search(jql, list(BASE_FIELDS), limit=limit)
        return [parse_issue(raw, ids, jira.site.url) for raw in raws]

    async def require_jira(self) -> JiraClient:
        """The Jira client (built now if need be), or SourceError saying why there is none."""
        return await self._require_jira()

    async def jira_for(self, site: str | None = None) -> JiraClient:
        """The client of the `[[jira]]` site called `site` (None or unknown: the first),
        its field ids and statuses kept in the store under its own URL."""
        await self.connect("jira")
        other = self.sites.get(site) if site is not None else None
        if other is None:
            return await self._require_jira()
        if isinstance(other, str):
            raise SourceError("Jira", other)
        remember = getattr(other, "remember_site_in", None)
        if remember is not None and other.catalog.memory is None:
            remember(StoreSiteMemory(self.store, other.site.url))
        return other

    def site_of(self, url: str) -> str | None:
        """The name of the other site an issue page (`url`) is on; None: the first site."""
        for name, base in self.site_urls.items():
            if url.startswith(base.rstrip("/") + "/"):
                return name
        return None

    async def fetch_blocked(self) -> list[Issue]:
        with QUIET:
            return await self._fetch_blocked()

    async def _fetch_blocked(self) -> list[Issue]:
        from cockpit.sources.jira_blockers import blocker_keys, fetch_blockers

        jira = await self.jira_for(self.blocked_site)
        # The blockers' owners need a search of their own (a link carries no assignee).
        # The blockers known from the last refresh are asked beside the blocked search,
        # so a refresh is one round trip unless new blockers appeared.
        known = list(self.blockers or self.cached_blockers())
        issues, found = await asyncio.gather(
            jira.blocked(self.projects, self.blocked_jql), fetch_blockers(jira, known)
        )
        issues.sort(key=lambda i: (i.blocked_since or self.now(), i.key))
        wanted = blocker_keys(issues)
        if missing := [key for key in wanted if key not in found]:
            found |= await fetch_blockers(jira, missing)
        self.blockers = {key: found[key] for key in wanted if key in found}
        await self._save("blockers", list(self.blockers.values()))
        await self._save("blocked", issues, self.blocked_site or "")
        return issues

    def cached_blockers(self) -> dict[str, Issue]:
        """The blockers last fetched (key -> issue), from the store; kept in `blockers`."""
        snapshot = self.store.load_snapshot("blockers")
        if snapshot is not None:
            self.blockers = {i.key: i for i in map(issue_from_cache, snapshot.items)}
        return self.blockers

    async def fetch_backlog(self) -> list[Issue]:
        """The board's backlog in rank order (the collector waits while 50,000 issues land)."""
        with QUIET:
            return await self._fetch_backlog()

    async def _fetch_backlog(self) -> list[Issue]:
        if self.board is None:
            raise SourceError("Jira", "No board is configured ([jira] board in config.toml).")
        board = self.board
        issues = await self.board_set.backlog(await self.jira_for(self.backlog_site), board)
        if not any(job.kind == "rank" for job in self.store.open_jobs()):
            # else the cache keeps the order with the waiting moves, which the app
            # (perhaps open beside this command) saved: a restart must paint them
            await self._save("backlog", issues, self.backlog_scope(board))
        return issues

    @property
    def board_set(self) -> Boards:
        """The boards (`boards = [...]`): which is current, what each one is."""
        if self._board_set is None:
            from cockpit.sync.boards import Boards  # no cycle: it imports this lazily

            self._board_set = Boards(self)
        return self._board_set

    def board_lines(self, board: int | None = None) -> tuple[str, str]:
        """The board line and the active sprint's line last kept for `board` (default:
        the current one); a sprint line is "" for none or not known. Read here, not in
        `Boards`, so that the first frame does not load the boards' module."""
        which = self.board if board is None else board
        kept = self.kept_board(which) if which is not None else {}
        if not kept:
            several = len(self.boards or ((self.board,) if self.board is not None else ()))
            return (f"board {which}" if several > 1 else ""), ""
        return str(kept.get("line") or ""), str(kept.get("sprint") or "")

    def kept_board(self, board: int) -> dict[str, Any]:
        """What was last kept about `board` (its lines, name and kind); {} for nothing."""
        snapshot = self.store.load_snapshot(BOARD_LINES, scope=str(board))
        return dict(snapshot.items[0]) if snapshot is not None and snapshot.items else {}

    def keep_board(self, board: int, kept: dict[str, Any]) -> None:
        """Keep what `kept_board` gives back, as of now."""
        self.store.save_snapshot(BOARD_LINES, [kept], self.now(), scope=str(board))

    def backlog_scope(self, board: int | None = None) -> str:
        """The store scope of a board's cached backlog: "" for the first board (as
        before there were several), the board id for the others; on another site
        than the first, 'site:board' (board ids are per site)."""
        which = self.board if board is None else board
        if self.backlog_site:
            return f"{self.backlog_site}:{which}"
        first = self.boards[0] if self.boards else self.board
        return "" if which == first else str(which)

    def cached_issues(self, name: str, *, head: bool = False) -> Cached[list[Issue]] | None:
        """The issues the store has; with `head`, only the first few hundred (and the total)."""
        scope = {"backlog": self.backlog_scope(), "blocked": self.blocked_site or ""}.get(name, "")
        snapshot = self.store.load_snapshot(name, scope, head=head)
        if snapshot is None:
            return None
        issues = [issue_from_cache(item) for item in snapshot.items]
        return Cached(snapshot.fetched_at, issues, None if snapshot.complete else snapshot.count)

    async def fetch_changes(self, since: datetime, until: datetime) -> list[IssueChange]:
        """The configured projects' issues that changed in the window, with their history."""
        from cockpit.sources.jira_changes import JiraChanges  # lazy: only the digests need it

        with QUIET:
            return await JiraChanges(await self._require_jira()).changed(
                self.projects, since, until
            )

    async def priorities(self, site: str | None = None) -> list[str]:
        """A Jira site's priority names (None: the first site's), asked once per run."""
        if site not in self._priorities:
            self._priorities[site] = await (await self.jira_for(site)).priorities()
        return self._priorities[site]

    @property
    def has_jira(self) -> bool:
        """Jira is configured (even if it cannot be reached or has no token yet)."""
        return self.jira_configured or self.jira is not None or self.jira_problem is not None

    async def aclose(self) -> None:
        for part in list(self._connecting):  # a build still running holds clients to close
            await self._settle(part)
        for close in reversed(self.closers):
            await close()
        self.closers.clear()


@record
class StoreSiteMemory:
    """A Jira site's metadata (`cockpit.sources.jira_catalog.SiteMemory`) in the store."""

    store: Store
    site: str

    def load(self, kind: str) -> tuple[Any, datetime] | None:
        return self.store.load_site_meta(self.site, kind)

    async def save(self, kind: str, data: Any) -> None:
        now = datetime.now(UTC)
        await asyncio.to_thread(self.store.save_site_meta, self.site, kind, data, now)


def split_day(agenda: Agenda) -> tuple[Sequence[Meeting], Sequence[Meeting]]:
    """The day's meetings and the customer calls (the day's and the next days')."""
    return agenda.meetings, agendas.customer_calls(agenda)
