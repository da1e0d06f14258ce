"""Several boards: a Kanban board's backlog column (or first column), a Scrum board's
active sprint, the board view's columns with WIP limits, and `boards` in config."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.jira_rig import rig

from cockpit.config.loader import ConfigError, load_config
from cockpit.domain.classify import CompanyRules
from cockpit.fakejira import FakeIssue, FakeJira
from cockpit.fakejira.boards import FakeBoard, FakeColumn, FakeSprint
from cockpit.fakejira.demo_boards import ML_BOARD
from cockpit.sources.jira_boards import BoardReader
from cockpit.store.db import Store
from cockpit.sync.boards import board_line, sprint_line, sprint_summary
from cockpit.sync.workspace import Workspace

NOW = datetime(2025, 3, 4, 9, tzinfo=UTC)
TODAY = NOW.date()


def two_boards(flavor: str = "cloud", *, kanban_backlog: bool = True) -> FakeJira:
    fake = FakeJira(flavor=flavor, clock=lambda: NOW)  # type: ignore[arg-type]
    for n, status in enumerate(["To Do", "In Progress", "In Progress", "To Do", "Done"], 1):
        fake.add_issue(FakeIssue(f"ML-{n}", f"ml {n}", status=status, points=2.0))
    for n, status in enumerate(["Done", "In Progress", "To Do"], 1):
        fake.add_issue(FakeIssue(f"PAY-{n}", f"pay {n}", status=status, points=float(n)))
    fake.add_issue(FakeIssue("PAY-4", "backlog", status="To Do"))
    fake.boards[42].projects = ("PAY",)
    fake.boards[42].sprint = FakeSprint(
        7, "Sprint 7", NOW - timedelta(days=5), NOW + timedelta(days=3), ["PAY-1", "PAY-2", "PAY-3"]
    )
    fake.boards[57] = FakeBoard(
        57,
        "ML",
        "kanban",
        ("ML",),
        [
            FakeColumn("Backlog", ("To Do",)),
            FakeColumn("Doing", ("In Progress",), max=1),
            FakeColumn("Done", ("Done",)),
        ],
        kanban_backlog=kanban_backlog,
    )
    return fake


def workspace(fake: FakeJira, data_dir: Path, flavor: str = "cloud") -> Workspace:
    r = rig(fake, flavor=flavor)
    return Workspace(
        tz=ZoneInfo("UTC"),
        calendars=[],
        jira=r.client,
        store=Store.open(data_dir),
        rules=CompanyRules(domains=("acme.com",)),
        board=42,
        boards=(42, 57),
        clock=lambda: NOW,
    )


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
def test_a_kanban_board_shows_its_backlog_column(flavor: str, tmp_path: Path) -> None:
    ws = workspace(two_boards(flavor), tmp_path, flavor)
    ws.board = 57
    issues = asyncio.run(ws.fetch_backlog())
    assert [i.key for i in issues] == ["ML-1", "ML-4"]
    assert ws.board_set.cached_line() == "ML (kanban)"


def test_a_kanban_board_without_a_backlog_shows_its_first_column(tmp_path: Path) -> None:
    fake = two_boards(kanban_backlog=False)
    ws = workspace(fake, tmp_path)
    ws.board = 57
    assert [i.key for i in asyncio.run(ws.fetch_backlog())] == ["ML-1", "ML-4"]
    assert any(r.path.endswith("/board/57/backlog") for r in fake.requests)  # asked first


def test_a_scrum_board_tells_its_sprint(tmp_path: Path) -> None:
    ws = workspace(two_boards(), tmp_path)
    issues = asyncio.run(ws.fetch_backlog())
    assert [i.key for i in issues] == ["PAY-4"]  # the sprint's issues are not the backlog
    assert ws.board_set.cached_line() == "PAY board (scrum)"
    assert ws.board_lines()[1] == "Sprint 7 · 3 days left · 1/6 pts"


def test_each_board_keeps_its_own_cached_backlog(tmp_path: Path) -> None:
    ws = workspace(two_boards(), tmp_path)
    asyncio.run(ws.fetch_backlog())
    ws.board_set.switch()
    assert ws.board == 57 and ws.cached_issues("backlog") is None
    asyncio.run(ws.fetch_backlog())
    assert [i.key for i in ws.cached_issues("backlog").value] == ["ML-1", "ML-4"]  # type: ignore[union-attr]
    ws.board_set.switch()
    assert [i.key for i in ws.cached_issues("backlog").value] == ["PAY-4"]  # type: ignore[union-attr]


def test_the_board_view_has_the_configured_columns_and_limits(tmp_path: Path) -> None:
    ws = workspace(two_boards(), tmp_path)
    view = asyncio.run(ws.board_set.view(ws.jira, 57))  # type: ignore[arg-type]
    assert [(c.name, [i.key for i in c.issues], c.max, c.over) for c in view.columns] == [
        ("Backlog", ["ML-1", "ML-4"], None, False),
        ("Doing", ["ML-2", "ML-3"], 1, True),
        ("Done", ["ML-5"], None, False),
    ]
    scrum = asyncio.run(ws.board_set.view(ws.jira, 42))  # type: ignore[arg-type]
    assert scrum.board.name.endswith("Sprint 7")  # the active sprint's issues only
    assert sorted(i.key for c in scrum.columns for i in c.issues) == ["PAY-1", "PAY-2", "PAY-3"]


def test_the_board_reader_follows_the_contract() -> None:
    r = rig(two_boards())
    reader = BoardReader(r.client)
    assert asyncio.run(reader.board(57)).type == "kanban"
    sprint = asyncio.run(reader.active_sprint(42))
    assert sprint is not None and sprint.name == "Sprint 7"
    assert [c.max for c in asyncio.run(reader.columns(57))] == [None, 1, None]


def test_sprint_line_counts_points_done_and_committed() -> None:
    from cockpit.models import Issue
    from cockpit.sources.jira_boards import BoardInfo, Sprint

    issues = [
        Issue("A-1", "a", "Done", "u", points=3, status_category="done"),
        Issue("A-2", "b", "To Do", "u", points=5, status_category="new"),
    ]
    sprint = Sprint(1, "S1", None, datetime(2025, 3, 6, tzinfo=UTC))
    summary = sprint_summary(sprint, issues, date(2025, 3, 4))
    assert board_line(BoardInfo(42, "Pay", "scrum")) == "Pay (scrum)"
    assert sprint_line(summary) == "S1 · 2 days left · 3/8 pts"
    assert sprint_line(None) == ""


COMPANY = '[company]\ndomains = ["acme.com"]\n'
JIRA = '[jira]\nurl = "https://acme.atlassian.net"\nemail = "pm@acme.com"\n'


@pytest.mark.parametrize(
    ("keys", "ids"),
    [
        ("board = 42\n", (42,)),
        ("boards = [42, 57]\n", (42, 57)),
        ("board = 42\nboards = [57]\n", (42, 57)),
    ],
)
def test_board_and_boards(tmp_path: Path, keys: str, ids: tuple[int, ...]) -> None:
    path = tmp_path / "config.toml"
    path.write_text(COMPANY + JIRA + keys)
    jira = load_config(path).jira
    assert jira is not None and jira.board_ids == ids


@pytest.mark.parametrize(
    ("keys", "key", "words"),
    [
        ("", "jira.board", "required key missing"),
        ('boards = ["42"]\n', "jira.boards[0]", "positive whole number"),
        ("boards = [42, 42]\n", "jira.boards", "each board once"),
        ("boards = 42\n", "jira.boards", "list of ids"),
    ],
)
def test_board_mistakes_are_named(tmp_path: Path, keys: str, key: str, words: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(COMPANY + JIRA + keys)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: {key}: ") and words in str(caught.value)


def test_the_demo_has_a_kanban_ml_board() -> None:
    from cockpit.fakejira.demo_data import demo_jira

    fake = demo_jira(TODAY)
    assert fake.boards[ML_BOARD].type == "kanban" and fake.boards[ML_BOARD].name == "ML team"
    assert len(fake.backlog_keys()) == 60  # the payments backlog is as before
