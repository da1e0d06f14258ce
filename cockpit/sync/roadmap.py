"""The roadmap, gathered: releases, epics and key results, in as few round trips as Jira allows.

Everything that does not depend on another answer starts at once: each project's
versions (Cloud: with their counts) and open epics, the blocked issues of the
projects, each JQL key result's counts, and the children counts of the epics the
last refresh found (kept in the store). Only what those answers reveal as new (an
epic seen for the first time; Data Center's versions, which carry no counts) costs
a second round. A refresh on a known site is one round trip, however many
projects, versions and epics there are.

The result is kept in the store (snapshot "roadmap"), with a weekly row of done
and total per release and epic for the burn-up chart.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, TypeVar

from cockpit.domain.roadmap import (
    RECENT_DAYS,
    Counts,
    KeyResult,
    Objective,
    Roadmap,
    RoadmapItem,
    count_progress,
    judge,
    number_progress,
    objective,
)
from cockpit.domain.roadmap_json import from_cache, to_cache
from cockpit.runtime.quiet_gc import QUIET
from cockpit.sources.errors import SourceError
from cockpit.sources.jira_refusal import JiraRefused
from cockpit.textsafe import plain

if TYPE_CHECKING:
    from cockpit.config.objectives import KeyResultConfig, ObjectiveConfig
    from cockpit.models import Issue
    from cockpit.sources.jira_roadmap import EpicRow, JiraRoadmap, VersionRow
    from cockpit.store.db import Store
    from cockpit.sync.workspace import Cached, Workspace

SNAPSHOT = "roadmap"
T = TypeVar("T")


def cached_roadmap(workspace: Workspace) -> Cached[Roadmap] | None:
    """The roadmap the store has (from the last refresh), or None."""
    from cockpit.sync.workspace import Cached

    snapshot = workspace.store.load_snapshot(SNAPSHOT)
    if snapshot is None:
        return None
    return Cached(snapshot.fetched_at, from_cache(snapshot.items))


async def fetch_roadmap(workspace: Workspace) -> Roadmap:
    """Refresh the roadmap from Jira, keep it, and return it (SourceError on failure)."""
    with QUIET:
        return await _fetch(workspace)


async def _fetch(workspace: Workspace) -> Roadmap:
    from cockpit.sources.jira_roadmap import JiraRoadmap  # lazy: only the roadmap needs it

    if not workspace.projects:
        raise SourceError("Jira", "No projects are configured ([jira] projects in config.toml).")
    reads = JiraRoadmap(await workspace.require_jira())
    today = workspace.today()
    previous = cached_roadmap(workspace)
    known = [i.name for i in previous.value.epics] if previous else []
    # Data Center's versions come without counts: count the ones we knew at once too
    known_versions = (
        []
        if reads.cloud or previous is None
        else [i.ident.removeprefix("release:") for i in previous.value.releases]
    )
    krs = [kr for o in workspace.objectives for kr in o.key_results if kr.jql is not None]

    versions, epics, blocked, guessed, guessed_versions, kr_counts = await asyncio.gather(
        _each(reads.versions, workspace.projects),
        _each(reads.open_epics, workspace.projects),
        reads.blocked(workspace.projects),
        _counts_of(reads, {key: reads.children_jql(key) for key in known}),
        _counts_of(reads, {vid: f"fixVersion = {vid}" for vid in known_versions}),
        asyncio.gather(*(_kr_counts(reads, kr) for kr in krs)),
    )
    epic_rows = [e for rows in epics for e in rows]
    version_rows = [v for rows in versions for v in rows]
    new = {e.key: reads.children_jql(e.key) for e in epic_rows if e.key not in guessed}
    uncounted = {
        v.id: f"fixVersion = {v.id}"
        for v in version_rows
        if v.counts is None and v.id not in guessed_versions
    }
    more_epics, more_versions = await asyncio.gather(
        _counts_of(reads, new), _counts_of(reads, uncounted)
    )
    epic_counts = {**guessed, **more_epics}
    version_counts = {**guessed_versions, **more_versions}

    margin = workspace.roadmap_margin
    by_version = Counter(v for row in blocked for v in row.versions)
    by_epic = Counter(row.epic for row in blocked if row.epic)
    releases, released = [], []
    for row in version_rows:
        counts = Counts(*(row.counts or version_counts.get(row.id, (0, 0, 0))))
        item = _release(row, counts, by_version[row.id], today, margin)
        if not row.released:
            releases.append(item)
        elif row.release and 0 <= (today - row.release).days <= RECENT_DAYS:
            released.append(item)
    items = [
        _epic(e, Counts(*epic_counts.get(e.key, (0, 0, 0))), by_epic[e.key], reads, today, margin)
        for e in epic_rows
    ]
    released.sort(key=lambda i: i.end or today, reverse=True)
    kr_answers = dict(zip((kr.title for kr in krs), kr_counts, strict=True))
    roadmap = Roadmap(
        releases=tuple(releases),
        released=tuple(released),
        epics=tuple(items),
        objectives=tuple(
            build_objective(o, workspace.store, kr_answers, today) for o in workspace.objectives
        ),
    )
    await _keep(workspace, roadmap, today)
    return roadmap


async def _each(
    read: Callable[[str], Awaitable[list[T]]], projects: Sequence[str]
) -> list[list[T]]:
    return list(await asyncio.gather(*(read(p) for p in projects)))


async def _counts_of(
    reads: JiraRoadmap, queries: dict[str, str]
) -> dict[str, tuple[int, int, int]]:
    answers = await asyncio.gather(*(reads.category_counts(q) for q in queries.values()))
    return dict(zip(queries, answers, strict=True))


async def _kr_counts(reads: JiraRoadmap, kr: KeyResultConfig) -> tuple[int, int] | str:
    """(done, all) of a JQL key result, or why Jira would not count it."""
    query = kr.jql or ""
    try:
        total, done = await asyncio.gather(
            reads.count(query), reads.count(f"({query}) AND statusCategory = Done")
        )
    except JiraRefused as exc:
        return f"Jira refused its JQL: {plain(str(exc))}"
    return done, total


def _release(
    row: VersionRow, counts: Counts, blocked: int, today: date, margin: float
) -> RoadmapItem:
    judgement = judge(counts, row.start, row.release, today, released=row.released, margin=margin)
    return RoadmapItem(
        kind="release",
        name=row.name,
        summary=row.description,
        project=row.project,
        start=row.start,
        end=row.release,
        released=row.released,
        counts=counts,
        blocked=blocked,
        verdict=judgement.verdict,
        reason=judgement.reason,
        url=row.url,
        jql=f"fixVersion = {row.id}",
        ident=f"release:{row.id}",
    )


def _epic(
    row: EpicRow, counts: Counts, blocked: int, reads: JiraRoadmap, today: date, margin: float
) -> RoadmapItem:
    judgement = judge(counts, row.start, row.due, today, margin=margin)
    return RoadmapItem(
        kind="epic",
        name=row.key,
        summary=row.summary,
        project=row.project,
        start=row.start,
        end=row.due,
        released=False,
        counts=counts,
        blocked=blocked,
        verdict=judgement.verdict,
        reason=judgement.reason,
        url=row.url,
        jql=reads.children_jql(row.key),
        ident=f"epic:{row.key}",
    )


def build_objective(
    config: ObjectiveConfig,
    store: Store,
    jql_answers: dict[str, tuple[int, int] | str],
    today: date,
) -> Objective:
    """An objective's key results: JQL ones from `jql_answers`, numbers from the store."""
    krs: list[KeyResult] = []
    for kr in config.key_results:
        if kr.jql is not None:
            answer = jql_answers.get(kr.title, "not counted yet")
            if isinstance(answer, str):
                krs.append(KeyResult(kr.title, "jql", None, None, None, jql=kr.jql, error=answer))
            else:
                done, total = answer
                krs.append(
                    KeyResult(
                        kr.title,
                        "jql",
                        count_progress(done, total),
                        float(done),
                        float(total),
                        jql=kr.jql,
                    )
                )
            continue
        history = tuple(store.kr_history(kr.title))
        start, target = kr.start or 0.0, kr.target or 0.0
        current = history[-1][1] if history else None
        krs.append(
            KeyResult(
                kr.title,
                "number",
                number_progress(start, target, current),
                current,
                target,
                start=start,
                history=history,
            )
        )
    return objective(config.title, config.quarter, krs, today)


def refresh_objectives(workspace: Workspace, roadmap: Roadmap) -> Roadmap:
    """`roadmap` with its tracked numbers read again from the store (after `kr set`)."""
    answers: dict[str, tuple[int, int] | str] = {}
    for o in roadmap.objectives:
        for kr in o.key_results:
            if kr.kind == "jql":
                answers[kr.title] = (
                    kr.error if kr.error else (int(kr.current or 0), int(kr.target or 0))
                )
    objectives = tuple(
        build_objective(o, workspace.store, answers, workspace.today())
        for o in workspace.objectives
    )
    return Roadmap(roadmap.releases, roadmap.released, roadmap.epics, objectives, roadmap.problems)


async def _keep(workspace: Workspace, roadmap: Roadmap, today: date) -> None:
    now = workspace.now()
    rows = [
        (i.ident, today, i.counts.done, i.counts.total) for i in (*roadmap.releases, *roadmap.epics)
    ]

    def save() -> None:
        workspace.store.save_snapshot(SNAPSHOT, to_cache(roadmap), now)
        workspace.store.save_weeks(rows)

    await asyncio.to_thread(save)


ISSUES_SHOWN = 100
"""Issues of a release or epic listed on screen (the count says how many there are)."""


async def item_issues(workspace: Workspace, item: RoadmapItem) -> tuple[list[Issue], int]:
    """The first ISSUES_SHOWN issues of a release or epic, by status, and how many it has."""
    from cockpit.sources.jira import BASE_FIELDS
    from cockpit.sources.jira_fields import parse_issue
    from cockpit.sources.jira_roadmap import JiraRoadmap

    client = await workspace.require_jira()
    reads = JiraRoadmap(client)
    ids, total, raws = await asyncio.gather(
        client.fields(),
        reads.count(item.jql),
        reads.first_issues(f"{item.jql} ORDER BY status", BASE_FIELDS, ISSUES_SHOWN),
    )
    return [parse_issue(raw, ids, client.site.url) for raw in raws], total


def set_number(workspace: Workspace, title: str, value: float) -> str:
    """Keep a new value of the tracked number whose title is or contains `title`;
    returns its full title. ValueError (one sentence) when none or several match,
    or when it is a JQL key result."""
    every = [kr for o in workspace.objectives for kr in o.key_results]
    wanted = title.strip().casefold()
    exact = [kr for kr in every if kr.title.casefold() == wanted]
    found = exact or [kr for kr in every if wanted and wanted in kr.title.casefold()]
    if not found:
        numbers = ", ".join(repr(k.title) for k in every if k.jql is None) or "none"
        raise ValueError(f"no key result is called {title!r}; tracked numbers: {numbers}")
    if len(found) > 1:
        names = ", ".join(repr(k.title) for k in found)
        raise ValueError(f"{title!r} matches several key results ({names}); say which")
    kr = found[0]
    if kr.jql is not None:
        raise ValueError(f"{kr.title!r} is counted from Jira (jql), not set by hand")
    workspace.store.add_kr_value(kr.title, value, datetime.now(UTC))
    return kr.title
