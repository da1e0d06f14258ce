"""Small request helpers shared by the fake's route modules."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cockpit.fakejira.core import LoggedRequest


def q(req: LoggedRequest, name: str, default: str | None = None) -> str | None:
    values = req.query.get(name)
    return values[0] if values else default


def as_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def field_ids(values: list[str] | Any) -> list[str] | None:
    if not values:
        return None
    if isinstance(values, str):
        values = [values]
    return [f.strip() for v in values for f in str(v).split(",") if f.strip()]


def read_json(req: LoggedRequest) -> Any:
    try:
        return json.loads(req.body or b"null")
    except ValueError:
        return None


def page(req: LoggedRequest, total: int, default: int = 50) -> tuple[int, int]:
    start = max(0, as_int(q(req, "startAt"), 0))
    size = max(0, min(as_int(q(req, "maxResults"), default), 100))
    return start, min(start + size, total)
