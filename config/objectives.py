"""`[roadmap]` and `[[objectives]]`: the Roadmap screen's settings and the quarter's goals.

A key result is either a JQL query (`jql`: progress is done / all of its issues) or
a tracked number (`start` and `target`: its current value is kept in the store,
set with `cockpit kr set TITLE VALUE` or from the screen). Exactly one kind each.
"""

from __future__ import annotations

import math
import re
from dataclasses import field
from typing import Any

from cockpit.config.validate import TableReader, show, type_name
from cockpit.records import record

_QUARTER = r"^\d{4}-Q[1-4]$"  # compiled when a config has objectives


def _doc(text: str, default: Any = None, *, required: bool = False, **extra: Any) -> Any:
    """A field with its documentation (as `schema.doc`, which imports this module)."""
    if required:
        return field(metadata={"doc": text, **extra})
    return field(default=default, metadata={"doc": text, **extra})


@record
class RoadmapConfig:
    """`[roadmap]`: how the Roadmap screen judges releases and epics."""

    margin: float = _doc(
        "Percentage points a release's or epic's done share may trail the share of its "
        "time gone before it is at risk.",
        15.0,
    )


@record
class KeyResultConfig:
    """`[[objectives.key_results]]`: a JQL query, or a tracked number from start to target."""

    title: str = _doc(
        'What the key result says, e.g. "Conversion from 3.1% to 3.5%".', required=True
    )
    jql: str | None = _doc("JQL whose issues' done share is the progress (a jql key result).")
    start: float | None = _doc("A tracked number: its value when the quarter began.")
    target: float | None = _doc("A tracked number: the value that means done.")

    @property
    def kind(self) -> str:
        return "jql" if self.jql is not None else "number"


@record
class ObjectiveConfig:
    """`[[objectives]]`: one objective of a quarter with its key results."""

    title: str = _doc('The objective, e.g. "Checkout converts better".', required=True)
    quarter: str = _doc('The quarter it is for, e.g. "2026-Q4".', required=True)
    key_results: tuple[KeyResultConfig, ...] = _doc(
        "[[objectives.key_results]]: title with jql, or title with start and target.",
        (),
        section=KeyResultConfig,
    )


def read_roadmap(reader: TableReader, raw: Any) -> RoadmapConfig:
    if not isinstance(raw, dict):
        reader.fail("roadmap", f"expected a table, got {type_name(raw)}")
    reader.unknown(raw, RoadmapConfig, "roadmap.")
    margin = raw.get("margin", 15.0)
    if isinstance(margin, bool) or not isinstance(margin, int | float) or not math.isfinite(margin):
        reader.fail("roadmap.margin", f"expected a number of percentage points, got {show(margin)}")
    if not 0 <= margin <= 100:
        reader.fail("roadmap.margin", f"expected 0 to 100 percentage points, got {show(margin)}")
    return RoadmapConfig(float(margin))


def read_objectives(reader: TableReader, raw: Any) -> tuple[ObjectiveConfig, ...]:
    if not isinstance(raw, list):
        reader.fail("objectives", f"expected [[objectives]] tables, got {type_name(raw)}")
    out: list[ObjectiveConfig] = []
    titles: set[str] = set()
    for i, table in enumerate(raw):
        prefix = f"objectives[{i}]"
        if not isinstance(table, dict):
            reader.fail(prefix, f"expected a table, got {type_name(table)}")
        reader.unknown(table, ObjectiveConfig, prefix + ".")
        title = _text(reader, table.get("title"), f"{prefix}.title")
        quarter = _text(reader, table.get("quarter"), f"{prefix}.quarter").upper()
        if not re.match(_QUARTER, quarter):
            reader.fail(
                f"{prefix}.quarter", f'expected a quarter such as "2026-Q4", got {show(quarter)}'
            )
        items = table.get("key_results", [])
        if not isinstance(items, list):
            reader.fail(
                f"{prefix}.key_results",
                f"expected [[objectives.key_results]] tables, got {type_name(items)}",
            )
        krs = tuple(
            _key_result(reader, kr, f"{prefix}.key_results[{j}]", titles)
            for j, kr in enumerate(items)
        )
        out.append(ObjectiveConfig(title, quarter, krs))
    return tuple(out)


def _key_result(reader: TableReader, table: Any, prefix: str, titles: set[str]) -> KeyResultConfig:
    if not isinstance(table, dict):
        reader.fail(prefix, f"expected a table, got {type_name(table)}")
    reader.unknown(table, KeyResultConfig, prefix + ".")
    title = _text(reader, table.get("title"), f"{prefix}.title")
    if title.casefold() in titles:
        reader.fail(
            f"{prefix}.title", f"expected a unique key result title; {show(title)} is used twice"
        )
    titles.add(title.casefold())
    numbers = {k: table.get(k) for k in ("start", "target")}
    if "jql" in table:
        if any(v is not None for v in numbers.values()):
            reader.fail(prefix, "expected either jql, or start and target, not both")
        return KeyResultConfig(title, jql=_text(reader, table["jql"], f"{prefix}.jql"))
    checked: dict[str, float] = {}
    for key, value in numbers.items():
        if value is None:
            reader.fail(
                f"{prefix}.{key}", "missing; expected jql = '...', or start and target numbers"
            )
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            reader.fail(f"{prefix}.{key}", f"expected a number, got {type_name(value)}")
        checked[key] = float(value)
    return KeyResultConfig(title, start=checked["start"], target=checked["target"])


def _text(reader: TableReader, value: Any, key: str) -> str:
    if value is None:
        reader.fail(key, "required key missing")
    if not isinstance(value, str) or not value.strip():
        reader.fail(key, f"expected a non-empty string, got {type_name(value)}")
    return value.strip()
