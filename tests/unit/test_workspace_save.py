"""Workspace saves what a source returned through the store a slice at a time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import cockpit.sync.workspace
from cockpit.domain.classify import CompanyRules
from cockpit.models import Issue, issue_to_cache
from cockpit.store import cache
from cockpit.store.cache import DUMP_SLICE
from cockpit.store.db import Store
from cockpit.sync.workspace import Workspace

NOW = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


def workspace(tmp_path: Path) -> Workspace:
    return Workspace(
        tz=ZoneInfo("Europe/Lisbon"),
        calendars=[],
        jira=None,
        store=Store.open(tmp_path),
        rules=CompanyRules(domains=("acme.example",)),
        clock=lambda: NOW,
    )


def issues(n: int) -> list[Issue]:
    return [
        Issue(f"PAY-{i}", f"Item {i} ☕", "To Do", f"https://acme.example/browse/PAY-{i}")
        for i in range(n)
    ]


async def test_issues_are_turned_into_rows_only_as_each_slice_is_encoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So the worker thread frees the rows a slice at a time, never all at once."""
    converted = 0
    converted_at_each_encode: list[int] = []
    to_cache, encode = issue_to_cache, cache._encode

    def counting_to_cache(issue: Issue) -> dict[str, Any]:
        nonlocal converted
        converted += 1
        return to_cache(issue)

    def counting_encode(chunk: list[dict[str, Any]]) -> str:
        converted_at_each_encode.append(converted)
        return encode(chunk)

    monkeypatch.setattr(cockpit.sync.workspace, "issue_to_cache", counting_to_cache)
    monkeypatch.setattr(cache, "_encode", counting_encode)
    ws = workspace(tmp_path)
    saved = issues(DUMP_SLICE + 3)
    await ws._save("backlog", saved)
    assert converted_at_each_encode == [DUMP_SLICE, DUMP_SLICE + 3]
    cached = ws.cached_issues("backlog")
    assert cached is not None and cached.fetched_at == NOW
    assert cached.value == saved
    ws.store.close()
