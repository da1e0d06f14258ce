"""Head-first start: a big cached backlog paints its first screenful before the rest is
decoded, then all of it; the snapshot's slices survive a schema upgrade; `cockpit`
alone starts the app without building the parser."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cockpit.cli import main as cli
from cockpit.domain.classify import CompanyRules
from cockpit.models import Issue, issue_to_cache
from cockpit.store.cache import DUMP_SLICE
from cockpit.store.db import DB_NAME, Store
from cockpit.store.schema import MIGRATIONS
from cockpit.sync.workspace import Cached, Workspace
from cockpit.tui.app import CockpitApp
from cockpit.widgets.backlog import BacklogPane

FETCHED = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
BIG = 50_000


def issues(n: int, prefix: str = "PAY") -> list[Issue]:
    return [
        Issue(f"{prefix}-{i}", f"Item {i} ☕", "To Do", f"https://acme.example/browse/{prefix}-{i}")
        for i in range(1, n + 1)
    ]


def rows(n: int) -> list[dict[str, Any]]:
    return [issue_to_cache(issue) for issue in issues(n)]


@pytest.mark.parametrize("n", [0, 1, DUMP_SLICE, DUMP_SLICE + 1, 3 * DUMP_SLICE + 7])
def test_the_head_is_the_first_slice_and_knows_the_total(tmp_path: Path, n: int) -> None:
    store = Store.open(tmp_path)
    items = rows(n)
    store.save_snapshot("backlog", iter(items), FETCHED)
    head = store.load_snapshot("backlog", head=True)
    assert head is not None and head.items == items[:DUMP_SLICE]
    assert head.count == n and head.complete == (n <= DUMP_SLICE)
    whole = store.load_snapshot("backlog")
    assert whole is not None and whole.items == items and whole.complete
    store.close()


def test_the_upgrade_keeps_snapshots_written_before_slices_were_kept(tmp_path: Path) -> None:
    """A schema-2 database: its rows have no slices, so the head is the whole list."""
    old = sqlite3.connect(tmp_path / DB_NAME)
    script = "".join(f"{step};\n" for step in MIGRATIONS[:2])
    old.executescript(f"BEGIN;\n{script}PRAGMA user_version = 2;\nCOMMIT;")
    text = '[{"key":"PAY-1","summary":"Ünïcode"},{"key":"PAY-2","summary":"two"}]'
    old.execute(
        "INSERT INTO snapshot (source, scope, fetched_at, count, items) VALUES (?, ?, ?, ?, ?)",
        ("backlog", "", FETCHED.isoformat(), 2, text.encode()),
    )
    old.commit()
    old.close()
    store = Store.open(tmp_path)
    assert store._conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    for first_slice in (True, False):
        snap = store.load_snapshot("backlog", head=first_slice)
        assert snap is not None and snap.complete and snap.fetched_at == FETCHED
        assert [item["key"] for item in snap.items] == ["PAY-1", "PAY-2"]
        assert snap.items[0]["summary"] == "Ünïcode"
    store.save_snapshot("backlog", rows(DUMP_SLICE + 1), FETCHED)  # written with its slices
    head = store.load_snapshot("backlog", head=True)
    assert head is not None and len(head.items) == DUMP_SLICE and head.count == DUMP_SLICE + 1
    store.close()


class HeldDecode:
    """Holds the whole-list decode (a worker thread) until released, and says when asked."""

    def __init__(self, workspace: Workspace) -> None:
        self.asked = threading.Event()
        self.release = threading.Event()
        self.head_only = workspace.cached_issues

        def cached_issues(name: str, *, head: bool = False) -> Cached[list[Issue]] | None:
            if not head:
                self.asked.set()
                assert self.release.wait(30)
            return self.head_only(name, head=head)

        workspace.cached_issues = cached_issues  # type: ignore[method-assign]


def big_workspace(tmp_path: Path) -> Workspace:
    store = Store.open(tmp_path)
    store.save_snapshot("backlog", (issue_to_cache(i) for i in issues(BIG)), FETCHED)
    tz = ZoneInfo("Europe/Lisbon")
    return Workspace(
        tz=tz,
        calendars=[],
        jira=None,
        jira_configured=True,
        store=store,
        rules=CompanyRules(domains=("acme.example",)),
        clock=lambda: datetime(2025, 3, 4, 10, 0, tzinfo=tz),
    )


def screen_text(app: CockpitApp) -> str:
    pane = app.query_one("#backlog", BacklogPane)
    return "\n".join(
        "".join(seg.text for seg in pane.render_line(y)) for y in range(pane.size.height)
    )


async def test_the_first_frame_shows_a_screenful_then_all_50000(tmp_path: Path) -> None:
    workspace = big_workspace(tmp_path)
    held = HeldDecode(workspace)
    app = CockpitApp(workspace, refresh_on_start=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.query_one("#backlog", BacklogPane)
        assert held.asked.wait(10)  # the rest is being decoded only now, after the frame
        shown = screen_text(app)
        assert "PAY-1 " in shown and "PAY-20 " in shown
        assert len(pane.order) == DUMP_SLICE and "(50000)" in str(pane.border_title)
        assert pane.check_action("move", (1,)) is None, "a move waits for the whole order"
        assert pane.check_action("details", ()) is True
        await pilot.press("4", "down", "down")
        held.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(pane.order) == BIG and str(pane.border_title) == "Backlog (50000)"
        assert pane.selected_issue is not None and pane.selected_issue.key == "PAY-3"
        assert pane.check_action("move", (1,)) is True
        await pilot.press("end")
        assert pane.selected_issue is not None and pane.selected_issue.key == f"PAY-{BIG}"
        assert f"PAY-{BIG}" in screen_text(app)
    workspace.store.close()


async def test_fresh_issues_are_not_replaced_by_the_cache_loading_late(tmp_path: Path) -> None:
    workspace = big_workspace(tmp_path)
    held = HeldDecode(workspace)
    app = CockpitApp(workspace, refresh_on_start=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert held.asked.wait(10)
        app.board.show_issues("backlog", issues(3, "NEW"), stale_since=None)
        held.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane = app.query_one("#backlog", BacklogPane)
        assert pane.order.keys() == ["NEW-1", "NEW-2", "NEW-3"]
        assert str(pane.border_title) == "Backlog (3)"
    workspace.store.close()


def test_cockpit_alone_gets_what_the_parser_would_give(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[dict[str, object]] = []

    def run_app(args: object) -> int:
        started.append(dict(vars(args)))
        return 0

    monkeypatch.setattr(cli, "run_app", run_app)
    assert cli.main([]) == 0
    assert started == [vars(cli.build_parser([]).parse_args([]))]
