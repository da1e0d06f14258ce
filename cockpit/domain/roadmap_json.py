"""The roadmap as JSON: `cockpit roadmap --json` and the store's cached copy.

Per release or epic: `{name or key, summary, project, start, release_date or due,
released, counts: {todo, in_progress, done, total}, blocked, verdict, reason, url}`
(plus `jql`, `id` and `days_left`); per key result `{title, kind, progress,
current, target, history}` (plus `start`, `jql`, `error`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cockpit.domain.roadmap import Counts, KeyResult, Objective, Roadmap, RoadmapItem


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def item_to_json(item: RoadmapItem, today: date | None = None) -> dict[str, Any]:
    c = item.counts
    release = item.kind == "release"
    data: dict[str, Any] = {
        "name" if release else "key": item.name,
        "summary": item.summary,
        "project": item.project,
        "start": _day(item.start),
        "release_date" if release else "due": _day(item.end),
        "released": item.released,
        "counts": {"todo": c.todo, "in_progress": c.in_progress, "done": c.done, "total": c.total},
        "blocked": item.blocked,
        "verdict": item.verdict,
        "reason": item.reason,
        "url": item.url,
        "jql": item.jql,
        "id": item.ident,
    }
    if today is not None:
        data["days_left"] = item.days_left(today)
    return data


def item_from_json(data: dict[str, Any]) -> RoadmapItem:
    release = "name" in data
    counts = data.get("counts") or {}
    return RoadmapItem(
        kind="release" if release else "epic",
        name=str(data["name"] if release else data["key"]),
        summary=str(data.get("summary") or ""),
        project=str(data.get("project") or ""),
        start=_parse_day(data.get("start")),
        end=_parse_day(data.get("release_date" if release else "due")),
        released=bool(data.get("released")),
        counts=Counts(
            int(counts.get("todo", 0)),
            int(counts.get("in_progress", 0)),
            int(counts.get("done", 0)),
        ),
        blocked=int(data.get("blocked") or 0),
        verdict=data.get("verdict") or "no_date",
        reason=str(data.get("reason") or ""),
        url=data.get("url"),
        jql=str(data.get("jql") or ""),
        ident=str(data.get("id") or ""),
    )


def kr_to_json(kr: KeyResult) -> dict[str, Any]:
    return {
        "title": kr.title,
        "kind": kr.kind,
        "progress": kr.progress,
        "current": kr.current,
        "target": kr.target,
        "start": kr.start,
        "history": [{"at": at.isoformat(), "value": value} for at, value in kr.history],
        "jql": kr.jql,
        "error": kr.error,
    }


def kr_from_json(data: dict[str, Any]) -> KeyResult:
    return KeyResult(
        title=str(data["title"]),
        kind="jql" if data.get("kind") == "jql" else "number",
        progress=data.get("progress"),
        current=data.get("current"),
        target=data.get("target"),
        start=data.get("start"),
        history=tuple(
            (datetime.fromisoformat(h["at"]), float(h["value"])) for h in data.get("history") or ()
        ),
        jql=data.get("jql"),
        error=data.get("error"),
    )


def objective_to_json(o: Objective) -> dict[str, Any]:
    return {
        "title": o.title,
        "quarter": o.quarter,
        "progress": o.progress,
        "quarter_elapsed": o.quarter_elapsed,
        "key_results": [kr_to_json(k) for k in o.key_results],
    }


def objective_from_json(data: dict[str, Any]) -> Objective:
    return Objective(
        title=str(data["title"]),
        quarter=str(data.get("quarter") or ""),
        key_results=tuple(kr_from_json(k) for k in data.get("key_results") or ()),
        progress=data.get("progress"),
        quarter_elapsed=float(data.get("quarter_elapsed") or 0.0),
    )


def roadmap_to_json(roadmap: Roadmap, today: date | None = None) -> dict[str, Any]:
    """`{releases, epics, objectives}` (releases: open ones, then the recently released)."""
    return {
        "releases": [item_to_json(i, today) for i in (*roadmap.releases, *roadmap.released)],
        "epics": [item_to_json(i, today) for i in roadmap.epics],
        "objectives": [objective_to_json(o) for o in roadmap.objectives],
        "problems": list(roadmap.problems),
    }


def to_cache(roadmap: Roadmap) -> list[dict[str, Any]]:
    """The store's snapshot rows: one per item or objective, tagged with its section."""
    rows: list[dict[str, Any]] = []
    for section, items in (
        ("release", roadmap.releases),
        ("released", roadmap.released),
        ("epic", roadmap.epics),
    ):
        rows.extend({"section": section, **item_to_json(i)} for i in items)
    rows.extend({"section": "objective", **objective_to_json(o)} for o in roadmap.objectives)
    rows.extend({"section": "problem", "text": p} for p in roadmap.problems)
    return rows


def from_cache(rows: list[dict[str, Any]]) -> Roadmap:
    def of(section: str) -> tuple[RoadmapItem, ...]:
        return tuple(item_from_json(r) for r in rows if r.get("section") == section)

    return Roadmap(
        releases=of("release"),
        released=of("released"),
        epics=of("epic"),
        objectives=tuple(objective_from_json(r) for r in rows if r.get("section") == "objective"),
        problems=tuple(str(r.get("text")) for r in rows if r.get("section") == "problem"),
    )
