"""Every test in this folder meets a real external part, so each carries `integration`.

Real parts: a Radicale server, a Secret Service on a private D-Bus, `cockpit` run as
a subprocess or under tmux, servers on loopback ports. `pytest -m "not integration"`
leaves this folder out for a fast run. The marker comes from where the file is
(a `pytestmark` in a conftest would not apply to the tests), so no file here needs
to repeat it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A conftest's hook sees the whole session's items, not only this folder's.
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.integration)
