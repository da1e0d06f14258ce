"""Why Jira refused a request, as one sentence that says what to do.

A 401 or 403 is an `AuthError` naming the credential to store again (a 403 on a
rank call names the missing permission instead); other refusals are `JiraRefused`
with Jira's own errorMessages (secrets redacted) and the HTTP status, which the
outbox reads to tell a permanent refusal from a passing one.
"""

from __future__ import annotations

import httpx

from cockpit.sources.errors import AuthError, SourceError, redact
from cockpit.sources.jira_site import SOURCE, JiraSite


class JiraRefused(SourceError):
    """Jira refused a request (a 4xx other than 401); `status` is the HTTP status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(SOURCE, message)
        self.status = status


def refusal(site: JiraSite, response: httpx.Response, url: str | httpx.URL) -> SourceError:
    """Why Jira refused `url`, as one sentence that says what to do (never a secret)."""
    status = response.status_code
    host = site.host
    path = httpx.URL(url).path
    if status == 401:
        error: SourceError = AuthError(
            SOURCE,
            f"Jira at {host} refused {site.credential_name} (HTTP 401); "
            "run `cockpit auth jira` to store a new one.",
        )
    elif status == 403 and path.endswith("/issue/rank"):
        error = JiraRefused(
            f"Jira at {host} did not let you rank issues: you need the Schedule Issues "
            "permission on this project (ask a Jira admin).",
            403,
        )
    elif (
        status == 403
        and _is_write(response)
        and (detail := _jira_message(response, *_secrets(site)))
    ):
        # a write Jira refused for this issue (no permission to transition it, ...):
        # Jira's own reason, which the outbox shows when it undoes the change
        error = JiraRefused(f"Jira at {host} refused {path} (HTTP 403): {detail}", 403)
    elif status == 403:
        error = AuthError(
            SOURCE,
            f"Jira at {host} refused access with {site.credential_name} (HTTP 403); "
            "check its permissions, or run `cockpit auth jira` to store another one.",
        )
    elif status == 410:
        error = JiraRefused(
            f"Jira at {host} answered 410 Gone to {path}: this is a Jira Cloud site, "
            'which removed that endpoint; set flavor = "cloud" in config.toml '
            "(or run `cockpit init`).",
            410,
        )
    else:
        detail = _jira_message(response, *_secrets(site))
        error = JiraRefused(
            f"Jira at {host} refused {path} (HTTP {status})" + (f": {detail}" if detail else "."),
            status,
        )
    error.status = status  # the outbox reads it
    return error


def _secrets(site: JiraSite) -> tuple[str, ...]:
    return (site.token, f"{site.email}:{site.token}")


def _is_write(response: httpx.Response) -> bool:
    try:
        return response.request.method not in ("GET", "HEAD")
    except RuntimeError:  # a response built without its request
        return False


def _jira_message(response: httpx.Response, *secrets: str) -> str:
    """Jira's own errorMessages/errors, as one line (never the raw body if not JSON),
    with `secrets` redacted (a proxy or server may echo the credential back)."""
    try:
        data = response.json()
    except (ValueError, RecursionError):
        return ""
    if not isinstance(data, dict):
        return ""
    parts = [str(m) for m in data.get("errorMessages") or [] if m]
    errors = data.get("errors")
    if isinstance(errors, dict):
        parts += [f"{k}: {v}" for k, v in errors.items()]
    return redact("; ".join(parts), *secrets)[:300]
