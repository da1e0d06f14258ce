"""MoveBurst: the headless side of reordering; what a burst of moves sends to Jira."""

from __future__ import annotations

import random

import pytest
from support.backlogs import make

from cockpit.domain.backlog_moves import MoveBurst, RankWrite, nets_to_nothing, rank_plan
from cockpit.domain.backlog_order import BacklogOrder


def moved(order: BacklogOrder, burst: MoveBurst, key: str, how: str) -> None:
    move = order.to_top(key) if how == "top" else order.move(key, int(how))
    assert move is not None
    burst.record(move.key, move.old_index, move.new_index, order)


def test_no_burst_plans_nothing() -> None:
    assert MoveBurst().plan(waiting=[]) is None


def test_one_move_is_one_write_anchored_below() -> None:
    order, burst = make(5), MoveBurst()
    moved(order, burst, "PAY-4", "top")
    assert burst.plan(waiting=[]) == [RankWrite("PAY-4", "PAY-1", None)]


def test_adjacent_moves_chain_from_one_unmoved_anchor() -> None:
    order, burst = make(6), MoveBurst()
    for key in ("PAY-5", "PAY-6"):
        moved(order, burst, key, "top")
    # shown: 6 5 1 2 3 4 -> 5 before 1, then 6 before 5
    assert burst.plan(waiting=[]) == [
        RankWrite("PAY-5", "PAY-1", None),
        RankWrite("PAY-6", "PAY-5", None),
    ]


def test_a_burst_that_puts_everything_back_plans_no_write() -> None:
    order, burst = make(5), MoveBurst()
    moved(order, burst, "PAY-2", "1")
    moved(order, burst, "PAY-2", "-1")
    assert burst.plan(waiting=[]) == []


def test_waiting_keys_are_planned_again_with_the_burst() -> None:
    order, burst = make(5), MoveBurst()
    order.to_top("PAY-3")  # an earlier burst, its write still waiting
    moved(order, burst, "PAY-5", "top")
    plan = burst.plan(waiting=["PAY-3"])
    assert plan is not None and {w.key for w in plan} == {"PAY-3", "PAY-5"}


def test_the_burst_is_kept_until_cleared() -> None:
    """A store that could not take the writes is asked again with the same plan."""
    order, burst = make(5), MoveBurst()
    moved(order, burst, "PAY-4", "top")
    first = burst.plan(waiting=[])
    assert burst.pending and burst.plan(waiting=[]) == first
    burst.clear()
    assert not burst.pending and burst.plan(waiting=[]) is None


def test_nets_to_nothing_undoes_the_burst_last_move_first() -> None:
    keys = ["A", "B", "C", "D"]
    # B down twice (to 2, then 3), then D (now at 2) up to 1: the order is A D C B
    burst = [("B", 1, 2), ("B", 2, 3), ("D", 2, 1)]
    assert not nets_to_nothing(["A", "D", "C", "B"], burst)
    assert nets_to_nothing(keys, [*burst, ("D", 1, 2), ("B", 3, 1)])  # both undone
    assert not nets_to_nothing(keys, [("C", 0, 1)])  # C was never at 1: not a replay


def jira_rank(order: list[str], key: str, before: str | None, after: str | None) -> None:
    """What Jira's PUT /issue/rank does to one issue."""
    order.remove(key)
    at = order.index(before) if before is not None else order.index(str(after)) + 1
    order.insert(at, key)


@pytest.mark.parametrize("seed", range(200))
def test_rank_plan_replayed_in_queue_order_gives_the_order_shown(seed: int) -> None:
    rng = random.Random(seed)
    start = [f"PAY-{n}" for n in range(rng.randint(1, 12))]
    shown_order, moved_keys = list(start), []
    for _ in range(rng.randint(1, 10)):  # J, K, T or B on any issue
        key = rng.choice(shown_order)
        shown_order.remove(key)
        shown_order.insert(rng.randint(0, len(shown_order)), key)
        moved_keys.append(key)
    positions = {k: shown_order.index(k) for k in moved_keys}
    plan = rank_plan(positions, shown_order.__getitem__, len(shown_order))
    assert len(plan) <= len(set(moved_keys))
    jira = list(start)
    for key, before, after in plan:
        jira_rank(jira, key, before, after)
    assert jira == shown_order
