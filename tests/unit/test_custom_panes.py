"""Panes from any JQL: columns by name or id (custom fields too), age and due, a JQL
Jira rejects, the field list remembered per site, and `cockpit pane TITLE`."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.jira_rig import rig

from cockpit.cli.pane_view import print_pane
from cockpit.config.panes import PaneConfig
from cockpit.demo.workspace import demo_workspace
from cockpit.domain.pane_table import custom_table
from cockpit.fakejira import FakeIssue, FakeJira
from cockpit.sources.errors import SourceError
from cockpit.sources.jira_columns import PaneQuery, cell_text
from cockpit.sources.pane_issue import PaneIssue, RejectedQuery

NOW = datetime(2025, 3, 4, 9, tzinfo=UTC)
TODAY = NOW.date()


def ops_site(flavor: str) -> FakeJira:
    fake = FakeJira(flavor=flavor, clock=lambda: NOW)  # type: ignore[arg-type]
    fake.add_issue(
        FakeIssue(
            "OPS-1",
            "Checkout down",
            type="Incident",
            status="In Progress",
            priority="Highest",
            assignee="Chen Wei",
            points=3.0,
            created=NOW - timedelta(days=4),
            labels=["Globex", "eu"],
            due=TODAY - timedelta(days=1),
        )
    )
    fake.add_issue(FakeIssue("OPS-2", "Slow payouts", type="Incident", priority="Low", created=NOW))
    fake.add_issue(FakeIssue("PAY-1", "not an incident", created=NOW))
    return fake


def run(query: PaneQuery, jql: str, columns: tuple[str, ...]) -> list[PaneIssue]:
    return asyncio.run(query.issues(jql, columns))[1]


@pytest.mark.parametrize(
    ("flavor", "points_name"), [("cloud", "Story point estimate"), ("datacenter", "Story Points")]
)
def test_each_kind_of_column(flavor: str, points_name: str) -> None:
    r = rig(ops_site(flavor), flavor=flavor)
    query = PaneQuery(r.client)
    columns = (
        "key",  # the issue key
        "Summary",  # a system field by its name (any case)
        "priority",
        "assignee",
        points_name,  # a custom field by its name
        "customfield_10016",  # the same custom field by its id
        "labels",
        "age",
        "due",
    )
    jql = "project = OPS AND type = Incident ORDER BY priority DESC"
    headers, items = asyncio.run(query.issues(jql, columns))
    assert [h.header for h in headers][:5] == [
        "Key",
        "Summary",
        "Priority",
        "Assignee",
        points_name,
    ]
    assert [i.issue.key for i in items] == ["OPS-1", "OPS-2"]
    cells = items[0].cells
    assert cells["key"] == "OPS-1"
    assert cells["Summary"] == "Checkout down"
    assert (cells["priority"], cells["assignee"]) == ("Highest", "Chen Wei")
    assert cells[points_name] == cells["customfield_10016"] == "3"
    assert cells["labels"] == "Globex, eu"
    assert cells["due"] == (TODAY - timedelta(days=1)).isoformat()
    table = custom_table(
        [h.header for h in headers],
        columns,
        [(i.issue, i.cells) for i in items],
        TODAY,
    )
    first = table.rows[0].cells
    assert first[columns.index("age")] == "4d"
    assert first[columns.index("due")].endswith(" late")
    assert table.rows[0].ref == items[0].issue  # the row acts on the issue
    assert table.flex == 1 and table.whole == (0,)


def test_a_column_the_site_does_not_have_is_named() -> None:
    query = PaneQuery(rig(ops_site("cloud")).client)
    with pytest.raises(SourceError, match="no field called 'Severity'"):
        run(query, "project = OPS", ("key", "Severity"))


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
def test_a_rejected_jql_says_what_jira_said(flavor: str) -> None:
    query = PaneQuery(rig(ops_site(flavor), flavor=flavor).client)
    with pytest.raises(RejectedQuery) as caught:
        run(query, 'project = OPS AND status = "Nope"', ("key",))
    assert str(caught.value).startswith("Jira rejected the JQL: ")
    assert "The value 'Nope' does not exist for the field 'status'." in str(caught.value)


class Memory:
    """A site memory in a dict (the store's is tested with the workspace)."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[Any, datetime]] = {}

    def load(self, kind: str) -> tuple[Any, datetime] | None:
        return self.kept.get(kind)

    async def save(self, kind: str, data: Any) -> None:
        self.kept[kind] = (json.loads(json.dumps(data)), datetime.now(UTC))


def test_the_field_list_is_asked_once_per_site_and_kept() -> None:
    memory = Memory()
    first = rig(ops_site("cloud"))
    first.client.remember_site_in(memory)
    run(PaneQuery(first.client), "project = OPS", ("key", "Story point estimate"))
    assert first.paths("GET").count("/rest/api/3/field") == 1
    second = rig(ops_site("cloud"))
    second.client.remember_site_in(memory)
    items = run(PaneQuery(second.client), "project = OPS", ("key", "Story point estimate"))
    assert second.paths("GET").count("/rest/api/3/field") == 0
    assert items[0].cells["Story point estimate"] == "3"


def test_cells_are_one_line_of_names() -> None:
    assert cell_text({"displayName": "Ana"}) == "Ana"
    assert cell_text([{"value": "EU"}, {"name": "Web"}]) == "EU, Web"
    assert cell_text({"value": "Hardware", "child": {"value": "Laptop"}}) == "Hardware / Laptop"
    assert cell_text("2025-03-01T10:00:00.000+0000") == "2025-03-01"
    assert cell_text("two\nlines") == "two lines"
    assert cell_text(2.5) == "2.5" and cell_text(None) == ""
    doc = {
        "type": "doc",
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": "hi"}]}],
    }
    assert cell_text(doc) == "hi"


def test_the_pane_command_prints_the_table_and_json(tmp_path: Path) -> None:
    clock = lambda: datetime(2026, 11, 26, 10, tzinfo=UTC)  # noqa: E731
    out = io.StringIO()
    status = asyncio.run(
        print_pane(demo_workspace(clock=clock, data_dir=tmp_path), "production incidents", out=out)
    )
    lines = out.getvalue().splitlines()
    assert status == 0
    assert lines[0].split() == ["Key", "Priority", "Summary", "Status", "Assignee", "Age"]
    assert lines[1].startswith("OPS-1  Highest")
    out = io.StringIO()
    asyncio.run(
        print_pane(
            demo_workspace(clock=clock, data_dir=tmp_path), "Escalations", as_json=True, out=out
        )
    )
    data = json.loads(out.getvalue())
    first = data[0]
    assert {"key", "summary", "status", "assignee", "reasons", "blocked_by", "url"} <= set(first)
    assert first["columns"]["labels"] == "Globex"
    assert first["url"] == "https://ops.demo.cockpit.invalid/browse/CS-1"
    assert first["columns"]["due"] == "2026-11-25 late"


def test_the_pane_command_names_the_panes_it_knows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = asyncio.run(print_pane(demo_workspace(data_dir=tmp_path), "Incidents"))
    assert status == 2
    assert '"Production incidents", "Escalations"' in capsys.readouterr().err


def test_a_rejected_jql_in_the_pane_command_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = demo_workspace(data_dir=tmp_path)
    workspace.panes = (PaneConfig("Broken", "project = OPS ORDER BY nonsense", ("key",), "ops"),)
    assert asyncio.run(print_pane(workspace, "Broken")) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Not able to sort using field 'nonsense'" in err
    assert "Traceback" not in err


def test_a_cached_pane_comes_back_with_its_columns(tmp_path: Path) -> None:
    from cockpit.sync.custom_panes import cached_pane, fetch_pane

    workspace = demo_workspace(data_dir=tmp_path)
    pane = workspace.panes[0]
    fetched = asyncio.run(fetch_pane(workspace, pane))
    cached = cached_pane(workspace, pane)
    assert cached is not None
    assert cached.value.headers == fetched.headers
    assert [i.issue.key for i in cached.value.items] == [i.issue.key for i in fetched.items]
    assert cached.value.items[0].cells == fetched.items[0].cells
    other_columns = PaneConfig(pane.title, pane.jql, ("key",), pane.site)
    assert cached_pane(workspace, other_columns) is None  # waits for a refresh
    asyncio.run(workspace.aclose())


def test_priority_desc_puts_the_highest_first() -> None:
    query = PaneQuery(rig(ops_site("cloud")).client)
    items = run(query, "project = OPS ORDER BY priority DESC", ("key",))
    assert [i.issue.priority for i in items] == ["Highest", "Low"]
