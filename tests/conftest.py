"""Shared by the whole suite: the fixture plugins and assertion rewriting for helpers.

The suite is three folders: `unit/` (pure functions and classes, in-process fakes),
`screen/` (Pilot and snapshot tests of the Textual app and widgets) and
`integration/` (real external parts: Radicale, a Secret Service, `cockpit`
subprocesses, tmux, loopback servers; all marked `integration`, so
`pytest -m "not integration"` is the fast run). Helpers live in `support/`.
"""

from __future__ import annotations

import pytest

# Helpers assert too (a server that answered 201, a screen that matched): give their
# failures pytest's detailed messages. Must run before any test module imports them.
pytest.register_assert_rewrite("support")

# Modules whose fixtures any test may ask for by name, without importing them.
pytest_plugins = [
    "support.live_servers",  # jira, jira_dc, feed_url: the fake Jira and a feed on loopback
    "support.radicale_server",  # radicale_server: a real Radicale on loopback
    "support.browser",  # browser: records what the cockpit asks the web browser to open
    "support.jira_contract",  # contracts: Atlassian's OpenAPI documents, loaded once
]
