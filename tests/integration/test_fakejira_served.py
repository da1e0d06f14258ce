"""The fake Jira on a real loopback port: the client against it, and the module command
(`python -m cockpit.fakejira`) that `make fake-jira` runs."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from support.jira_rig import TODAY

from cockpit.fakejira.demo_data import demo_jira
from cockpit.fakejira.server import serve_in_thread
from cockpit.sources.jira import JiraClient, JiraSite, build_http_client


@pytest.mark.parametrize("flavor", ["cloud", "datacenter"])
async def test_fake_on_a_loopback_port_serves_the_client(flavor: str) -> None:
    fake = demo_jira(TODAY, flavor=flavor)  # type: ignore[arg-type]
    server, url = serve_in_thread(fake, port=0)
    try:
        site = JiraSite(url, flavor, "pm@acme.com" if flavor == "cloud" else None, "t")  # type: ignore[arg-type]
        async with build_http_client(site, timeout=5) as http:
            client = JiraClient(http, site)
            assert len(await client.backlog(42)) == 60
            await client.rank(["PAY-40"], before="PAY-4")
            backlog = await client.backlog(42)
            assert backlog[0].key == "PAY-40" and backlog[0].url == f"{url}/browse/PAY-40"
            assert "PAY-12" not in {i.key for i in await client.blocked(["PAY"])}
        assert fake.requests[0].host == "127.0.0.1"
        assert all(r.headers.get("authorization") for r in fake.requests)
    finally:
        server.shutdown()
        server.server_close()


def test_module_command_serves_on_loopback() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cockpit.fakejira",
            "--port",
            "0",
            "--flavor",
            "datacenter",
            "--issues",
            "5",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line
        url = line.split()[4].rstrip(",")
        info = httpx.get(url + "/rest/api/2/serverInfo", timeout=5).json()
        assert info["deploymentType"] == "Server"
        page = httpx.get(
            url + "/rest/agile/1.0/board/42/backlog",
            headers={"Authorization": "Bearer x"},
            timeout=5,
        ).json()
        assert page["total"] == 5
    finally:
        proc.terminate()
        proc.wait(timeout=10)
