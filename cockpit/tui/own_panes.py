"""The user's own panes (`[[panes]]`) on the main screen: painted from the store at
once, refreshed with the rest, each failing alone.

A refused JQL (HTTP 400) replaces the pane's rows with Jira's message; any other
failure keeps the rows, marked "not refreshed", with the reason in a toast. A
priority picked in one of them shows at once, as in the Backlog pane.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from cockpit.domain.present import stale_label
from cockpit.textsafe import plain
from cockpit.tui.layout import custom_id, shown_custom

if TYPE_CHECKING:  # the rest loads only for a config with [[panes]] (start-up)
    from cockpit.config.panes import PaneConfig
    from cockpit.models import Issue
    from cockpit.sources.errors import SourceError
    from cockpit.sync.custom_panes import PaneData
    from cockpit.tui.app import CockpitApp
    from cockpit.widgets.issue_pane import IssuePane

PREFIX = "pane:"


class OwnPanes:
    """Paints and refreshes the custom panes the layout shows."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.workspace = app.workspace
        self.panes: dict[str, PaneConfig] = {
            PREFIX + custom_id(self.workspace, p): p for p in shown_custom(self.workspace)
        }
        """Refresh group -> pane."""
        self._data: dict[str, PaneData] = {}

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(self.panes)

    def widget(self, group: str) -> IssuePane:
        from cockpit.widgets.issue_pane import IssuePane

        return self.app.query_one(f"#{group.removeprefix(PREFIX)}", IssuePane)

    def paint_from_cache(self) -> None:
        if not self.panes:
            return
        from cockpit.sync.custom_panes import cached_pane

        for group, pane in self.panes.items():
            hit = cached_pane(self.workspace, pane)
            if hit is not None:
                self.show(group, hit.value, subtitle=stale_label(hit.fetched_at))

    def show(self, group: str, data: PaneData, *, subtitle: str = "") -> None:
        from cockpit.domain.pane_table import custom_table

        self._data[group] = data
        pane = self.panes[group]
        rows = [(item.issue, item.cells) for item in data.items]
        table = custom_table(data.headers, pane.columns, rows, self.workspace.today())
        if (privacy := self.app.board.privacy) is not None:
            from cockpit.domain.privacy import masked_cells  # lazy: only in privacy mode

            table = masked_cells(table, privacy)
        self.widget(group).show(table, subtitle=subtitle)

    def repaint(self) -> None:
        """Every custom pane again from what it last showed (privacy mode on or off)."""
        for group, data in list(self._data.items()):
            self.show(group, data, subtitle=str(self.widget(group).border_subtitle or ""))

    async def refresh(self, group: str) -> list[SourceError] | None:
        """Fetch one pane; None when it worked, else what went wrong (maybe nothing to retry on)."""
        from cockpit.runtime.crash import unexpected_error
        from cockpit.sources.errors import SourceError
        from cockpit.sources.pane_issue import RejectedQuery
        from cockpit.sync.custom_panes import fetch_pane

        pane, widget = self.panes[group], self.widget(group)
        try:
            data = await fetch_pane(self.workspace, pane)
        except RejectedQuery as exc:
            widget.show_rejected(plain(str(exc)))
            self._say(pane, str(exc))
            return [exc]
        except SourceError as exc:
            widget.show_problem(plain(exc.told_in(self.workspace.tz)))
            self._say(pane, exc.told_in(self.workspace.tz))
            return [exc]
        except Exception as exc:  # a bug or an answer nobody expected: stale, with the reason
            message = unexpected_error(exc, f"{pane.title} refresh")
            widget.show_problem(message)
            self._say(pane, message)
            return []
        self.show(group, data)
        return None

    def _say(self, pane: PaneConfig, message: str) -> None:
        self.app.notify(
            plain(message),
            title=f"{pane.title} not refreshed",
            severity="error",
            timeout=8,
            markup=False,
        )

    def pick_priority(self, issue: Issue) -> None:
        """`p` in a custom pane: as in the Backlog pane, written to the issue's own
        site (the outbox job names it)."""
        self.app.writes.pick_priority(issue)

    def priority_changed(self, key: str, priority: str) -> None:
        """A priority picked for `key`: every pane that lists it shows it at once."""
        from cockpit.sources.pane_issue import PaneIssue
        from cockpit.sync.custom_panes import PaneData

        for group, data in list(self._data.items()):
            if not any(item.issue.key == key for item in data.items):
                continue
            pane = self.panes[group]
            named = [c for c in pane.columns if c.strip().casefold() == "priority"]
            items = [
                PaneIssue(
                    dataclasses.replace(item.issue, priority=priority),
                    {**item.cells, **dict.fromkeys(named, priority)},
                )
                if item.issue.key == key
                else item
                for item in data.items
            ]
            self.show(
                group,
                PaneData(data.headers, items),
                subtitle=str(self.widget(group).border_subtitle or ""),
            )
