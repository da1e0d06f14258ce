"""A custom pane's issue and its cells, and how it is cached: light, for the first frame.

(`cockpit.sources.jira_columns` fetches them; it loads httpx, this module does not.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any

from cockpit.models import Issue, issue_from_cache, issue_to_cache
from cockpit.records import record
from cockpit.sources.errors import SourceError


class RejectedQuery(SourceError):
    """Jira refused a pane's JQL (HTTP 400); the message is Jira's."""


@record(slots=True)
class PaneIssue:
    """An issue of a custom pane and the text of each of its columns (by column name)."""

    issue: Issue
    cells: Mapping[str, str] = field(default_factory=dict)


def pane_issue_to_cache(item: PaneIssue) -> dict[str, Any]:
    return {**issue_to_cache(item.issue), "cells": dict(item.cells)}


def pane_issue_from_cache(data: dict[str, Any]) -> PaneIssue:
    cells = data.get("cells")
    kept = {str(k): str(v) for k, v in cells.items()} if isinstance(cells, dict) else {}
    return PaneIssue(issue_from_cache(data), kept)
