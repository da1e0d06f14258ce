"""BacklogOrder: rank moves with Jira neighbours, a live filter, an exact key index."""

from __future__ import annotations

from support.backlogs import issue, make

from cockpit.domain.backlog_order import BacklogOrder, Move


def assert_index_exact(order: BacklogOrder) -> None:
    for position, item in enumerate(order):
        assert order.position_of(item.key) == position


def test_sequence_of_issues_top_first() -> None:
    order = make(3)
    assert len(order) == 3
    assert order.keys() == ["PAY-1", "PAY-2", "PAY-3"]
    assert order[0].key == "PAY-1"
    # BacklogOrder.__contains__ takes issue keys as well as issues
    assert "PAY-2" in order and "PAY-9" not in order  # type: ignore[comparison-overlap]
    assert order.position_of("PAY-3") == 2
    assert order.position_of("PAY-9") is None


def test_move_down_and_up_give_jira_neighbours() -> None:
    order = make(5)
    move = order.move("PAY-2", +1)
    assert move == Move(key="PAY-2", old_index=1, new_index=2, before="PAY-4", after="PAY-3")
    assert order.keys() == ["PAY-1", "PAY-3", "PAY-2", "PAY-4", "PAY-5"]
    move = order.move(2, -2)
    assert move == Move(key="PAY-2", old_index=2, new_index=0, before="PAY-1", after=None)
    assert_index_exact(order)


def test_moves_clamp_at_the_ends_and_report_nothing_when_nothing_moves() -> None:
    order = make(3)
    assert order.move("PAY-1", -1) is None
    assert order.move("PAY-3", +5) is None
    assert order.move("PAY-9", 1) is None
    assert order.move(7, 1) is None
    move = order.move("PAY-1", +10)
    assert move is not None and move.new_index == 2 and move.before is None
    assert move.after == "PAY-3"


def test_top_and_bottom() -> None:
    order = make(6)
    move = order.to_top("PAY-5")
    assert move == Move(key="PAY-5", old_index=4, new_index=0, before="PAY-1", after=None)
    move = order.to_bottom("PAY-1")
    assert move == Move(key="PAY-1", old_index=1, new_index=5, before=None, after="PAY-6")
    assert order.keys() == ["PAY-5", "PAY-2", "PAY-3", "PAY-4", "PAY-6", "PAY-1"]
    assert order.to_top("PAY-5") is None
    assert_index_exact(order)


def test_filter_matches_every_field_case_insensitively() -> None:
    order = BacklogOrder(
        [
            issue(1, summary="Checkout fails on Safari"),
            issue(2, assignee="Ana Lima"),
            issue(3, type="Bug"),
            issue(4, status="In Review"),
            issue(5, priority="Highest"),
            issue(6),
        ]
    )
    for text, expected in [
        ("safari", [0]),
        ("ANA", [1]),
        ("bug", [2]),
        ("review", [3]),
        ("highest", [4]),
        ("pay-6", [5]),
        ("nothing-like-this", []),
    ]:
        order.set_filter(text)
        assert list(order.view) == expected, text
    order.set_filter("  ")
    assert not order.filtered and list(order.view) == list(range(6))


def test_filter_words_all_must_match_and_narrowing_equals_rescan() -> None:
    order = BacklogOrder(issue(n, assignee="Bo" if n % 3 == 0 else "Al") for n in range(1, 40))
    typed = ""
    for char in "story 1 bo":
        typed += char
        order.set_filter(typed)
        fresh = BacklogOrder(order)
        fresh.set_filter(typed)
        assert list(order.view) == list(fresh.view), typed
    assert [order.visible(r).key for r in range(order.visible_count)] == [
        "PAY-12",
        "PAY-15",
        "PAY-18",
        "PAY-21",
    ]
    order.set_filter("story 1")  # backspacing widens again
    assert order.visible_count == 13  # 1, 10-19, 21, 31


def test_moves_under_a_filter_skip_hidden_issues() -> None:
    order = BacklogOrder(issue(n, type="Bug" if n in (2, 5, 8) else "Story") for n in range(1, 10))
    order.set_filter("bug")
    assert [order.visible(r).key for r in range(3)] == ["PAY-2", "PAY-5", "PAY-8"]
    move = order.move("PAY-2", +1)
    # lands just after PAY-5 in the full order; the neighbours are full-order ones
    assert move == Move(key="PAY-2", old_index=1, new_index=4, before="PAY-6", after="PAY-5")
    assert [order.visible(r).key for r in range(3)] == ["PAY-5", "PAY-2", "PAY-8"]
    move = order.move("PAY-8", -1)
    assert move is not None and move.after == "PAY-5" and move.before == "PAY-2"
    assert [order.visible(r).key for r in range(3)] == ["PAY-5", "PAY-8", "PAY-2"]
    order.to_top("PAY-2")
    assert [order.visible(r).key for r in range(3)] == ["PAY-2", "PAY-5", "PAY-8"]
    order.to_bottom("PAY-5")
    assert [order.visible(r).key for r in range(3)] == ["PAY-2", "PAY-8", "PAY-5"]
    assert order.move("PAY-1", 1) is None  # hidden: not movable
    fresh = BacklogOrder(order)
    fresh.set_filter("bug")
    assert list(order.view) == list(fresh.view)
    assert_index_exact(order)


def test_row_of_maps_keys_to_view_rows() -> None:
    order = make(10)
    assert order.row_of("PAY-4") == 3
    order.set_filter("story number 1")  # PAY-1 and PAY-10
    assert order.row_of("PAY-10") == 1
    assert order.row_of("PAY-4") is None


def test_replace_all_keeps_the_filter_and_finds_the_kept_key() -> None:
    order = make(10)
    order.set_filter("number 1")
    row = order.replace_all([issue(10), issue(3), issue(1), issue(11)], keep="PAY-1")
    assert row == 1
    assert [order.visible(r).key for r in range(order.visible_count)] == [
        "PAY-10",
        "PAY-1",
        "PAY-11",
    ]
    assert order.replace_all([issue(2)], keep="PAY-1") is None


def test_duplicate_keys_keep_the_first() -> None:
    order = BacklogOrder(
        [issue(1), issue(2, summary="first"), issue(2, summary="second"), issue(3)]
    )
    assert order.position_of("PAY-3") == 2  # dropped when the index is first built
    assert order.keys() == ["PAY-1", "PAY-2", "PAY-3"]
    assert order[1].summary == "first"
    assert_index_exact(order)


def test_filter_ignores_escape_sequences_in_remote_text() -> None:
    order = BacklogOrder([issue(1, summary="\x1b[31mred\x1b[0m alert")])
    order.set_filter("red alert")
    assert order.visible_count == 1


def test_random_moves_keep_order_index_and_view_consistent() -> None:
    import random

    rng = random.Random(7)
    order = BacklogOrder(issue(n, type=rng.choice(["Bug", "Story"])) for n in range(200))
    reference = order.keys()
    for step in range(300):
        if step % 50 == 0:
            order.set_filter(rng.choice(["", "bug", "story"]))
        view = list(order.view)
        if not view:
            continue
        key = order.visible(rng.randrange(len(view))).key
        kind = rng.randrange(3)
        move = (
            order.move(key, rng.choice([-3, -1, 1, 2]))
            if kind == 0
            else order.to_top(key)
            if kind == 1
            else order.to_bottom(key)
        )
        if move is not None:
            reference.remove(key)
            reference.insert(move.new_index, key)
    assert order.keys() == reference
    assert_index_exact(order)
    fresh = BacklogOrder(order)
    fresh.set_filter(order.filter_text)
    assert list(order.view) == list(fresh.view)


def test_index_steps_build_the_index_and_measure_keys_a_slice_at_a_time() -> None:
    order = BacklogOrder([issue(n) for n in (1, 2, 300, 4, 5)])
    steps = order.index_steps(step=2)
    assert list(steps) == [len("PAY-2"), len("PAY-300"), len("PAY-300")]
    assert order._index is not None  # built by the steps, not by a lookup
    assert_index_exact(order)


def test_index_steps_stop_without_an_index_when_the_order_changes_meanwhile() -> None:
    order = make(6)
    steps = order.index_steps(step=2)
    next(steps)
    order.to_bottom(0)  # a move by position does not need (or build) the index
    assert list(steps) == []
    assert order._index is None
    assert_index_exact(order)  # built now, from the order as it is


def test_replace_all_finds_the_kept_key_without_building_the_index() -> None:
    order = make(5)
    assert order.replace_all([issue(n) for n in (5, 4, 3, 2, 1)], keep="PAY-4") == 1
    assert order._index is None
