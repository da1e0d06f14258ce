"""A burst of backlog moves, and the rank writes that make Jira's order the one shown.

Headless: the app forwards each move the Backlog pane reports and, once the user
pauses, asks for the plan and queues it in the outbox. Rules a user notices:

- a burst settles into one rank write per moved issue, chained from an unmoved
  neighbour, so adjacent moved issues reach Jira in one rank call;
- a burst that puts every issue back where it was sends nothing;
- issues whose earlier writes still wait are planned again with the burst (their
  anchors may have moved since);
- nothing of a burst is forgotten until its writes are queued, so a store that
  could not take them (a full disk) is simply asked again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from cockpit.models import Issue


class RankWrite(NamedTuple):
    """Put `key` just before `before` (rankBeforeIssue) or after `after`."""

    key: str
    before: str | None
    after: str | None


class Step(NamedTuple):
    """One move of a burst: `key` went from `old_index` to `new_index` (0 = top)."""

    key: str
    old_index: int
    new_index: int


class ShownOrder(Protocol):
    """What a burst needs of the order on screen (`cockpit.domain.backlog_order.BacklogOrder`)."""

    def keys(self) -> list[str]: ...

    def key_at(self, index: int) -> str: ...

    def position_of(self, key: str) -> int | None: ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Issue]: ...


@dataclass
class MoveBurst:
    """The moves made since the last pause, and the order they left on screen."""

    keys: list[str] = field(default_factory=list)
    """Moved keys, first move first, each once."""
    steps: list[Step] = field(default_factory=list)
    order: ShownOrder | None = None
    """The order after the last move (kept: the pane may be gone when the app quits)."""

    def record(self, key: str, old_index: int, new_index: int, order: ShownOrder) -> None:
        if key not in self.keys:
            self.keys.append(key)
        self.steps.append(Step(key, old_index, new_index))
        self.order = order

    @property
    def pending(self) -> bool:
        return bool(self.keys)

    def plan(self, waiting: Collection[str]) -> list[RankWrite] | None:
        """The rank writes for this burst and the still `waiting` keys; `[]` when the
        burst put everything back; None when no burst waits."""
        order = self.order
        if not self.keys or order is None:
            return None
        if not waiting and nets_to_nothing(order.keys(), self.steps):
            return []
        positions: dict[str, int] = {}
        for key in (*waiting, *self.keys):
            position = order.position_of(key)
            if position is not None:
                positions[key] = position
        return rank_plan(positions, order.key_at, len(order))

    def clear(self) -> None:
        """The burst's writes are queued (or were not needed)."""
        self.keys, self.steps = [], []


def rank_plan(
    positions: dict[str, int], key_at: Callable[[int], str], total: int
) -> list[RankWrite]:
    """Rank writes that put the moved issues where they are.

    `positions` maps each moved key to its index in the order shown (`key_at`
    gives the key at an index). Issues nobody moved keep their order on both
    sides, so each run of adjacent moved issues is anchored to an unmoved
    neighbour and chained from it outward: every write names an anchor that is
    already in its final place, whatever order the moves were made in.
    """
    plan: list[RankWrite] = []
    by_position = {p: k for k, p in positions.items()}
    runs: list[list[int]] = []
    for p in sorted(positions.values()):
        if runs and runs[-1][-1] == p - 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    for run in runs:
        keys = [by_position[p] for p in run]
        if run[-1] + 1 < total:  # below it an unmoved issue: chain upward from it
            anchor = key_at(run[-1] + 1)
            for key in reversed(keys):
                plan.append(RankWrite(key, anchor, None))
                anchor = key
        else:  # at the bottom: chain downward from the unmoved issue above
            if run[0] > 0:
                anchor = key_at(run[0] - 1)
            else:  # every issue moved: the first one stays put
                anchor, keys = keys[0], keys[1:]
            for key in keys:
                plan.append(RankWrite(key, None, anchor))
                anchor = key
    return plan


def nets_to_nothing(keys: Sequence[str], steps: Sequence[tuple[str, int, int]]) -> bool:
    """True when undoing the moves (last first) on `keys` gives `keys` back: the
    issues went back where they were, so Jira needs no rank write."""
    before = list(keys)
    for key, old_index, new_index in reversed(steps):
        if before.pop(new_index) != key:
            return False  # the order changed some other way: let the plan decide
        before.insert(old_index, key)
    return before == list(keys)
