"""The app's entries in Textual's command palette (ctrl+p): every action by name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp

PANES = {"today": "Today", "calls": "Customer calls", "blocked": "Blocked", "backlog": "Backlog"}


def palette_commands(app: CockpitApp) -> Iterator[SystemCommand]:
    """What the palette offers besides Textual's own commands."""
    yield SystemCommand("Refresh all panes", "Fetch calendars and Jira again", app.action_refresh)
    yield SystemCommand("Show keys", "Every key and what it does", app.action_help)
    yield SystemCommand("Notes journal", "Every note, by day, with search", app.action_journal)
    yield SystemCommand(
        "Write a note", "A free note, not tied to an item", lambda: app.notes.open_editor(None)
    )
    yield SystemCommand(
        "Stand-up draft",
        "Wins, blocked, customer news, today",
        lambda: app.action_digest("standup"),
    )
    yield SystemCommand(
        "Stakeholder update draft",
        "This week in a minute: shipped, delays, risks",
        lambda: app.action_digest("update"),
    )
    yield SystemCommand(
        "Roadmap", "Releases, epics and objectives: progress and risk", app.action_roadmap
    )
    yield SystemCommand("Send waiting changes", "Try the outbox now", app.writes.drain_now)
    yield SystemCommand("Previous day", "Show the day before", lambda: app.action_step_day(-1))
    yield SystemCommand("Next day", "Show the day after", lambda: app.action_step_day(1))
    yield SystemCommand("Back to today", "Show today, and follow the clock", app.action_today)
    if app.workspace.has_jira:
        yield SystemCommand(
            "Next board", "The Backlog pane shows the next board", app.action_switch_board
        )
        yield SystemCommand(
            "Board view", "The board's columns with WIP limits", app.action_board_view
        )
    from cockpit.widgets.pane_grid import PaneGrid  # (loaded with the main screen)

    main = app.screen_stack[0]  # the panes' screen, under the palette
    grids = list(main.query(PaneGrid).results(PaneGrid))
    for shown in grids[0].panes if grids else []:  # the layout's panes, in its order
        if not shown.display or shown.id is None:
            continue
        title = PANES.get(shown.id, shown.pane_title)
        yield SystemCommand(
            f"Go to {title}",
            f"Focus the {title} pane",
            lambda p=shown.id: app.action_focus_pane(p),
        )
