"""Jira's timestamps: the fast ISO path and the `strptime` fallback agree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from cockpit.sources.jira_fields import parse_time

LISBON_SUMMER = timezone(timedelta(hours=1))
DENVER_SUMMER = timezone(timedelta(hours=-7))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T09:30:00.000+0000", datetime(2024, 5, 1, 9, 30, tzinfo=UTC)),
        ("2024-05-01T09:30:00+0000", datetime(2024, 5, 1, 9, 30, tzinfo=UTC)),
        ("2024-05-01T10:30:00.250+0100", datetime(2024, 5, 1, 10, 30, 0, 250_000, LISBON_SUMMER)),
        ("2024-05-01T02:30:00.000-0700", datetime(2024, 5, 1, 2, 30, tzinfo=DENVER_SUMMER)),
        ("2024-05-01T09:30:00.123456+00:00", datetime(2024, 5, 1, 9, 30, 0, 123_456, UTC)),
        ("2024-05-01T09:30:00Z", datetime(2024, 5, 1, 9, 30, tzinfo=UTC)),
        # not ISO 8601, but `strptime` read it before and still does
        ("2024-5-1T9:30:00+0000", datetime(2024, 5, 1, 9, 30, tzinfo=UTC)),
    ],
)
def test_jira_timestamps_are_aware_datetimes(text: str, expected: datetime) -> None:
    parsed = parse_time(text)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        1714555800,
        "2024-05-01",
        "2024-05-01T09:30:00",
        "yesterday",
        "2024-13-01T09:30+0000",
    ],
)
def test_missing_naive_or_malformed_timestamps_are_none(value: object) -> None:
    assert parse_time(value) is None


@pytest.mark.parametrize(
    "text",
    ["2024-05-01T09:30:00.000+0000", "2024-05-01T09:30:00+0530", "2024-05-01T09:30:00.1-0330"],
)
def test_the_fast_path_agrees_with_strptime(text: str) -> None:
    fmt = "%Y-%m-%dT%H:%M:%S.%f%z" if "." in text else "%Y-%m-%dT%H:%M:%S%z"
    slow = datetime.strptime(text, fmt)
    fast = parse_time(text)
    assert fast == slow and fast is not None and fast.tzinfo == slow.tzinfo
