"""Black box: Google and Graph calendars whose `api_url` (and sign-in endpoint) point
at a loopback server serving recorded answers give, in `cockpit agenda --json`, the
same meetings as the sources read in-process from the same answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support.recorded_calendars import DAY, TZ, answer, google_meetings, graph_meetings

from cockpit.domain.agenda import build_agenda
from cockpit.domain.classify import CompanyRules
from cockpit.models import meeting_to_json

REFRESH = "1//recorded-refresh"


@pytest.fixture
def recorded() -> Iterator[tuple[str, list[str]]]:
    """A loopback server answering like Google, Graph and their token endpoints;
    yields its base URL and the request lines it saw."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            path = urlsplit(self.path).path
            seen.append(f"{self.command} {path} {self.headers.get('Authorization', '')}")
            if self.command == "POST":
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, body = answer(self.command, path)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def write_config(tmp_path: Path, base: str) -> None:
    (tmp_path / "config.toml").write_text(
        'timezone = "Europe/Lisbon"\n'
        '[company]\ndomains = ["acme.com"]\n'
        '[[calendars]]\nname = "Google"\nkind = "google"\nclient_id = "cockpit-test"\n'
        f'api_url = "{base}/google/calendar/v3"\ntoken_url = "{base}/google/token"\n'
        '[[calendars]]\nname = "Office"\nkind = "microsoft"\nclient_id = "cockpit-test"\n'
        f'api_url = "{base}/graph/v1.0"\nauthority = "{base}/login"\n'
    )


def run_cockpit(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COCKPIT_", "DBUS_"))}
    env.update(
        COCKPIT_CONFIG=str(tmp_path / "config.toml"),
        COCKPIT_DATA_DIR=str(tmp_path / "data"),
        COCKPIT_GOOGLE_REFRESH_TOKEN_GOOGLE=REFRESH,
        COCKPIT_GOOGLE_CLIENT_SECRET_GOOGLE="GOCSPX-recorded",
        COCKPIT_MICROSOFT_REFRESH_TOKEN_OFFICE=REFRESH,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return subprocess.run(
        [sys.executable, "-m", "cockpit", *argv],
        capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
    )  # fmt: skip


async def test_agenda_json_from_loopback_endpoints_matches_in_process(
    tmp_path: Path, recorded: tuple[str, list[str]]
) -> None:
    base, seen = recorded
    write_config(tmp_path, base)
    result = run_cockpit(tmp_path, "agenda", "--json", "--date", DAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    printed = json.loads(result.stdout)

    meetings = await google_meetings() + await graph_meetings()
    agenda = build_agenda(meetings, DAY, TZ, CompanyRules(domains=("acme.com",)), {})
    expected = [meeting_to_json(m) for m in agenda.meetings]
    assert printed == expected
    assert len(printed) == 10
    assert {m["title"]: m["my_response"] for m in printed}["Globex roadmap review"] == "declined"

    # every request went to the configured endpoints, with the token they gave
    assert "POST /google/token " in "\n".join(seen)
    assert "POST /login/common/oauth2/v2.0/token " in "\n".join(seen)
    reads = [line for line in seen if line.startswith("GET")]
    assert any(r.startswith("GET /google/calendar/v3/calendars/primary/events") for r in reads)
    assert any(r.startswith("GET /graph/v1.0/me/calendarView") for r in reads)
    assert all(r.endswith("Bearer ya29.recorded") for r in reads)


def test_plain_http_endpoints_off_loopback_are_refused(tmp_path: Path) -> None:
    write_config(tmp_path, "http://calendar.example.com")
    result = run_cockpit(tmp_path, "agenda", "--json")
    assert result.returncode == 2
    assert (
        "api_url" in result.stderr and "plain http:// is allowed only for loopback" in result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("name", "token_path"), [
    ("Google", "POST /google/token "),
    ("Office", "POST /login/common/oauth2/v2.0/token "),
])  # fmt: skip
def test_cockpit_auth_test_signs_in_at_the_configured_endpoint(
    tmp_path: Path, recorded: tuple[str, list[str]], name: str, token_path: str
) -> None:
    base, seen = recorded
    write_config(tmp_path, base)
    result = run_cockpit(tmp_path, "auth", name, "--test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sign-in works" in result.stdout
    assert any(line.startswith(token_path) for line in seen), seen
