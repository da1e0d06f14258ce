"""Turn the fake's state into the JSON shapes Atlassian documents (v2 and v3)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cockpit.fakejira.state import (
    CATEGORY_IDS,
    CATEGORY_NAMES,
    PRIORITIES,
    STATUSES,
    TYPES,
    FakeComment,
    FakeIssue,
    FakeVersion,
    FieldIds,
    Flavor,
)
from cockpit.sources.jira_adf import text_to_adf

LINK_TYPE = {"id": "10000", "name": "Blocks", "inward": "is blocked by", "outward": "blocks"}
IMPEDIMENT = {"value": "Impediment", "id": "10019"}


def jira_time(value: datetime | None, *, rfc3339: bool = False) -> str | None:
    """Jira's issue-field timestamps (2024-05-01T09:30:00.000+0000), or RFC 3339
    (+00:00) where the contract says `date-time` (comments)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if rfc3339:
        return value.isoformat(timespec="milliseconds")
    return (
        value.strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{value.microsecond // 1000:03d}"
        + value.strftime("%z")
    )


@dataclass
class Renderer:
    """Renders for one site and one API version."""

    base: str
    version: int
    flavor: Flavor
    ids: FieldIds
    lookup: Callable[[str], FakeIssue | None]
    blockers_of: Callable[[str], list[str]]
    blocking: Callable[[str], list[str]]
    rank_of: Callable[[str], str | None]
    version_of: Callable[[str], FakeVersion | None] = lambda name: None

    def api(self, path: str) -> str:
        return f"{self.base}/rest/api/{self.version}/{path}"

    def user(self, name: str | None) -> dict[str, Any] | None:
        if name is None:
            return None
        slug = name.lower().replace(" ", ".")
        if self.flavor == "cloud":
            account = "5b10a2844c20165700ede" + format(abs(hash(slug)) % 10**6, "06d")
            return {
                "accountId": account,
                "accountType": "atlassian",
                "active": True,
                "displayName": name,
                "self": self.api(f"user?accountId={account}"),
            }
        return {
            "name": slug,
            "key": slug,
            "displayName": name,
            "emailAddress": f"{slug}@example.com",
            "active": True,
            "self": self.api(f"user?username={slug}"),
        }

    def status(self, name: str) -> dict[str, Any]:
        sid, category = STATUSES.get(name, ("0", "indeterminate"))
        return {
            "self": self.api(f"status/{sid}"),
            "id": sid,
            "name": name,
            "description": "",
            "iconUrl": f"{self.base}/images/icons/statuses/generic.png",
            "statusCategory": {
                "self": self.api(f"statuscategory/{CATEGORY_IDS[category]}"),
                "id": CATEGORY_IDS[category],
                "key": category,
                "colorName": {"new": "blue-gray", "indeterminate": "yellow", "done": "green"}[
                    category
                ],
                "name": CATEGORY_NAMES[category],
            },
        }

    def priority(self, name: str) -> dict[str, Any]:
        pid = str(PRIORITIES.index(name) + 1) if name in PRIORITIES else "3"
        return {
            "self": self.api(f"priority/{pid}"),
            "id": pid,
            "name": name,
            "iconUrl": f"{self.base}/images/icons/priorities/{name.lower()}.svg",
        }

    def priorities(self) -> list[dict[str, Any]]:
        return [
            {**self.priority(p), "description": f"{p} priority.", "statusColor": "#cccccc"}
            for p in PRIORITIES
        ]

    def issuetype(self, name: str) -> dict[str, Any]:
        tid = TYPES.get(name, "10003")
        return {
            "self": self.api(f"issuetype/{tid}"),
            "id": tid,
            "name": name,
            "description": "",
            "subtask": False,
            "iconUrl": f"{self.base}/images/icons/issuetypes/{name.lower()}.svg",
        }

    def _brief(self, issue: FakeIssue) -> dict[str, Any]:
        return {
            "id": str(issue.id),
            "key": issue.key,
            "self": self.api(f"issue/{issue.id}"),
            "fields": {
                "summary": issue.summary,
                "status": self.status(issue.status),
                "priority": self.priority(issue.priority),
                "issuetype": self.issuetype(issue.type),
            },
        }

    def links(self, issue: FakeIssue) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        link_type = {**LINK_TYPE, "self": self.api("issueLinkType/10000")}
        for side, keys in (
            ("inwardIssue", self.blockers_of(issue.key)),
            ("outwardIssue", self.blocking(issue.key)),
        ):
            for key in keys:
                other = self.lookup(key)
                if other is None:
                    continue
                link_id = str(10000 + min(issue.id, other.id) * 7 + max(issue.id, other.id))
                out.append(
                    {
                        "id": link_id,
                        "self": self.api(f"issueLink/{link_id}"),
                        "type": link_type,
                        side: self._brief(other),
                    }
                )
        return out

    def all_fields(self, issue: FakeIssue) -> dict[str, Any]:
        """Every field value the fake knows, keyed by field id."""
        ids = self.ids
        project = issue.project
        fields: dict[str, Any] = {
            "summary": issue.summary,
            "status": self.status(issue.status),
            "issuetype": self.issuetype(issue.type),
            "priority": self.priority(issue.priority),
            "assignee": self.user(issue.assignee),
            "created": jira_time(issue.created),
            "updated": jira_time(issue.updated),
            "statuscategorychangedate": jira_time(issue.status_changed),
            "resolution": (
                {
                    "self": self.api("resolution/10000"),
                    "id": "10000",
                    "name": issue.resolution or "Done",
                    "description": "",
                }
                if issue.category == "done"
                else None
            ),
            "issuelinks": self.links(issue),
            "labels": list(issue.labels),
            "duedate": issue.due.isoformat() if issue.due else None,
            "project": {
                "self": self.api(f"project/{project}"),
                "id": "10000",
                "key": project,
                "name": project,
            },
            ids.flagged: [{**IMPEDIMENT, "self": self.api("customFieldOption/10019")}]
            if issue.flagged
            else None,
            ids.rank: self.rank_of(issue.key),
            ids.points: issue.points,
            ids.sprint: None,
            "fixVersions": [
                self.version_bean(v, brief=True)
                for name in issue.fix_versions
                if (v := self.version_of(name)) is not None
            ],
        }
        epic = self.lookup(issue.epic) if issue.epic else None
        if self.flavor == "cloud":
            fields["parent"] = self._brief(epic) if epic is not None else None
        else:
            fields[ids.epic_link] = issue.epic
        return fields

    def issue(self, issue: FakeIssue, wanted: Iterable[str] | None) -> dict[str, Any]:
        """An IssueBean with the requested fields (None or '*all': every field)."""
        everything = self.all_fields(issue)
        wanted_set = set(wanted) if wanted is not None else {"*all"}
        if wanted_set & {"*all", "*navigable"}:
            fields = everything
        else:
            fields = {k: v for k, v in everything.items() if k in wanted_set}
        return {
            "expand": "",
            "id": str(issue.id),
            "key": issue.key,
            "self": self.api(f"issue/{issue.id}"),
            "fields": fields,
        }

    def version_bean(
        self, v: FakeVersion, *, brief: bool = False, counts: dict[str, int] | None = None
    ) -> dict[str, Any]:
        """A Version bean (`counts`: expand=issuesstatus)."""
        out: dict[str, Any] = {
            "self": self.api(f"version/{v.id}"),
            "id": str(v.id),
            "name": v.name,
            "archived": v.archived,
            "released": v.released,
        }
        if brief:
            return out
        if v.description:
            out["description"] = v.description
        if v.start:
            out["startDate"] = v.start.isoformat()
        if v.release:
            out["releaseDate"] = v.release.isoformat()
        out["projectId"] = 10000
        if counts is not None:
            out["issuesStatusForFixVersion"] = counts
        return out

    def comment(self, comment: FakeComment, issue: FakeIssue) -> dict[str, Any]:
        if self.version >= 3:
            body: Any = comment.adf if comment.adf is not None else text_to_adf(comment.text)
        else:
            body = comment.text
        author = self.user(comment.author)
        return {
            "self": self.api(f"issue/{issue.id}/comment/{comment.id}"),
            "id": str(comment.id),
            "author": author,
            "updateAuthor": author,
            "body": body,
            "created": jira_time(comment.created, rfc3339=True),
            "updated": jira_time(comment.created, rfc3339=True),
            "jsdPublic": True,
        }


def field_list(ids: FieldIds, flavor: Flavor) -> list[dict[str, Any]]:
    """What GET /field answers: system fields, the custom ones and a few decoys."""

    def system(fid: str, name: str, kind: str) -> dict[str, Any]:
        return {
            "id": fid,
            "key": fid,
            "name": name,
            "custom": False,
            "orderable": True,
            "navigable": True,
            "searchable": True,
            "clauseNames": [fid],
            "schema": {"type": kind, "system": fid},
        }

    def custom(
        fid: str, name: str, kind: str, plugin: str, items: str | None = None
    ) -> dict[str, Any]:
        number = int(fid.rsplit("_", 1)[1])
        schema: dict[str, Any] = {"type": kind, "custom": plugin, "customId": number}
        if items:
            schema["items"] = items
        return {
            "id": fid,
            "key": fid,
            "name": name,
            "custom": True,
            "orderable": True,
            "navigable": True,
            "searchable": True,
            "clauseNames": [f"cf[{number}]", name],
            "schema": schema,
        }

    cft = "com.atlassian.jira.plugin.system.customfieldtypes:"
    points = (
        custom(
            ids.points,
            "Story point estimate",
            "number",
            "com.pyxis.greenhopper.jira:jsw-story-points",
        )
        if flavor == "cloud"
        else custom(ids.points, "Story Points", "number", cft + "float")
    )
    decoy_a = "customfield_19001" if ids.points != "customfield_19001" else "customfield_19002"
    decoy_b = "customfield_19003" if ids.flagged != "customfield_19003" else "customfield_19004"
    return [
        system("summary", "Summary", "string"),
        system("status", "Status", "status"),
        system("priority", "Priority", "priority"),
        system("assignee", "Assignee", "user"),
        system("issuetype", "Issue Type", "issuetype"),
        system("updated", "Updated", "datetime"),
        system("issuelinks", "Linked Issues", "array"),
        custom(decoy_a, "Budget", "number", cft + "float"),
        custom(decoy_b, "Compliance checks", "array", cft + "multicheckboxes", "option"),
        custom(ids.flagged, "Flagged", "array", cft + "multicheckboxes", "option"),
        custom(ids.rank, "Rank", "any", "com.pyxis.greenhopper.jira:gh-lexo-rank"),
        points,
        custom(ids.sprint, "Sprint", "array", "com.pyxis.greenhopper.jira:gh-sprint", "json"),
        custom(ids.epic_link, "Epic Link", "any", "com.pyxis.greenhopper.jira:gh-epic-link"),
    ]
