"""Reading `[[panes]]` and `[layout]` strictly: titles unique, columns named, layout known.

Every mistake is one `ConfigError` naming the file and the dotted key, as for every
other key (see `cockpit.config.validate`).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from cockpit.config.panes import BUILTIN_PANES, MAX_PANES, LayoutConfig, PaneConfig
from cockpit.config.validate import TableReader, show, type_name


def read_panes(reader: TableReader, items: Any, sites: Collection[str]) -> tuple[PaneConfig, ...]:
    """The `[[panes]]` tables; `sites` are the `[[jira]]` names a pane may name."""
    if not isinstance(items, list):
        reader.fail("panes", f"expected [[panes]] tables, got {type_name(items)}")
    seen: dict[str, str] = {}
    out = []
    for i, table in enumerate(items):
        prefix = f"panes[{i}]"
        pane: PaneConfig = reader.section(table, PaneConfig, prefix)
        folded = pane.title.casefold()
        if folded in BUILTIN_PANES or folded in ("customer calls",):
            reader.fail(
                f"{prefix}.title",
                f"expected a title of your own; {show(pane.title)} is a built-in pane",
            )
        if folded in seen:
            reader.fail(
                f"{prefix}.title",
                f"expected a unique title; {show(pane.title)} is also the title of {seen[folded]}",
            )
        seen[folded] = prefix
        if not pane.columns:
            reader.fail(f"{prefix}.columns", 'expected at least one column, e.g. ["key"]')
        for n, column in enumerate(pane.columns):
            if not column.strip():
                reader.fail(f"{prefix}.columns[{n}]", 'expected a field name or id, got ""')
        _check_site(reader, f"{prefix}.site", pane.site, sites)
        out.append(pane)
    return tuple(out)


def read_layout(
    reader: TableReader, table: Any, panes: tuple[PaneConfig, ...], sites: Collection[str] = ()
) -> LayoutConfig:
    """`[layout]`: every name a built-in pane id or a `[[panes]]` title, each once;
    `blocked_site` and `backlog_site` one of the `[[jira]]` names in `sites`."""
    layout: LayoutConfig = reader.section(table, LayoutConfig, "layout")
    titles = {p.title.casefold(): p.title for p in panes}
    names: list[str] = []
    for i, name in enumerate(layout.panes):
        key = f"layout.panes[{i}]"
        folded = name.strip().casefold()
        known = folded if folded in BUILTIN_PANES else titles.get(folded)
        if known is None:
            choices = ", ".join(f'"{n}"' for n in (*BUILTIN_PANES, *titles.values()))
            reader.fail(key, f"expected a pane ({choices}), got {show(name)}")
        if known in names:
            reader.fail(key, f"expected each pane once; {show(name)} is listed twice")
        names.append(known)
    if "panes" in table and not names:
        reader.fail("layout.panes", "expected at least one pane")
    if len(names) > MAX_PANES:
        reader.fail(
            "layout.panes", f"expected at most {MAX_PANES} panes (keys 1-9), got {len(names)}"
        )
    for key in ("blocked_site", "backlog_site"):
        _check_site(reader, f"layout.{key}", getattr(layout, key), sites)
    return LayoutConfig(tuple(names), layout.blocked_site, layout.backlog_site)


def _check_site(reader: TableReader, key: str, site: str | None, sites: Collection[str]) -> None:
    """`site` (when set) names one of the `[[jira]]` sites."""
    if site is not None and site not in sites:
        known = ", ".join(f'"{s}"' for s in sites) or "none: the [jira] table has no name"
        reader.fail(key, f"expected the name of a [[jira]] site ({known}), got {show(site)}")
