"""Textual widgets of the cockpit (installed as cockpit.widgets).

Each widget keeps its styles in a `.tcss` file beside its module. `CSS_PATH` only
works on App and Screen, so the app takes them all from `STYLESHEETS`.
"""

from __future__ import annotations

from pathlib import Path, PurePath

_HERE = Path(__file__).parent

STYLESHEETS: list[str | PurePath] = [
    _HERE / "app.tcss",
    *sorted(path for path in _HERE.glob("*.tcss") if path.name != "app.tcss"),
]
"""Every stylesheet of the package, app layout first."""
