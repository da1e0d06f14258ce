"""Unblocking writes on one issue: flag, transition, assign, remove a blocking link.

A mixin of `JiraClient` (it uses the client's `_request`, `_json`, `site` and
`fields`). Cloud and Data Center differ in the user field (`accountId` or `name`)
and in comment bodies (ADF or escaped wiki text). Each write is sent by the outbox
(`cockpit.sync.actions`), exactly once: `issue_status` and `blocker_link` let it
tell a write Jira already took from one still to send.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from cockpit.records import record
from cockpit.sources.errors import BadResponse
from cockpit.sources.jira_adf import text_to_adf
from cockpit.sources.jira_create import JiraCreate
from cockpit.sources.jira_fields import JiraFields
from cockpit.sources.jira_site import SOURCE, JiraSite
from cockpit.sources.jira_wiki import wiki_escape

MAX_USERS = 20
"""Assignable users asked for per keystroke."""


@record
class Transition:
    """A workflow transition Jira offers for an issue, and what its screen requires."""

    id: str
    name: str
    to_status: str
    to_category: str | None = None
    needs_resolution: bool = False
    needs_comment: bool = False
    resolutions: tuple[str, ...] = ()


@record
class User:
    """An assignable user: `id` is the accountId (Cloud) or user name (Data Center)."""

    id: str
    name: str


def _key(key: str) -> str:
    if not key or not all(c.isalnum() or c in "-_" for c in key):
        raise ValueError(f"not a Jira issue key: {key!r}")
    return key


def _name(value: Any, key: str = "name") -> str | None:
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, str) else None


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def parse_transition(raw: Any) -> Transition | None:
    """One entry of GET /transitions (with `expand=transitions.fields`)."""
    if not isinstance(raw, dict) or raw.get("id") is None or raw.get("isAvailable") is False:
        return None
    to = _obj(raw.get("to"))
    fields = _obj(raw.get("fields"))
    resolution = _obj(fields.get("resolution"))
    comment = _obj(fields.get("comment"))
    allowed = resolution.get("allowedValues")
    return Transition(
        id=str(raw["id"]),
        name=str(raw.get("name") or ""),
        to_status=_name(to) or str(raw.get("name") or ""),
        to_category=_name(to.get("statusCategory"), "key"),
        needs_resolution=bool(resolution.get("required")),
        needs_comment=bool(comment.get("required")),
        resolutions=tuple(
            n for v in (allowed if isinstance(allowed, list) else []) if (n := _name(v))
        ),
    )


class JiraActions(JiraCreate):
    """The unblocking writes (and issue creation); mixed into `JiraClient`."""

    site: JiraSite
    _request: Callable[..., Awaitable[httpx.Response]]
    _json: Callable[..., Awaitable[Any]]

    async def fields(self) -> JiraFields:
        raise NotImplementedError  # JiraClient's

    def _issue_url(self, key: str) -> str:
        return f"{self.site.api}/issue/{_key(key)}"

    def _comment_body(self, text: str) -> Any:
        return text_to_adf(text) if self.site.flavor == "cloud" else wiki_escape(text)

    async def set_flag(self, key: str, on: bool) -> None:
        """Flag `key` as an Impediment, or clear its flag."""
        ids = await self.fields()
        if not ids.flagged:
            raise BadResponse(SOURCE, "This Jira site has no Flagged field.")
        value = [{"value": "Impediment"}] if on else None
        await self._request(
            "PUT", self._issue_url(key), json={"fields": {ids.flagged: value}}, ok=(204, 200)
        )

    async def transitions(self, key: str) -> list[Transition]:
        """The transitions Jira offers for `key` now, with their screens' required fields."""
        data = await self._json(
            "GET", self._issue_url(key) + "/transitions", params={"expand": "transitions.fields"}
        )
        items = data.get("transitions") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise BadResponse(SOURCE, f"Jira's transitions of {key} had no 'transitions' list.")
        return [t for t in map(parse_transition, items) if t is not None]

    async def transition(
        self,
        key: str,
        transition_id: str,
        *,
        resolution: str | None = None,
        comment: str | None = None,
    ) -> None:
        """Move `key` through a transition (with a resolution or comment if given)."""
        body: dict[str, Any] = {"transition": {"id": str(transition_id)}}
        if resolution:
            body["fields"] = {"resolution": {"name": resolution}}
        if comment:
            body["update"] = {"comment": [{"add": {"body": self._comment_body(comment)}}]}
        await self._request("POST", self._issue_url(key) + "/transitions", json=body, ok=(204, 200))

    async def issue_status(self, key: str) -> str | None:
        """The status name of `key` now (to tell whether a transition went through)."""
        data = await self._json("GET", self._issue_url(key), params={"fields": "status"})
        return _name(_obj(_obj(data).get("fields")).get("status"))

    async def assignable_users(self, key: str, query: str) -> list[User]:
        """Users who may be assigned `key` whose name starts like `query`."""
        params: dict[str, Any] = {"issueKey": _key(key), "maxResults": MAX_USERS}
        params["query" if self.site.flavor == "cloud" else "username"] = query
        data = await self._json("GET", f"{self.site.api}/user/assignable/search", params=params)
        if not isinstance(data, list):
            raise BadResponse(SOURCE, "Jira's assignable users were not a list.")
        users = []
        for item in data:
            uid = _name(item, "accountId") or _name(item, "name")
            if uid:
                users.append(User(uid, _name(item, "displayName") or uid))
        return users

    async def assign(self, key: str, user_id: str | None) -> None:
        """Assign `key` to the user (None: unassign, through an edit of the issue: the
        documented assignee body has no null user)."""
        if user_id is None:
            await self._request(
                "PUT", self._issue_url(key), json={"fields": {"assignee": None}}, ok=(204, 200)
            )
            return
        field = "accountId" if self.site.flavor == "cloud" else "name"
        await self._request(
            "PUT", self._issue_url(key) + "/assignee", json={field: user_id}, ok=(204, 200)
        )

    async def blocker_link(self, key: str, blocker: str) -> str | None:
        """The id of the link that says `key` "is blocked by" `blocker` (None: none)."""
        data = await self._json("GET", self._issue_url(key), params={"fields": "issuelinks"})
        links = _obj(_obj(data).get("fields")).get("issuelinks")
        if not isinstance(links, list):
            raise BadResponse(SOURCE, f"Jira sent {key} without its links.")
        for link in links:
            kind = _obj(_obj(link).get("type"))
            inward = str(kind.get("inward") or "").lower()
            other = _obj(_obj(link).get("inwardIssue"))
            blocks = inward == "is blocked by" or kind.get("name") == "Blocks"
            if blocks and other.get("key") == blocker:
                return str(_obj(link).get("id"))
        return None

    async def remove_blocker(self, key: str, blocker: str) -> bool:
        """Remove "`key` is blocked by `blocker`"; False when the link was gone already."""
        link_id = await self.blocker_link(key, blocker)
        if link_id is None:
            return False
        if not link_id.isdigit():
            raise BadResponse(SOURCE, f"Jira sent a link of {key} with the id {link_id!r}.")
        await self._request("DELETE", f"{self.site.api}/issueLink/{link_id}", ok=(204, 200))
        return True
