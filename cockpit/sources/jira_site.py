"""A Jira site and its HTTP client: https only, credentials only ever sent to the site.

`SiteAuth` is an `httpx.Auth` that attaches the credential (Cloud: Basic email + API
token; Data Center: the PAT as Bearer) only to requests for the site's own origin
(scheme, host and port), so a redirect or a stray absolute URL to another host never
carries it. httpx also drops `Authorization` on cross-origin redirects.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import field
from typing import Literal

import httpx

from cockpit.config.loopback import is_loopback
from cockpit.records import record
from cockpit.sources.errors import BadResponse, SourceError
from cockpit.sources.http import RetryPolicy, json_body, send
from cockpit.sources.tls import verify_for

Flavor = Literal["cloud", "datacenter"]
SOURCE = "Jira"


def check_site_url(url: str) -> str:
    """The site URL without a trailing slash; ValueError unless https (or http to loopback).

    The messages name the host at most: a URL given by mistake may carry a token.
    """
    parsed = httpx.URL(url.strip())
    if parsed.scheme not in ("https", "http") or not parsed.host:
        raise ValueError("the Jira URL must look like https://your-site.atlassian.net")
    if parsed.scheme == "http" and not is_loopback(parsed.host):
        raise ValueError(
            "the Jira URL must use https:// (plain http is allowed only for loopback), "
            f"not http://{parsed.host}"
        )
    if parsed.query or parsed.fragment or parsed.userinfo:
        raise ValueError(
            f"the Jira URL for {parsed.host} must not carry a query, fragment or user name"
        )
    return str(parsed).rstrip("/")


@record
class JiraSite:
    """Where Jira is and how to sign in; `repr()` never shows the token."""

    url: str
    flavor: Flavor
    email: str | None
    token: str = field(repr=False)
    ca_bundle: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", check_site_url(self.url))
        if self.flavor not in ("cloud", "datacenter"):
            raise ValueError(f"flavor must be 'cloud' or 'datacenter', got {self.flavor!r}")
        if self.flavor == "cloud" and not self.email:
            raise ValueError("Jira Cloud needs the email that goes with the API token")

    @property
    def api(self) -> str:
        """The platform REST API root: v3 on Cloud, v2 on Data Center."""
        return f"{self.url}/rest/api/{3 if self.flavor == 'cloud' else 2}"

    @property
    def agile(self) -> str:
        return f"{self.url}/rest/agile/1.0"

    @property
    def host(self) -> str:
        return httpx.URL(self.url).host

    @property
    def credential_name(self) -> str:
        """What the user must fix when the credential is refused."""
        if self.flavor == "cloud":
            return f"the API token for {self.email}"
        return "the personal access token"


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"https": 443, "http": 80}.get(url.scheme)
    return (url.scheme, url.host.lower(), url.port or default)


class SiteAuth(httpx.Auth):
    """Adds the site's credential to requests for the site's origin, and nothing else."""

    def __init__(self, site: JiraSite) -> None:
        self._origin = _origin(httpx.URL(site.url))
        if site.flavor == "cloud":
            basic = httpx.BasicAuth(site.email or "", site.token)
            self._header = basic._auth_header
        else:
            self._header = f"Bearer {site.token}"

    def __repr__(self) -> str:
        return "SiteAuth(<hidden>)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if _origin(request.url) == self._origin:
            request.headers["Authorization"] = self._header
        else:
            request.headers.pop("Authorization", None)
        yield request


def build_http_client(
    site: JiraSite,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float = 20.0,
) -> httpx.AsyncClient:
    """The client a JiraClient uses: site-bound auth, the CA bundle, redirects followed."""
    return httpx.AsyncClient(
        auth=SiteAuth(site),
        transport=transport,
        verify=verify_for(site.ca_bundle),
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=True,
        headers={"Accept": "application/json", "User-Agent": "pm-cockpit"},
    )


async def detect_flavor(
    http: httpx.AsyncClient, url: str, *, policy: RetryPolicy | None = None
) -> Flavor:
    """'cloud' or 'datacenter', from the site's anonymous /rest/api/2/serverInfo."""
    base = check_site_url(url)
    response = await send(
        http, "GET", f"{base}/rest/api/2/serverInfo", source=SOURCE, policy=policy
    )
    if response.status_code != 200:
        raise SourceError(
            SOURCE,
            f"{httpx.URL(base).host} did not answer like Jira "
            f"(HTTP {response.status_code} from /rest/api/2/serverInfo); check the URL.",
        )
    info = json_body(response, SOURCE)
    if not isinstance(info, dict):
        raise BadResponse(SOURCE, "Jira's serverInfo answer was not an object.")
    return "cloud" if str(info.get("deploymentType", "")).lower() == "cloud" else "datacenter"
