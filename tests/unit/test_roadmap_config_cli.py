"""[[objectives]] in config.toml, `cockpit kr set` on a real store (history that
survives a restart), and `cockpit roadmap` printing a kept copy when Jira fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cockpit.cli.main import main
from cockpit.config.loader import ConfigError, load_config
from cockpit.store.db import Store

BASE = """\
[company]
domains = ["acme.com"]

[jira]
url = "https://acme.atlassian.net"
email = "pm@acme.com"
board = 42
projects = ["PAY"]
"""
OBJECTIVES = """
[roadmap]
margin = 10

[[objectives]]
title = "Checkout converts better"
quarter = "2026-Q4"
  [[objectives.key_results]]
  title = "Ship one-page checkout"
  jql = 'fixVersion = "4.2"'
  [[objectives.key_results]]
  title = "Conversion from 3.1% to 3.5%"
  start = 3.1
  target = 3.5
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(BASE + text, encoding="utf-8")
    return path


def test_objectives_and_the_margin_load(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, OBJECTIVES))
    assert config.roadmap.margin == 10.0
    (objective,) = config.objectives
    assert (objective.title, objective.quarter) == ("Checkout converts better", "2026-Q4")
    ship, conversion = objective.key_results
    assert (ship.kind, ship.jql) == ("jql", 'fixVersion = "4.2"')
    assert (conversion.kind, conversion.start, conversion.target) == ("number", 3.1, 3.5)
    assert load_config(write(tmp_path, "")).roadmap.margin == 15.0


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        (OBJECTIVES.replace("start = 3.1", "begin = 3.1"), "key_results[1].begin", "unknown key"),
        (OBJECTIVES.replace('quarter = "2026-Q4"', 'quarter = "Q4"'), "quarter", "2026-Q4"),
        (OBJECTIVES.replace("  target = 3.5\n", ""), "key_results[1].target", "missing"),
        (OBJECTIVES.replace("start = 3.1", 'start = "3.1%"'), "start", "expected a number"),
        (
            OBJECTIVES.replace("  start = 3.1", "  jql = 'x = 1'\n  start = 3.1"),
            "key_results[1]",
            "not both",
        ),
        (OBJECTIVES.replace("margin = 10", "margin = 150"), "roadmap.margin", "0 to 100"),
        (OBJECTIVES.replace("[roadmap]", "[roadmap]\nmargins = 1"), "roadmap.margins", "margin"),
    ],
)
def test_mistakes_are_one_clear_line(tmp_path: Path, text: str, where: str, what: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    message = str(caught.value)
    assert where in message and what in message and "\n" not in message


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COCKPIT_CONFIG", str(write(tmp_path, OBJECTIVES)))
    monkeypatch.setenv("COCKPIT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COCKPIT_JIRA_TOKEN", "not-used")
    return tmp_path / "data"


def test_kr_set_keeps_the_history_across_restarts(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kr", "set", "Conversion", "3.2"]) == 0
    assert main(["kr", "set", "conversion from 3.1% to 3.5%", "3.3"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Conversion from 3.1% to 3.5%: 3.2",
        "Conversion from 3.1% to 3.5%: 3.3",
    ]
    store = Store.open(env)  # a new process would open the same file
    try:
        assert [v for _, v in store.kr_history("Conversion from 3.1% to 3.5%")] == [3.2, 3.3]
    finally:
        store.close()


@pytest.mark.parametrize(
    ("title", "what"),
    [
        ("Revenue", "no key result is called 'Revenue'; tracked numbers: 'Conversion"),
        ("Ship", "is counted from Jira (jql), not set by hand"),
        ("o", "matches several key results"),
    ],
)
def test_kr_set_refuses_unknown_and_jql_titles(
    env: Path, capsys: pytest.CaptureFixture[str], title: str, what: str
) -> None:
    assert main(["kr", "set", title, "3"]) == 2
    err = capsys.readouterr().err
    assert what in err and err.count("\n") == 1


def test_roadmap_without_jira_and_without_a_kept_copy_says_why(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COCKPIT_JIRA_TOKEN")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    assert main(["roadmap", "--json"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cockpit: ") and "jira" in err.lower() and "Traceback" not in err


def test_demo_roadmap_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--demo", "roadmap", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"releases", "epics", "objectives"} <= set(data)
    verdicts = {r["name"]: r["verdict"] for r in data["releases"] if not r["released"]}
    assert sorted(verdicts.values()) == ["at_risk", "no_date", "on_track"]
    release = data["releases"][0]
    assert {
        "name",
        "summary",
        "project",
        "start",
        "release_date",
        "released",
        "counts",
        "blocked",
        "verdict",
        "reason",
        "url",
    } <= set(release)
    assert set(release["counts"]) == {"todo", "in_progress", "done", "total"}
    assert [r["released"] for r in data["releases"]].count(True) == 1
    assert len(data["epics"]) == 4 and {"key", "due"} <= set(data["epics"][0])
    krs = [kr for o in data["objectives"] for kr in o["key_results"]]
    assert {kr["kind"] for kr in krs} == {"jql", "number"}
    for kr in krs:
        assert {"title", "kind", "progress", "current", "target", "history"} <= set(kr)
    number = next(kr for kr in krs if kr["kind"] == "number")
    assert len(number["history"]) >= 3 and number["current"] == number["history"][-1]["value"]
