"""`cockpit --demo standup` and `update` in a real subprocess: every section, the JSON fields."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

COCKPIT = shutil.which("cockpit", path=str(Path(sys.executable).parent)) or "cockpit"
ISSUE_FIELDS = {"key", "summary", "status", "assignee", "epic", "url", "when"}
STANDUP_FIELDS = {
    "since", "until", "done", "started", "blocked", "unblocked", "slipped",
    "customer_notes", "meetings", "text",
}  # fmt: skip


def cockpit(*args: str) -> str:
    env = {**os.environ, "TZ": "Europe/Lisbon"}
    done = subprocess.run(
        [COCKPIT, "--demo", *args], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def standup_json() -> dict[str, object]:
    data: dict[str, object] = json.loads(cockpit("standup", "--format", "json"))
    return data


def test_standup_json_has_exactly_the_documented_fields(standup_json: dict[str, object]) -> None:
    assert set(standup_json) == STANDUP_FIELDS
    for name in ("done", "started", "blocked", "unblocked", "slipped"):
        items = standup_json[name]
        assert isinstance(items, list) and items, name  # the demo fills every section
        extra = {"blockers"} if name == "blocked" else set()  # who is blocked by what
        assert all(set(i) == ISSUE_FIELDS | extra for i in items)
    assert standup_json["customer_notes"] and standup_json["meetings"]
    assert {i["key"] for i in standup_json["done"]} >= {"PAY-73", "PAY-74"}  # type: ignore[attr-defined]


def test_standup_times_are_in_the_configured_zone() -> None:
    env = {**os.environ, "TZ": "Asia/Tokyo"}  # 9 hours from Jira's UTC changelog times
    done = subprocess.run(
        [COCKPIT, "--demo", "standup", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    data = json.loads(done.stdout)
    whens = [i["when"] for name in ("done", "started", "blocked", "unblocked") for i in data[name]]
    assert data["since"].endswith("+09:00") and whens
    assert all(w.endswith("+09:00") for w in whens), whens


def test_standup_text_shows_every_section(standup_json: dict[str, object]) -> None:
    text = cockpit("standup")
    for title in (
        "Wins",
        "Started",
        "Newly blocked",
        "Unblocked",
        "Slipped",
        "Customer news",
        "Today",
    ):
        assert f"\n{title}\n" in text
    assert (
        "PAY-13 Instant payouts via SEPA Instant (Ben Okafor): blocked by PAY-71"
        " Issuer sandbox credentials for 3DS2 testing (unassigned, To Do)"
    ) in text
    assert "Hooli:" in text and "(customer call: Globex)" in text
    assert text == standup_json["text"]


def test_standup_markdown_has_headings() -> None:
    text = cockpit("standup", "--format", "markdown")
    assert text.startswith("# Stand-up") and "\n## Wins\n" in text and "\n- PAY-73 " in text


def test_update_json_adds_its_fields_and_stays_under_150_words() -> None:
    data = json.loads(cockpit("update", "--json"))
    assert set(data) == STANDUP_FIELDS | {"shipped", "delays", "risks", "next", "words"}
    assert data["words"] == len(data["text"].split()) < 150
    assert data["risks"] and data["next"]
    by_key = {r["key"]: r for r in data["risks"]}
    assert by_key["PAY-16"]["blockers"][0]["assignee"] == "Platform team"
    assert "blocked by PAY-70 (Platform team)" in data["text"]
    names = {g["epic"]: g["epic_name"] for g in data["shipped"]}
    assert names["PAY-1"] == "Checkout 2.0: one-page checkout"
    assert "Checkout 2.0: one-page checkout: PAY-75" in data["text"]
    for title in ("Shipped", "Delays", "Risks", "Next", "Customers"):
        assert f"\n{title}\n" in data["text"]


def test_update_refuses_an_until_before_since() -> None:
    done = subprocess.run(
        [COCKPIT, "--demo", "update", "--since", "2025-03-05", "--until", "2025-03-01"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "--until" in done.stderr and "Traceback" not in done.stderr
