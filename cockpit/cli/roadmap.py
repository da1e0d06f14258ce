"""`cockpit roadmap [--json]` and `cockpit kr set TITLE VALUE`: the Roadmap screen, headless.

The roadmap is refreshed from Jira (`cockpit.sync.roadmap`) and kept in the store;
when Jira fails, the kept copy is printed with a line saying why it is stale (exit
status 1 when there is no copy at all).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from cockpit.domain.roadmap import KeyResult, Roadmap, RoadmapItem
    from cockpit.sync.workspace import Workspace

VERDICTS = {"at_risk": "AT RISK", "on_track": "on track", "no_date": "no date"}
BAR = 20


async def write(workspace: Workspace, as_json: bool, out: TextIO | None = None) -> int:
    """Refresh, print; the kept copy with a stale line when Jira fails."""
    from cockpit.runtime.crash import unexpected_error
    from cockpit.sources.errors import SourceError
    from cockpit.sync.roadmap import cached_roadmap, fetch_roadmap
    from cockpit.textsafe import plain

    out = out or sys.stdout
    stale: str | None = None
    try:
        roadmap = await fetch_roadmap(workspace)
    except Exception as exc:  # one line; the kept copy if there is one
        stale = (
            plain(str(exc))
            if isinstance(exc, SourceError)
            else unexpected_error(exc, "Jira refresh")
        )
        cached = cached_roadmap(workspace)
        if cached is None:
            print(f"cockpit: {stale}", file=sys.stderr)
            return 1
        roadmap = cached.value
        when = cached.fetched_at.astimezone(workspace.tz).strftime("%Y-%m-%d %H:%M")
        print(f"cockpit: showing the roadmap of {when} (stale): {stale}", file=sys.stderr)
    finally:
        await workspace.aclose()
    today = workspace.today()
    if as_json:
        from cockpit.domain.roadmap_json import roadmap_to_json
        from cockpit.textsafe import terminal_safe_json

        data = roadmap_to_json(roadmap, today)
        data["stale"] = stale
        out.write(terminal_safe_json(data) + "\n")
    else:
        out.write(render(roadmap, today))
    return 0


def bar_text(item: RoadmapItem, width: int = BAR) -> str:
    """`█` done, `▒` in progress, `·` to do."""
    from cockpit.domain.roadmap import bar

    done, doing, todo = bar(item.counts, width)
    return "█" * done + "▒" * doing + "·" * todo


def _when(item: RoadmapItem, today: date) -> str:
    left = item.days_left(today)
    if item.end is None:
        return "no date"
    if item.released:
        return f"released {item.end:%b %d}"
    if left is None:
        return ""
    return f"{item.end:%b %d} ({left}d left)" if left >= 0 else f"{item.end:%b %d} ({-left}d late)"


def item_line(item: RoadmapItem, today: date) -> str:
    c = item.counts
    blocked = f"  {item.blocked} blocked" if item.blocked else ""
    return (
        f"  {item.name:<8} {item.summary[:34]:<34} {bar_text(item)} {c.done:>3}/{c.total:<3}"
        f" {_when(item, today):<20} {VERDICTS[item.verdict]:<8}{blocked}\n"
        f"  {'':<8} {item.reason}\n"
    )


def kr_line(kr: KeyResult) -> str:
    from cockpit.domain.roadmap import Counts, bar, spark

    if kr.error:
        return f"    - {kr.title}: {kr.error}\n"
    share = kr.progress or 0.0
    done, _, todo = bar(Counts(todo=1000 - round(share * 1000), done=round(share * 1000)), 10)
    if kr.kind == "jql":
        now = f"{int(kr.current or 0)}/{int(kr.target or 0)} done"
    else:
        current = "not set" if kr.current is None else f"{kr.current:g}"
        now = f"{current} (from {kr.start:g} to {kr.target:g})"
        if kr.history:
            now += " " + spark([v for _, v in kr.history])
    return f"    - {kr.title:<40} {'█' * done}{'·' * todo} {round(share * 100):>3}%  {now}\n"


def render(roadmap: Roadmap, today: date) -> str:
    lines = [f"Releases ({len(roadmap.releases)})\n"]
    lines += [item_line(i, today) for i in roadmap.releases] or ["  none open\n"]
    if roadmap.released:
        names = ", ".join(f"{i.name} ({i.end:%b %d})" for i in roadmap.released if i.end)
        lines.append(f"  released in the last 30 days: {names}\n")
    lines.append(f"\nEpics ({len(roadmap.epics)})\n")
    lines += [item_line(i, today) for i in roadmap.epics] or ["  none open\n"]
    lines.append(f"\nObjectives ({len(roadmap.objectives)})\n")
    for o in roadmap.objectives:
        progress = "-" if o.progress is None else f"{round(o.progress * 100)}%"
        lines.append(
            f"  {o.title} ({o.quarter}): {progress} done,"
            f" {round(o.quarter_elapsed * 100)}% of the quarter gone\n"
        )
        lines += [kr_line(kr) for kr in o.key_results]
    if not roadmap.objectives:
        lines.append("  none configured ([[objectives]] in config.toml)\n")
    for problem in roadmap.problems:
        lines.append(f"! {problem}\n")
    return "".join(lines)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`cockpit roadmap [--json]` and `cockpit kr set TITLE VALUE`."""
    roadmap = subparsers.add_parser(
        "roadmap",
        help="print the roadmap: releases, epics, objectives (the Roadmap screen)",
        description="Print releases and epics with progress, dates and a verdict, and "
        "the objectives with their key results.",
    )
    roadmap.add_argument("--json", action="store_true", help="{releases, epics, objectives}")
    roadmap.set_defaults(with_workspace=run_roadmap)
    kr = subparsers.add_parser(
        "kr", help="key results: set a tracked number", description="Key results."
    )
    actions = kr.add_subparsers(dest="kr_command", metavar="ACTION", required=True)
    setter = actions.add_parser(
        "set",
        help="keep a new current value of a tracked number (its history is kept)",
        description="Keep a new current value of a tracked number key result.",
    )
    setter.add_argument("title", help="the key result's title, or a unique part of it")
    setter.add_argument("value", type=float, help="its current value, e.g. 3.3")
    setter.set_defaults(with_workspace=run_kr)


def run_roadmap(args: argparse.Namespace, workspace: Workspace) -> int:
    import asyncio

    return asyncio.run(write(workspace, args.json))


def run_kr(args: argparse.Namespace, workspace: Workspace) -> int:
    """Keep the value; 2 with one line when the title is unknown, ambiguous or JQL."""
    import math

    from cockpit.sync.roadmap import set_number

    if not math.isfinite(args.value):
        print("cockpit: the value must be a finite number", file=sys.stderr)
        return 2
    try:
        title = set_number(workspace, args.title, args.value)
    except ValueError as exc:
        print(f"cockpit: {exc}", file=sys.stderr)
        return 2
    print(f"{title}: {args.value:g}")
    return 0
