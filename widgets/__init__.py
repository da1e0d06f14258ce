"""Textual widgets of the cockpit (installed as cockpit.widgets).

Each widget keeps its styles in a `.tcss` file beside its module. `CSS_PATH` only
works on App and Screen, so the app takes the main screen's sheets from
`STYLESHEETS`; each modal screen names its own in `CSS_PATH`, parsed when it is
first opened rather than at start.
"""

from __future__ import annotations

from pathlib import Path, PurePath

_HERE = Path(__file__).parent

STYLESHEETS: list[str | PurePath] = [
    _HERE / f"{name}.tcss"
    for name in ("app", "pane_grid", "item_pane", "table_pane", "backlog", "status_line", "key_bar")
]
"""The main screen's stylesheets, app layout first."""
