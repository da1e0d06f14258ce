"""The verdict rule at its edges, key-result progress and the quarter's elapsed share."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cockpit.domain.roadmap import (
    Counts,
    KeyResult,
    bar,
    judge,
    number_progress,
    objective,
    quarter_bounds,
    quarter_elapsed,
)

START = date(2026, 1, 1)

TEN = date(2026, 1, 11)


def test_exactly_on_the_margin_is_on_track_and_one_issue_less_is_at_risk() -> None:
    today = date(2026, 1, 9)  # 80% of the time gone
    on_margin = judge(Counts(todo=35, done=65), START, TEN, today, margin=15)
    assert on_margin.verdict == "on_track"  # 80 - 65 = 15: not *more* than the margin
    assert on_margin.reason == "65% done, 80% of the time gone"
    below = judge(Counts(todo=36, done=64), START, TEN, today, margin=15)
    assert below.verdict == "at_risk"


def test_the_margin_comes_from_config() -> None:
    today = date(2026, 1, 9)
    assert judge(Counts(todo=36, done=64), START, TEN, today, margin=20).verdict == "on_track"
    assert judge(Counts(todo=36, done=64), START, TEN, today, margin=0).verdict == "at_risk"


def test_the_release_day_itself_is_not_past_and_the_shares_decide() -> None:
    assert judge(Counts(todo=1, done=9), START, TEN, TEN).verdict == "on_track"  # 90 vs 100
    late = judge(Counts(todo=2, done=8), START, TEN, TEN)
    assert late.verdict == "at_risk" and "100% of the time gone" in late.reason
    after = judge(Counts(todo=1, done=99), START, TEN, date(2026, 1, 12))
    assert after.verdict == "at_risk" and after.reason.startswith("1 day past its date")


def test_no_start_date_is_judged_by_the_release_date_only() -> None:
    before = judge(Counts(todo=10), None, TEN, date(2026, 1, 10))
    assert before.verdict == "on_track" and "no start date" in before.reason
    assert judge(Counts(todo=10), None, TEN, date(2026, 1, 20)).verdict == "at_risk"


def test_no_date_at_all() -> None:
    assert judge(Counts(todo=3, done=1), START, None, TEN).verdict == "no_date"
    assert judge(Counts(), None, None, TEN).verdict == "no_date"


def test_zero_issues_is_on_track_until_the_date_passes() -> None:
    assert judge(Counts(), START, TEN, date(2026, 1, 9)).verdict == "on_track"
    past = judge(Counts(), START, TEN, date(2026, 2, 1))
    assert past.verdict == "at_risk" and past.reason.endswith("no issues")


def test_all_done_but_unreleased() -> None:
    assert judge(Counts(done=5), START, TEN, date(2026, 1, 9)).reason == "all done"
    late = judge(Counts(done=5), START, TEN, date(2026, 1, 14))
    assert late.verdict == "at_risk"
    assert late.reason == "3 days past its date; all done, not released"
    shipped = judge(Counts(done=5), START, TEN, date(2026, 1, 14), released=True)
    assert shipped.verdict == "on_track"


def test_before_the_start_nothing_is_expected_yet() -> None:
    assert judge(Counts(todo=10), START, TEN, date(2025, 12, 1)).verdict == "on_track"


def test_number_key_results_go_from_start_to_target_either_way() -> None:
    assert number_progress(3.1, 3.5, 3.3) == pytest.approx(0.5)
    assert number_progress(3.1, 3.5, 4.0) == 1.0
    assert number_progress(3.1, 3.5, 2.0) == 0.0
    assert number_progress(40, 20, 30) == pytest.approx(0.5)  # churn going down
    assert number_progress(3.1, 3.5, None) == 0.0


def test_quarters() -> None:
    assert quarter_bounds("2026-Q4") == (date(2026, 10, 1), date(2027, 1, 1))
    assert quarter_bounds("2026-q1") == (date(2026, 1, 1), date(2026, 4, 1))
    assert quarter_elapsed("2026-Q4", date(2026, 9, 1)) == 0.0
    assert quarter_elapsed("2026-Q4", date(2027, 2, 1)) == 1.0
    assert quarter_elapsed("2026-Q4", date(2026, 11, 16)) == pytest.approx(46 / 92)
    with pytest.raises(ValueError, match="2026-Q4"):
        quarter_bounds("Q4 2026")


def test_an_objective_is_the_mean_of_the_key_results_that_have_progress() -> None:
    when = datetime(2026, 11, 1, tzinfo=UTC)
    krs = [
        KeyResult("a", "jql", 0.5, 5, 10),
        KeyResult("b", "number", 0.25, 3.2, 3.5, start=3.1, history=((when, 3.2),)),
        KeyResult("c", "jql", None, None, None, error="Jira refused its JQL"),
    ]
    o = objective("Checkout", "2026-Q4", krs, date(2026, 11, 16))
    assert o.progress == pytest.approx(0.375)
    assert objective("Empty", "2026-Q4", [], date(2026, 11, 16)).progress is None


def test_the_bar_splits_its_cells_and_they_add_up() -> None:
    assert bar(Counts(todo=1, in_progress=1, done=2), 20) == (10, 5, 5)
    assert bar(Counts(), 20) == (0, 0, 20)
    for todo in range(7):
        assert sum(bar(Counts(todo=todo, in_progress=3, done=1), 13)) == 13
