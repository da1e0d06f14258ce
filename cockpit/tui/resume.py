"""Where you left off: the focused pane, its cursor, the board and the theme, kept
across restarts.

The app keeps them in a small JSON file of its own in the data folder
(`app-state.json`, written whole through a temporary file), never in config.toml.
A theme picked in the command palette wins over the config's `theme`; a file that
cannot be read or written is no reason to stop: the app starts as new.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cockpit.widgets.item_pane import ItemPane
from cockpit.widgets.pane_grid import PaneGrid

if TYPE_CHECKING:
    from cockpit.tui.app import CockpitApp

STATE_FILE = "app-state.json"


def state_path(app: CockpitApp) -> Path:
    return app.workspace.store.path.parent / STATE_FILE


def load_state(path: Path) -> dict[str, Any]:
    """The kept state, or {} when there is none (or it cannot be read)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_state(path: Path, state: dict[str, Any]) -> None:
    """Write `state` whole (a crash midway leaves the old file)."""
    temporary = path.with_suffix(".tmp")
    with contextlib.suppress(OSError):
        temporary.write_text(json.dumps(state, indent=1), encoding="utf-8")
        os.replace(temporary, path)


class Resume:
    """Restores the last run's pane, cursor and theme; keeps this run's on quit."""

    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.state: dict[str, Any] = load_state(state_path(app))
        self._started_theme: str | None = None
        board, workspace = self.state.get("board"), app.workspace
        if isinstance(board, int) and board in workspace.boards:
            workspace.board = board  # before the first paint: its cached backlog shows

    def restore(self) -> None:
        """At mount, after the cached data is painted."""
        app = self.app
        configured = app.workspace.theme
        for theme in (self.state.get("theme"), configured):
            if isinstance(theme, str) and theme in app.available_themes:
                app.theme = theme
                break
        if configured and configured not in app.available_themes:
            app.notify(
                f"theme = {configured!r} in config.toml is not one of Textual's themes "
                "(ctrl+p, then Change theme, lists them); the default is used.",
                severity="warning",
                markup=False,
            )
        self._started_theme = app.theme
        panes = [p for p in app.query_one(PaneGrid).panes if p.display]
        wanted = self.state.get("pane")
        pane = next((p for p in panes if p.id == wanted), panes[0] if panes else None)
        if pane is None:
            return
        pane.focus()
        cursor = self.state.get("cursor")
        if pane.id == wanted and isinstance(cursor, int) and cursor > 0:
            pane.move_cursor(cursor)

    def save(self) -> None:
        """At quit: the focused pane (or the last one that had the room) and its cursor."""
        app = self.app
        if not app.is_running or not app.screen_stack:
            return
        focused = app.focused if isinstance(app.focused, ItemPane) else None
        pane = focused or app.query_one(PaneGrid).current
        state = dict(self.state)
        if app.theme != self._started_theme:  # picked in the palette: it wins from now on
            state["theme"] = app.theme
        if app.workspace.board is not None:
            state["board"] = app.workspace.board
        if pane is not None:
            state["pane"] = pane.id
            state["cursor"] = pane.cursor_row
        save_state(state_path(app), state)
