"""`cockpit notes list|export` through the real CLI parser, on a real database."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cockpit.cli import notes as notes_cmd
from cockpit.cli.main import build_parser, main
from cockpit.models import Note
from cockpit.store.db import Store

TZ = timezone(timedelta(hours=1))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("COCKPIT_DATA_DIR", str(folder))
    store = Store.open(folder)
    store.add_note(Note(None, at(3, 9), "Stand-up: payouts\nblocked on the bank API"))
    store.add_note(Note(None, at(3, 14), "Renewal risk; wants SSO", customer="Globex"))
    store.add_note(Note(None, at(4, 10), "Needs design review", issue_key="PAY-12"))
    store.add_note(
        Note(
            None,
            at(4, 11),
            "Demo went well \x1b]52;c;ZXZpbA==\x07",
            meeting_uid="m-1",
            meeting_title="Initech demo",
            meeting_start=at(4, 11),
            customer="Initech",
        )
    )
    store.add_note(Note(None, at(4, 16), "Second look at PAY-12", issue_key="PAY-12"))
    store.close()
    return folder


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_list_prints_every_note_oldest_first_with_its_context(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = cli(["notes", "list"], capsys)
    assert status == 0
    assert out.splitlines() == [
        "2025-03-03 09:00  Stand-up: payouts",
        "    blocked on the bank API",
        "2025-03-03 14:00  [Customer: Globex]  Renewal risk; wants SSO",
        "2025-03-04 10:00  [PAY-12]  Needs design review",
        "2025-03-04 11:00  [Meeting: Initech demo (11:00) with Initech]  Demo went well",
        "2025-03-04 16:00  [PAY-12]  Second look at PAY-12",
    ]
    assert "\x1b" not in out and "\x07" not in out


def test_list_filters_and_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = cli(["notes", "list", "--json", "--issue", "pay-12"], capsys)
    rows = json.loads(out)
    assert status == 0 and [r["text"] for r in rows] == [
        "Needs design review",
        "Second look at PAY-12",
    ]
    assert rows[0]["created"] == "2025-03-04T10:00:00+01:00" and rows[0]["customer"] is None
    _, out, _ = cli(
        ["notes", "list", "--json", "--date", "2025-03-03", "--customer", "globex"], capsys
    )
    assert [r["text"] for r in json.loads(out)] == ["Renewal risk; wants SSO"]
    _, out, _ = cli(["--date", "2025-03-04", "notes", "list", "--json"], capsys)
    assert len(json.loads(out)) == 3


def test_list_search_is_safe_and_newest_first(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = cli(["notes", "list", "--json", "--search", "PAY-12"], capsys)
    assert [r["text"] for r in json.loads(out)] == ["Second look at PAY-12", "Needs design review"]
    status, out, err = cli(["notes", "list", "--search", 'AND ( " *'], capsys)
    assert (status, out, err) == (0, "", "")


def test_export_markdown_groups_by_day_then_context(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = cli(["notes", "export", "--since", "2025-03-04"], capsys)
    assert status == 0
    assert out == (
        "# Notes since 2025-03-04\n"
        "\n"
        "## Tuesday 04 March 2025\n"
        "\n"
        "### PAY-12\n"
        "\n"
        "- 10:00 Needs design review\n"
        "- 16:00 Second look at PAY-12\n"
        "\n"
        "### Meeting: Initech demo (11:00) with Initech\n"
        "\n"
        "- 11:00 Demo went well\n"
    )


def test_export_markdown_keeps_multiline_notes_and_free_notes(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = cli(["notes", "export", "--since", "2025-03-01"], capsys)
    assert (
        "## Monday 03 March 2025\n\n### Notes\n\n"
        "- 09:00 Stand-up: payouts\n  blocked on the bank API\n" in out
    )
    assert "### Customer: Globex\n\n- 14:00 Renewal risk; wants SSO\n" in out


def test_export_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(["notes", "export", "--since", "2025-03-04", "--format", "json"], capsys)
    assert [r["issue_key"] for r in json.loads(out)] == ["PAY-12", None, "PAY-12"]


def test_bad_input_is_one_line_and_status_2(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["notes", "export", "--since", "last week"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "expected a day as YYYY-MM-DD, today" in err and "got 'last week'" in err
    assert "Traceback" not in err
    status, _, err = cli(["notes"], capsys)
    assert status == 2 and "list" in err


def test_args_data_dir_from_the_main_cli_wins(tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    Store.open(folder).add_note(Note(None, at(5, 9), "Here"))
    args = build_parser().parse_args(["notes", "list"])
    args.data_dir = folder
    out = io.StringIO()
    assert notes_cmd.run(args, out=out) == 0
    assert out.getvalue() == "2025-03-05 09:00  Here\n"


def test_demo_does_not_touch_the_users_journal(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = cli(["notes", "list", "--demo"], capsys)
    assert (status, out) == (0, "")


def test_importing_the_command_does_not_import_textual() -> None:
    code = (
        "import sys, cockpit.cli.notes, cockpit.sync.sender, cockpit.store.db;"
        " print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_list_json_gives_each_note_its_kind(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(data_dir)
    store.add_note(Note(None, at(5, 9), "Stand-up, Wed 5 Mar", kind="standup"))
    store.close()
    _, out, _ = cli(["notes", "list", "--json", "--date", "2025-03-05"], capsys)
    assert [(r["text"], r["kind"]) for r in json.loads(out)] == [("Stand-up, Wed 5 Mar", "standup")]
    _, out, _ = cli(["notes", "list", "--json", "--issue", "pay-12"], capsys)
    assert {r["kind"] for r in json.loads(out)} == {None}
