"""Checking Jira traffic against Atlassian's
OpenAPI documents (../shared/contracts/jira, or $COCKPIT_CONTRACTS), via openapi-core.

Data Center paths /rest/api/2/X are checked as /rest/api/3/X (same shapes; search is
the documented, Cloud-deprecated /rest/api/3/search). Requests come from a run of
every client method on both flavors, plus everything the other Jira tests recorded.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from cockpit.fakejira import LoggedRequest
from support.paths import SHARED_CONTRACTS

SERVER = "https://your-domain.atlassian.net"
PLATFORM = "jira-platform-swagger-v3.v3.json"
SOFTWARE = "jira-software-swagger.v3.json"


def contracts_dir() -> Path:
    here = SHARED_CONTRACTS
    if (here / PLATFORM).exists():
        return here
    env = os.environ.get("COCKPIT_CONTRACTS")
    if env and (Path(env) / PLATFORM).exists():
        return Path(env)
    pytest.skip(f"no Jira contracts at {here} and $COCKPIT_CONTRACTS is not set")


@dataclass
class Contracts:
    platform: OpenAPI
    software: OpenAPI
    raw_software: dict[str, Any]

    def api_for(self, path: str) -> OpenAPI:
        return self.software if path.startswith("/rest/agile/") else self.platform


@pytest.fixture(scope="session")
def contracts() -> Contracts:
    folder = contracts_dir()
    # Atlassian's documents do not pass strict spec validation (an enum default of ""),
    # so load them without it; schemas are resolved lazily, only where used.
    config = Config(spec_validator_cls=None)
    platform = json.loads((folder / PLATFORM).read_text())
    software = json.loads((folder / SOFTWARE).read_text())
    return Contracts(
        OpenAPI.from_dict(platform, config=config),
        OpenAPI.from_dict(software, config=config),
        software,
    )


@dataclass
class ContractRequest:
    host_url: str
    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters


@dataclass
class ContractResponse:
    status_code: int
    data: bytes
    content_type: str
    headers: Headers


DOC_DEFECTS = {
    # Atlassian documents backlog `fields` as an array of objects; the API (and its own
    # description) takes field ids. The name is still checked against the document.
    ("GET", r"/rest/agile/1\.0/board/\d+/backlog"): "fields",
    # the same document defect on a board's and a sprint's issues
    ("GET", r"/rest/agile/1\.0/board/\d+/issue"): "fields",
    ("GET", r"/rest/agile/1\.0/board/\d+/sprint/\d+/issue"): "fields",
    # a board's sprints: `state` is documented as an object, described as "active,closed"
    ("GET", r"/rest/agile/1\.0/board/\d+/sprint"): "state",
}


def contract_path(path: str) -> str:
    """Data Center's /rest/api/2/X is documented as /rest/api/3/X."""
    return re.sub(r"^/rest/api/2/", "/rest/api/3/", path)


def as_request(logged: LoggedRequest) -> ContractRequest:
    headers = dict(logged.headers)
    if headers.get("authorization", "").startswith("Bearer "):
        # The Cloud documents know Basic and OAuth; a DC PAT travels as Bearer.
        headers["authorization"] = "Basic eDp5"
    skip = {
        p
        for (m, rx), p in DOC_DEFECTS.items()
        if m == logged.method and re.fullmatch(rx, logged.path)
    }
    query = [(k, v) for k, values in logged.query.items() for v in values if k not in skip]
    return ContractRequest(
        SERVER,
        contract_path(logged.path),
        logged.method.lower(),
        logged.body or None,
        headers.get("content-type", "application/json") if logged.body else "",
        RequestParameters(query=ImmutableMultiDict(query), header=Headers(headers)),
    )


def as_response(logged: LoggedRequest) -> ContractResponse:
    assert logged.response is not None
    headers = Headers(logged.response.headers)
    return ContractResponse(
        logged.response.status,
        logged.response.body,
        headers.get("Content-Type", "application/json").split(";")[0],
        headers,
    )
