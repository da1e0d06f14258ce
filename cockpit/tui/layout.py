"""Which panes the main screen shows, in what order (`[layout] panes`), and keys 1-9.

The four built-in panes are always composed (the app's other parts paint them
whatever the layout); those the layout leaves out are hidden, so they take no
room and no focus. Custom panes (`[[panes]]`) are `IssuePane`s with ids `pane-1`,
`pane-2`, ... in config order; only those in the layout are composed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from cockpit.widgets.backlog import BacklogPane
from cockpit.widgets.blocked_pane import BlockedPane
from cockpit.widgets.item_pane import ItemPane
from cockpit.widgets.table_pane import TablePane

if TYPE_CHECKING:
    from cockpit.config.panes import PaneConfig
    from cockpit.sync.workspace import Workspace

BUILTIN = ("today", "calls", "blocked", "backlog")


def custom_id(workspace: Workspace, pane: PaneConfig) -> str:
    """The widget id of a custom pane: `pane-N`, N its place in `[[panes]]`."""
    return f"pane-{workspace.panes.index(pane) + 1}"


def _builtin(name: str) -> ItemPane:
    if name == "today":
        return TablePane("Today", id="today", empty_text="no meetings")
    if name == "calls":
        return TablePane("Customer calls", id="calls", empty_text="no customer calls")
    if name == "blocked":
        return BlockedPane(id="blocked")
    # muted until Jira answers (a cached backlog is painted stale), set now so that
    # painting the cache does not style the pane again before the first frame
    return BacklogPane(id="backlog", classes="-stale")


def shown_custom(workspace: Workspace) -> list[PaneConfig]:
    """The custom panes the layout shows, in layout order."""
    by_title = {p.title.casefold(): p for p in workspace.panes}
    return [by_title[n.casefold()] for n in workspace.layout if n.casefold() in by_title]


def compose_panes(workspace: Workspace) -> Iterator[ItemPane]:
    """The panes in layout order, then the hidden built-in ones."""
    by_title = {p.title.casefold(): p for p in workspace.panes}
    shown = [n for n in workspace.layout if n in BUILTIN or n.casefold() in by_title]
    if not shown:
        shown = list(BUILTIN)
    for n, name in enumerate(shown):
        if name in BUILTIN:
            widget = _builtin(name)
        else:
            from cockpit.widgets.issue_pane import IssuePane  # lazy: only with [[panes]]

            pane = by_title[name.casefold()]
            widget = IssuePane(pane.title, id=custom_id(workspace, pane))
        if n == 0:  # set before mounting: a class changed after mount restyles the panes
            widget.add_class("-current")
        yield widget
    for name in BUILTIN:
        if name not in shown:
            hidden = _builtin(name)
            hidden.display = False
            yield hidden


def slot_pane(panes: list[ItemPane], slot: int) -> ItemPane | None:
    """The pane key `slot` (1-9) goes to: the slot-th pane shown."""
    shown = [p for p in panes if p.display]
    return shown[slot - 1] if 0 < slot <= len(shown) else None


SHORT = {"today": "Today", "calls": "Calls", "blocked": "Blocked", "backlog": "Backlog"}
"""How the help names the built-in panes' keys."""


def slot_bindings(bindings: Sequence[BindingType], panes: list[ItemPane]) -> list[BindingType]:
    """`bindings` with each pane key (1-9) named for the pane it goes to in this
    layout; keys with no pane are left out (for the help screen)."""
    out: list[BindingType] = []
    for binding in bindings:
        slot = _slot(binding)
        if slot is None:
            out.append(binding)
        elif (pane := slot_pane(panes, slot)) is not None and isinstance(binding, Binding):
            name = SHORT.get(pane.id or "", pane.pane_title)
            out.append(dataclasses.replace(binding, description=name))
    return out


def _slot(binding: BindingType) -> int | None:
    action = binding.action if isinstance(binding, Binding) else ""
    if not action.startswith("focus_slot("):
        return None
    return int(action.removeprefix("focus_slot(").rstrip(")"))
