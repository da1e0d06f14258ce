"""Several Jira sites: `[[jira]]` tables (Cloud and Data Center side by side), a token
per site (keyring `jira:NAME`, `COCKPIT_JIRA_TOKEN_NAME`), each site's own field
discovery and cache, and `cockpit auth jira:NAME`."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import httpx
import pytest

from cockpit.cli.setup import auth
from cockpit.config.credentials import EnvFirstCredentials, MemoryCredentials, env_var_name
from cockpit.config.loader import ConfigError, load_config
from cockpit.config.prompt import Terminal
from cockpit.fakejira import FakeIssue, FakeJira
from cockpit.sources.errors import SourceError
from cockpit.sources.jira_catalog import FIELDS
from cockpit.sync.custom_panes import fetch_pane
from cockpit.sync.wiring import workspace_from_config

CONFIG = """
[company]
domains = ["acme.com"]

[[panes]]
title = "Incidents"
jql = "project = OPS ORDER BY key"
columns = ["key", "summary", "Story Points"]
site = "ops"

[[jira]]
name = "main"
url = "https://main.example.com"
email = "pm@acme.com"
board = 42
projects = ["PAY"]

[[jira]]
name = "ops"
url = "https://ops.example.com"
flavor = "datacenter"
board = 7
"""


class ByHost(httpx.AsyncBaseTransport):
    """Each fake site behind its own host, as two real sites would be."""

    def __init__(self, *fakes: FakeJira) -> None:
        self.routes = {httpx.URL(f.base_url).host: f.transport() for f in fakes}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.routes[request.url.host].handle_async_request(request)


def sites() -> tuple[FakeJira, FakeJira]:
    main = FakeJira(flavor="cloud", base_url="https://main.example.com", token="main-token")
    main.email = "pm@acme.com"
    main.add_issue(FakeIssue("PAY-1", "blocked work", flagged=True))
    ops = FakeJira(flavor="datacenter", base_url="https://ops.example.com", token="ops-token")
    ops.add_issue(FakeIssue("OPS-1", "checkout down", points=3.0))
    return main, ops


def config(tmp_path: Path, text: str = CONFIG) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_two_sites_of_two_flavors_each_with_its_token(tmp_path: Path) -> None:
    main, ops = sites()
    cfg = load_config(config(tmp_path))
    assert [s.name for s in cfg.jira_sites] == ["main", "ops"] and cfg.jira is cfg.jira_sites[0]
    creds = EnvFirstCredentials(
        MemoryCredentials({"jira": "main-token"}), {"COCKPIT_JIRA_TOKEN_OPS": "ops-token"}
    )
    ws = workspace_from_config(
        cfg, credentials=creds, data_dir=tmp_path / "data", jira_transport=ByHost(main, ops)
    )

    async def both() -> None:
        blocked = await ws.fetch_blocked()
        assert [i.key for i in blocked] == ["PAY-1"]
        data = await fetch_pane(ws, ws.panes[0])
        assert [(i.issue.key, i.cells["Story Points"]) for i in data.items] == [("OPS-1", "3")]
        assert data.items[0].issue.url == "https://ops.example.com/browse/OPS-1"
        await ws.aclose()

    asyncio.run(both())
    assert all(r.headers["authorization"].startswith("Basic ") for r in main.requests)
    assert all(r.headers["authorization"] == "Bearer ops-token" for r in ops.requests)
    assert any(r.path == "/rest/api/2/field" for r in ops.requests)  # its own discovery
    assert any(r.path == "/rest/api/3/field" for r in main.requests)
    for url in ("https://main.example.com", "https://ops.example.com"):
        assert ws.store.load_site_meta(url, FIELDS) is not None  # kept per site
    ws.store.close()


def test_a_site_without_its_token_fails_alone_and_says_what_to_run(tmp_path: Path) -> None:
    main, ops = sites()
    creds = MemoryCredentials({"jira": "main-token"})
    ws = workspace_from_config(
        load_config(config(tmp_path)),
        credentials=creds,
        data_dir=tmp_path / "data",
        jira_transport=ByHost(main, ops),
    )

    async def run() -> None:
        assert [i.key for i in await ws.fetch_blocked()] == ["PAY-1"]
        with pytest.raises(SourceError, match=r"run `cockpit auth jira:ops`"):
            await fetch_pane(ws, ws.panes[0])
        await ws.aclose()

    asyncio.run(run())
    ws.store.close()


def test_the_first_site_keeps_cockpit_jira_token() -> None:
    assert env_var_name("jira") == "COCKPIT_JIRA_TOKEN"
    assert env_var_name("jira:ops") == "COCKPIT_JIRA_TOKEN_OPS"
    assert env_var_name("jira:eu prod") == "COCKPIT_JIRA_TOKEN_EU_PROD"


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (CONFIG.replace('name = "ops"\n', ""), "jira[1].name", "needs a name"),
        (CONFIG.replace('name = "ops"', 'name = "MAIN"'), "jira[1].name", "unique name"),
        (CONFIG.replace('site = "ops"', 'site = "eu"'), "panes[0].site", '"main", "ops"'),
        (
            CONFIG.replace('flavor = "datacenter"\n', ""),
            "jira[1].email",
            'flavor = "cloud"',
        ),
        (CONFIG + '\n[layout]\nbacklog_site = "eu"\n', "layout.backlog_site", '"main", "ops"'),
        (CONFIG + "\n[layout]\nblocked_site = 7\n", "layout.blocked_site", "expected"),
    ],
)
def test_site_mistakes_are_named(tmp_path: Path, text: str, key: str, words: str) -> None:
    path = config(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: {key}: ") and words in str(caught.value)


def test_auth_names_a_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = config(tmp_path)
    creds = MemoryCredentials({"jira": "main-token", "jira:ops": "ops-token"})
    said: list[str] = []
    args = argparse.Namespace(
        config=str(path), source="jira:ops", forget=True, test=False, stdin=False
    )
    assert auth.run(args, credentials=creds, terminal=Terminal(out=said.append)) == 0
    assert creds.get("jira:ops") is None and creds.get("jira") == "main-token"
    assert "jira:ops" in said[0]
    args.source = "jira:eu"
    assert auth.run(args, credentials=creds, terminal=Terminal(out=said.append)) != 0
    assert "jira, jira:main, jira:ops" in capsys.readouterr().err


def test_blocked_and_backlog_can_name_their_site(tmp_path: Path) -> None:
    """`[layout] blocked_site`/`backlog_site`: the pane reads that site, with its own
    board and projects; the first site is not asked."""
    main, _ = sites()
    ops = FakeJira(
        flavor="datacenter", base_url="https://ops.example.com", token="ops-token", board_id=7
    )
    ops.add_issue(FakeIssue("OPS-1", "checkout down"))
    ops.add_issue(FakeIssue("OPS-2", "vault flapping", flagged=True))
    text = CONFIG.replace("board = 7\n", 'board = 7\nprojects = ["OPS"]\n')
    cfg = load_config(
        config(tmp_path, text + '\n[layout]\nblocked_site = "ops"\nbacklog_site = "ops"\n')
    )
    assert (cfg.layout.blocked_site, cfg.layout.backlog_site) == ("ops", "ops")
    creds = MemoryCredentials({"jira": "main-token", "jira:ops": "ops-token"})
    ws = workspace_from_config(
        cfg, credentials=creds, data_dir=tmp_path / "data", jira_transport=ByHost(main, ops)
    )
    assert (ws.board, ws.projects, ws.site_of("https://ops.example.com/browse/OPS-1")) == (
        7,
        ("OPS",),
        "ops",
    )
    assert ws.site_of("https://main.example.com/browse/PAY-1") is None

    async def both() -> None:
        assert [i.key for i in await ws.fetch_blocked()] == ["OPS-2"]
        assert [i.key for i in await ws.fetch_backlog()] == ["OPS-1", "OPS-2"]
        await ws.aclose()

    asyncio.run(both())
    assert not any("search" in r.path or "board" in r.path for r in main.requests)
    assert any("/board/7/" in r.path for r in ops.requests)
    # cached apart from the first site's (board ids are per site)
    assert ws.cached_issues("backlog") is not None and ws.cached_issues("blocked") is not None
    assert ws.store.load_snapshot("backlog", "") is None
    assert ws.store.load_snapshot("blocked", "") is None
    ws.store.close()
