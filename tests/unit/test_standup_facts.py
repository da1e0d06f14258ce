"""The stand-up's facts, decided from real changelog shapes (Cloud bulkfetch and Data
Center expand=changelog, parsed by `jira_changes`), and its window."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cockpit.domain.digest import MAX_WORDS, standup, update, words
from cockpit.domain.standup import decide, previous_workday, standup_window, week_window
from cockpit.models import Issue, IssueChange
from cockpit.sources.jira_changes import change_time, parse_history
from cockpit.sources.jira_fields import JiraFields, blocker_links, open_blockers

IDS = JiraFields(flagged="customfield_10021", sprint="customfield_10020")
CATEGORIES = {"10000": "new", "3": "indeterminate", "10002": "indeterminate", "10003": "done"}
CATEGORIES |= {"6": "done", "to do": "new", "in progress": "indeterminate", "closed": "done"}
SINCE = datetime(2025, 3, 3, tzinfo=UTC)
UNTIL = datetime(2025, 3, 4, 9, tzinfo=UTC)


def item(field: str, old: Any, old_text: Any, new: Any, new_text: Any, fid: str) -> dict[str, Any]:
    return {
        "field": field,
        "fieldId": fid,
        "fieldtype": "jira",
        "from": old,
        "fromString": old_text,
        "to": new,
        "toString": new_text,
    }


def status(old: tuple[str, str], new: tuple[str, str]) -> dict[str, Any]:
    return item("status", old[0], old[1], new[0], new[1], "status")


TODO, PROG, BLOCKED, DONE, CLOSED = (
    ("10000", "To Do"),
    ("3", "In Progress"),
    ("10002", "Blocked"),
    ("10003", "Done"),
    ("6", "Closed"),
)


def cloud_entry(when: datetime, *items: dict[str, Any]) -> dict[str, Any]:
    """A bulkfetch changeHistory (RFC 3339 time, as the contract documents)."""
    return {
        "id": "1",
        "author": {"displayName": "Ana"},
        "created": when.isoformat(),
        "items": list(items),
    }


def dc_entry(when: datetime, *items: dict[str, Any]) -> dict[str, Any]:
    """A Data Center history: Jira's own time format, no fieldId on custom fields."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S.000%z")
    plain = [
        {k: v for k, v in i.items() if not (k == "fieldId" and "custom" in str(v))} for i in items
    ]
    return {"id": "1", "author": {"displayName": "Ana"}, "created": stamp, "items": plain}


def change(
    entries: list[dict[str, Any]], *, now: tuple[str, str] = DONE, **extra: Any
) -> IssueChange:
    category = CATEGORIES[now[0]]
    return IssueChange(
        key=extra.pop("key", "PAY-1"),
        summary="Apple Pay",
        status=now[1],
        status_category=category,
        assignee="Ana",
        epic="PAY-100",
        url="https://x/browse/PAY-1",
        history=parse_history(entries, IDS, CATEGORIES),
        **extra,
    )


def at(hour: float, day: int = 3) -> datetime:
    return datetime(2025, 3, day, tzinfo=UTC) + timedelta(hours=hour)


ENTRY = {"cloud": cloud_entry, "datacenter": dc_entry}


@pytest.fixture(params=["cloud", "datacenter"])
def entry(request: pytest.FixtureRequest) -> Any:
    return ENTRY[request.param]


def test_done_inside_the_window_is_a_win(entry: Any) -> None:
    issue = change([entry(at(10), status(PROG, DONE))])
    facts = decide([issue], SINCE, UNTIL)
    assert [f.issue.key for f in facts.done] == ["PAY-1"]
    assert facts.done[0].when == at(10)


def test_done_then_reopened_inside_the_window_is_not_a_win(entry: Any) -> None:
    issue = change([entry(at(10), status(PROG, DONE)), entry(at(15), status(DONE, PROG))], now=PROG)
    assert decide([issue], SINCE, UNTIL).done == ()


def test_done_before_the_window_is_not_a_win(entry: Any) -> None:
    issue = change([entry(at(10, day=1), status(PROG, DONE))])
    assert decide([issue], SINCE, UNTIL).done == ()


def test_a_done_status_called_closed_counts_by_its_category(entry: Any) -> None:
    issue = change([entry(at(10), status(PROG, CLOSED))], now=CLOSED)
    facts = decide([issue], SINCE, UNTIL)
    assert [f.detail for f in facts.done] == ["Closed"]


def test_started_is_new_to_indeterminate(entry: Any) -> None:
    issue = change([entry(at(9), status(TODO, PROG))], now=PROG)
    facts = decide([issue], SINCE, UNTIL)
    assert [f.issue.key for f in facts.started] == ["PAY-1"] and facts.done == ()


def test_flagged_and_linked_issues_are_newly_blocked(entry: Any) -> None:
    flagged = change(
        [entry(at(9), item("Flagged", None, None, "10019", "Impediment", "customfield_10021"))],
        now=PROG,
        reasons=("flagged",),
    )
    link_text = "This issue is blocked by PAY-70"
    linked = change(
        [entry(at(11), item("Link", None, None, "PAY-70", link_text, "issuelinks"))],
        now=PROG,
        key="PAY-2",
        reasons=("link",),
        blocked_by=("PAY-70",),
    )
    facts = decide([flagged, linked], SINCE, UNTIL)
    assert [(f.issue.key, f.detail) for f in facts.blocked] == [
        ("PAY-1", "blocked by flagged"),
        ("PAY-2", "blocked by PAY-70"),
    ]


def test_a_link_to_a_resolved_blocker_is_not_newly_blocked(entry: Any) -> None:
    text = "This issue is blocked by PAY-72"
    issue = change(
        [entry(at(11), item("Link", None, None, "PAY-72", text, "issuelinks"))], now=PROG
    )
    assert decide([issue], SINCE, UNTIL).blocked == ()


def test_out_of_blocked_status_is_unblocked(entry: Any) -> None:
    issue = change([entry(at(12), status(BLOCKED, PROG))], now=PROG)
    facts = decide([issue], SINCE, UNTIL)
    assert [f.detail for f in facts.unblocked] == ["status In Progress"] and facts.blocked == ()


def test_an_issue_whose_blocker_was_done_in_the_window_is_unblocked(entry: Any) -> None:
    blocker = change([entry(at(14), status(PROG, DONE))], key="PAY-70")
    freed = change([], now=PROG, key="PAY-2", resolved_blockers=("PAY-70",))
    still = change([], now=PROG, key="PAY-3", resolved_blockers=("PAY-70",), reasons=("flagged",))
    facts = decide([freed, blocker, still], SINCE, UNTIL)
    assert [(f.issue.key, f.detail, f.when) for f in facts.unblocked] == [
        ("PAY-2", "PAY-70 done", at(14))
    ]


def test_a_blocker_done_before_the_window_frees_nothing_in_it(entry: Any) -> None:
    blocker = change([entry(at(14, day=1), status(PROG, DONE))], key="PAY-70")
    freed = change([], now=PROG, key="PAY-2", resolved_blockers=("PAY-70",))
    assert decide([freed, blocker], SINCE, UNTIL).unblocked == ()


def test_resolved_blockers_are_read_from_the_issue_links() -> None:
    links = [
        _link("PAY-70", "done"),
        _link("PAY-71", "indeterminate"),
        {"type": {"name": "Relates", "inward": "relates to"}, "inwardIssue": {"key": "PAY-9"}},
    ]
    assert list(blocker_links(links)) == [("PAY-70", True), ("PAY-71", False)]
    assert open_blockers(links) == ("PAY-71",)


def _link(key: str, category: str) -> dict[str, Any]:
    status = {"name": key, "statusCategory": {"key": category}}
    return {
        "type": {"name": "Blocks", "inward": "is blocked by", "outward": "blocks"},
        "inwardIssue": {"key": key, "fields": {"status": status}},
    }


def test_sprint_moved_later_is_a_slip(entry: Any) -> None:
    sprint = item(
        "Sprint",
        "11",
        "PAY Sprint 11",
        "11, 12",
        "PAY Sprint 11, PAY Sprint 12",
        "customfield_10020",
    )
    facts = decide([change([entry(at(16), sprint)], now=PROG)], SINCE, UNTIL)
    assert [f.detail for f in facts.slipped] == ["sprint PAY Sprint 11 -> PAY Sprint 12"]


def test_fix_version_moved_later_and_due_date_passed_are_slips(entry: Any) -> None:
    moved = [
        item("Fix Version", "10010", "4.2", None, None, "fixVersions"),
        item("Fix Version", None, None, "10011", "4.10", "fixVersions"),
    ]
    version = change([entry(at(10), *moved)], now=PROG)
    overdue = change([], now=PROG, key="PAY-3", due=date(2025, 3, 3))
    facts = decide([version, overdue], SINCE, UNTIL)
    assert [(f.issue.key, f.detail) for f in facts.slipped] == [
        ("PAY-1", "fix version 4.2 -> 4.10"),
        ("PAY-3", "due 2025-03-03, not done"),
    ]


def test_a_change_the_digest_does_not_report_makes_no_fact(entry: Any) -> None:
    other = [
        item("priority", "3", "Medium", "2", "High", "priority"),
        item("summary", None, "Old", None, "New", "summary"),
        item("Sprint", "12", "PAY Sprint 12", "11", "PAY Sprint 11", "customfield_10020"),
    ]
    issue = change([entry(at(10), *other)], now=PROG)
    assert [i.field for i in issue.history] == ["sprint"]  # priority and summary dropped
    assert decide([issue], SINCE, UNTIL).keys == frozenset()


def test_epoch_times_are_read_as_seconds_or_milliseconds() -> None:
    assert (
        change_time(1741000000)
        == change_time(1741000000000)
        == datetime.fromtimestamp(1741000000, UTC)
    )


# --- the window -------------------------------------------------------------------


def test_a_monday_stand_up_reaches_back_to_friday() -> None:
    tz = ZoneInfo("Europe/Lisbon")
    monday = date(2025, 3, 10)
    since, until = standup_window(monday, datetime(2025, 3, 10, 9, 30, tzinfo=tz), tz)
    assert since == datetime(2025, 3, 7, tzinfo=tz)
    assert until == datetime(2025, 3, 10, 9, 30, tzinfo=tz)
    friday_win = change([cloud_entry(datetime(2025, 3, 7, 16, tzinfo=UTC), status(PROG, DONE))])
    assert decide([friday_win], since, until).done


def test_the_workweek_decides_the_previous_working_day() -> None:
    assert previous_workday(date(2025, 3, 10)) == date(2025, 3, 7)
    assert previous_workday(date(2025, 3, 9), ("sun", "mon", "tue", "wed", "thu")) == date(
        2025, 3, 6
    )
    assert previous_workday(date(2025, 3, 11)) == date(2025, 3, 10)


def test_yesterday_is_the_configured_zone_s_not_utc() -> None:
    tz = ZoneInfo("Pacific/Auckland")  # UTC+13 in March
    now = datetime(2025, 3, 5, 8, tzinfo=tz)  # Tue 4 Mar 19:00 UTC
    since, until = standup_window(now.date(), now, tz)
    assert since == datetime(2025, 3, 4, tzinfo=tz)  # = Mon 3 Mar 11:00 UTC
    # done at Mon 3 Mar 12:00 UTC: Tuesday in Auckland, inside; by UTC days it was Monday
    win = change([cloud_entry(datetime(2025, 3, 3, 12, tzinfo=UTC), status(PROG, DONE))])
    early = change(
        [cloud_entry(datetime(2025, 3, 3, 10, tzinfo=UTC), status(PROG, DONE))], key="PAY-9"
    )
    assert [f.issue.key for f in decide([win, early], since, until).done] == ["PAY-1"]


def test_the_week_window_starts_on_the_first_working_day() -> None:
    tz = ZoneInfo("UTC")
    since, _until = week_window(date(2025, 3, 6), datetime(2025, 3, 6, 12, tzinfo=tz), tz)
    assert since == datetime(2025, 3, 3, tzinfo=tz)


def test_on_the_week_s_first_working_day_the_update_covers_the_week_just_done() -> None:
    tz = ZoneInfo("UTC")
    monday_morning = datetime(2025, 3, 10, 8, tzinfo=tz)
    since, until = week_window(date(2025, 3, 10), monday_morning, tz)
    assert (since, until) == (datetime(2025, 3, 3, tzinfo=tz), monday_morning)
    sunday_start = ("sun", "mon", "tue", "wed", "thu")
    since, _ = week_window(date(2025, 3, 9), datetime(2025, 3, 9, 8, tzinfo=tz), tz, sunday_start)
    assert since == datetime(2025, 3, 2, tzinfo=tz)  # that week began on Sunday the 2nd


def test_the_update_stays_under_150_words() -> None:
    many = [change([cloud_entry(at(10), status(PROG, DONE))], key=f"PAY-{n}") for n in range(1, 40)]
    blocked = [
        Issue(
            f"PAY-{n}",
            "A long summary of a blocked thing " * 2,
            "Blocked",
            "u",
            reasons=("status",),
        )
        for n in range(50, 70)
    ]
    draft = update(
        decide(many, SINCE, UNTIL), SINCE, UNTIL, blocked=blocked, backlog=blocked, calls=[]
    )
    text = draft.render()
    assert words(text) < MAX_WORDS
    assert "Shipped" in text and "Risks" in text and "PAY-50" in text


def test_drafts_say_who_is_blocked_by_what() -> None:
    text = "This issue is blocked by PAY-70"
    linked = change(
        [cloud_entry(at(11), item("Link", None, None, "PAY-70", text, "issuelinks"))],
        now=PROG,
        key="PAY-2",
        reasons=("link",),
        blocked_by=("PAY-70", "PAY-99"),
    )
    facts = decide([linked], SINCE, UNTIL)
    blocker = Issue("PAY-70", "Ledger holds API", "In Progress", "u", assignee="Platform team")
    draft = standup(facts, SINCE, UNTIL, [], [], blockers={"PAY-70": blocker})
    assert (
        "PAY-2 Apple Pay (Ana): blocked by PAY-70 Ledger holds API (Platform team, In Progress);"
        " PAY-99"  # a blocker Jira did not return is named by its key
    ) in draft.render()
    risk = Issue("PAY-2", "Apple Pay", "Blocked", "u", reasons=("link",), blocked_by=("PAY-70",))
    epic = Issue("PAY-100", "Wallets", "In Progress", "u")
    done = decide([change([cloud_entry(at(10), status(PROG, DONE))])], SINCE, UNTIL)
    related = {"PAY-70": blocker, "PAY-100": epic}
    text = update(
        done,
        SINCE,
        UNTIL,
        blocked=[risk],
        backlog=[],
        calls=[],
        epic_names=lambda key: related[key].summary if key in related else None,
        blockers=related,
    ).render()
    assert "Wallets: PAY-1 Apple Pay" in text and "blocked by PAY-70 (Platform team)" in text


def test_an_unedited_draft_exports_as_its_markdown_and_an_edited_one_keeps_its_edits() -> None:
    from cockpit.domain.digest import Digest, Section, text_to_markdown

    draft = Digest(
        "Stand-up, Thu 26 Nov", (Section("Wins", ("PAY-1 A (Ana)", "PAY-2 B")), Section("Started"))
    )
    assert text_to_markdown(draft.render("text")) == draft.render("markdown")
    edited = draft.render("text").replace("  - nothing", "  - PAY-3 C\n    more on PAY-3")
    assert text_to_markdown(edited).endswith("## Started\n\n- PAY-3 C\nmore on PAY-3\n")
