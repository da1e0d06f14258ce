"""Creating an issue (a story from a note), exactly once.

POST /issue with the project, type, summary, labels and a description that says
exactly the note's text: ADF on Cloud, escaped wiki markup on Data Center. The
outbox marks the job `sending` before the POST; after a lost answer `find_created`
looks for an issue of that project with that summary created since, so a retry
never makes a second one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import httpx

from cockpit.sources.errors import BadResponse
from cockpit.sources.http import json_body
from cockpit.sources.jira_adf import text_to_adf
from cockpit.sources.jira_fields import parse_time
from cockpit.sources.jira_site import SOURCE, JiraSite
from cockpit.sources.jira_wiki import wiki_escape

SKEW = timedelta(minutes=2)
"""An issue created this long before our send still counts as ours."""


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def label_of(name: str) -> str:
    """A customer's name as a Jira label (labels cannot hold spaces)."""
    return "_".join(name.split())[:255]


class JiraCreate:
    """Issue creation; mixed into `JiraClient` (through `JiraActions`)."""

    site: JiraSite
    _request: Callable[..., Awaitable[httpx.Response]]
    search: Callable[..., Awaitable[list[Any]]]

    async def create_issue(
        self,
        project: str,
        issue_type: str,
        summary: str,
        description: str,
        labels: Sequence[str] = (),
    ) -> str:
        """Create the issue; return its key."""
        body: Any = (
            text_to_adf(description) if self.site.flavor == "cloud" else wiki_escape(description)
        )
        fields: dict[str, Any] = {
            "project": {"key": project},
            "issuetype": {"name": issue_type},
            "summary": summary,
            "description": body,
        }
        if labels:
            fields["labels"] = [label_of(label) for label in labels]
        response = await self._request(
            "POST", f"{self.site.api}/issue", json={"fields": fields}, ok=(201, 200)
        )
        data = json_body(response, SOURCE)
        if not isinstance(data, dict) or not isinstance(data.get("key"), str):
            raise BadResponse(SOURCE, f"Jira did not say which issue it created in {project}.")
        return str(data["key"])

    async def find_created(self, project: str, summary: str, since: datetime) -> str | None:
        """The key of an issue in `project` with this summary created since `since`."""
        # a day earlier, by date: JQL reads dates in the user's Jira time zone
        after = (since - timedelta(days=1)).strftime("%Y-%m-%d")
        jql = f"project = {_quote(project)} AND created >= {_quote(after)} ORDER BY created DESC"
        for raw in await self.search(jql, ["summary", "created"]):
            fields = raw.get("fields") if isinstance(raw, dict) else None
            if not isinstance(fields, dict) or fields.get("summary") != summary:
                continue
            created = parse_time(fields.get("created"))
            if created is None or created >= since - SKEW:
                return str(raw.get("key"))
        return None
