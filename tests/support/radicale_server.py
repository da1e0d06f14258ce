"""A real Radicale CalDAV server on 127.0.0.1 for the CalDAV tests.

`radicale_server` starts `python -m radicale` on a free port with a temporary
storage folder and htpasswd auth (plain passwords), waits until it answers, and
stops it afterwards. A plugin (tests/conftest.py): ask for `radicale_server` by name.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

USER = "pm"
PASSWORD = "s3cret-pass"


@dataclass(frozen=True)
class Radicale:
    url: str
    user: str
    password: str

    def client(self) -> httpx.Client:
        return httpx.Client(auth=(self.user, self.password), timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def radicale_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    root: Path = tmp_path_factory.mktemp("radicale")
    users = root / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    port = _free_port()
    log = (root / "radicale.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "radicale",
            "--config", "",
            "--server-hosts", f"127.0.0.1:{port}",
            "--storage-filesystem-folder", str(root / "collections"),
            "--auth-type", "htpasswd",
            "--auth-htpasswd-filename", str(users),
            "--auth-htpasswd-encryption", "plain",
            "--rights-type", "owner_only",
            "--logging-level", "warning",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"radicale exited: {(root / 'radicale.log').read_text()}")
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)  # waiting for a real subprocess, not simulated time
        yield Radicale(url, USER, PASSWORD)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def mkcalendar(client: httpx.Client, url: str, name: str, components: str = "VEVENT") -> None:
    """Create a calendar collection with MKCALENDAR."""
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>
<d:displayname>{name}</d:displayname>
<c:supported-calendar-component-set><c:comp name="{components}"/>
</c:supported-calendar-component-set>
</d:prop></d:set></c:mkcalendar>"""
    response = client.request("MKCALENDAR", url, content=body)
    assert response.status_code == 201, response.text


def put_event(client: httpx.Client, collection: str, name: str, ics: str) -> None:
    response = client.put(
        collection + name, content=ics.replace("\n", "\r\n"),
        headers={"Content-Type": "text/calendar; charset=utf-8"},
    )  # fmt: skip
    assert response.status_code in (201, 204), response.text
