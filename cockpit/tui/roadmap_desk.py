"""The Roadmap screen in the app: open it, fill it, refresh it, act on what it asks.

`R` opens the screen at once with the roadmap the store kept (if any) and refreshes
it in an app-level worker (`cockpit.sync.roadmap`, the same data `cockpit roadmap`
prints). A failing refresh keeps the kept copy on screen, marked stale with the
reason. Once the roadmap has been looked at (this run, or kept from an earlier
one), the app's refreshes (`r` and the background ones) refresh it too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cockpit.runtime.crash import unexpected_error
from cockpit.sources.errors import SourceError
from cockpit.store.db import StoreError
from cockpit.sync import roadmap as roadmaps
from cockpit.tui.note_desk import store_failed

if TYPE_CHECKING:
    from datetime import datetime

    from textual.worker import Worker

    from cockpit.domain.roadmap import KeyResult, Roadmap, RoadmapItem
    from cockpit.tui.app import CockpitApp
    from cockpit.widgets.roadmap_screen import RoadmapScreen

GROUP = "roadmap"


class RoadmapDesk:
    """Keeps the roadmap shown up to date and turns the screen's requests into work."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.workspace = app.workspace
        self.screen: RoadmapScreen | None = None
        self.roadmap: Roadmap | None = None
        self.fetched_at: datetime | None = None
        self.error: str | None = None
        self.in_use = False
        """The roadmap was looked at: refresh it with the rest."""

    @property
    def wanted(self) -> bool:
        """Refresh it with the other sources (Jira is configured and the roadmap in use)."""
        if not self.workspace.has_jira:
            return False
        if not self.in_use:
            self.in_use = self.workspace.store.snapshot_time(roadmaps.SNAPSHOT) is not None
        return self.in_use

    @property
    def showing(self) -> bool:
        """The Roadmap screen is open (R again does not stack another)."""
        return self.screen is not None and self.screen.is_attached

    def open(self) -> None:
        from cockpit.widgets.roadmap_screen import RoadmapScreen  # lazy: plotext loads here

        self.in_use = True
        self.screen = RoadmapScreen(self.workspace.today())
        self.app.push_screen(self.screen, lambda _: self._closed())
        cached = roadmaps.cached_roadmap(self.workspace)
        if cached is not None and self.roadmap is None:
            self.roadmap, self.fetched_at = cached.value, cached.fetched_at
        self.app.call_after_refresh(self._paint)
        self.refresh()

    def _closed(self) -> None:
        self.screen = None

    def refresh(self) -> Worker[None]:
        return self.app.run_worker(
            self._refresh(), group=GROUP, exclusive=True, exit_on_error=False
        )

    async def _refresh(self) -> None:
        if self.screen is not None and self.roadmap is None:
            self.screen.show_error("fetching releases, epics and key results from Jira…")
        try:
            roadmap = await roadmaps.fetch_roadmap(self.workspace)
        except SourceError as exc:
            self.error = exc.told_in(self.workspace.tz)
        except Exception as exc:  # the reason on screen, the details in a crash file
            self.error = unexpected_error(exc, "Roadmap refresh")
        else:
            self.roadmap, self.fetched_at, self.error = roadmap, self.workspace.now(), None
        self._paint()

    def _paint(self) -> None:
        screen = self.screen
        if screen is None or not screen.is_attached:
            return
        if self.roadmap is None:
            if self.error:
                screen.show_error(self.error)
            return
        idents = [
            i.ident for i in (*self.roadmap.releases, *self.roadmap.released, *self.roadmap.epics)
        ]
        try:
            weeks = self.workspace.store.weeks(idents)
        except StoreError:
            weeks = {}
        when = (
            f"{self.fetched_at.astimezone(self.workspace.tz):%a %d %b %H:%M}"
            if self.fetched_at
            else ""
        )
        header = f"Roadmap · {self.workspace.label} · as of {when}"
        if self.error:
            header += f" · STALE: {self.error}"
        screen.show(self.roadmap, weeks, header=header, stale=bool(self.error))

    # --- requests from the screen -------------------------------------------------

    def show_issues(self, item: RoadmapItem) -> None:
        from cockpit.widgets.issue_list import IssueListScreen  # lazy: a modal

        title = f"{item.name}: {item.summary}" if item.summary else item.name
        listing = IssueListScreen(title)

        def then(url: str | None) -> None:
            if url:
                self.app.open_link(url)

        self.app.push_screen(listing, then)

        async def fill() -> None:
            try:
                issues, total = await roadmaps.item_issues(self.workspace, item)
            except SourceError as exc:
                reason = exc.told_in(self.workspace.tz)
            except Exception as exc:
                reason = unexpected_error(exc, "the issue list")
            else:
                if listing.is_attached:
                    listing.show(issues, total)
                return
            if listing.is_attached:
                listing.show_error(reason)

        self.app.run_worker(fill(), group="roadmap issues", exclusive=True, exit_on_error=False)

    def ask_number(self, kr: KeyResult) -> None:
        from cockpit.widgets.kr_input import NumberInput  # lazy: a modal

        def then(value: float | None) -> None:
            if value is not None:
                self.set_number(kr.title, value)

        self.app.push_screen(NumberInput(kr), then)

    def set_number(self, title: str, value: float) -> None:
        try:
            roadmaps.set_number(self.workspace, title, value)
        except ValueError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        except StoreError as exc:
            store_failed(self.app, exc, "The value was not kept.")
            return
        if self.roadmap is not None:
            self.roadmap = roadmaps.refresh_objectives(self.workspace, self.roadmap)
        self.app.notify(f"{title}: {value:g} kept.", timeout=3, markup=False)
        self._paint()
