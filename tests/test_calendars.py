"""Tests of TARGET2 and Spanish working-day calendars."""

from __future__ import annotations

import datetime as dt

import pytest

from telcocollect.calendars import (
    adjust_collection_date,
    earliest_collection_date,
    is_target2_day,
    next_target2_day,
    spanish_working_days_after,
)

D = dt.date


@pytest.mark.parametrize(
    "closed",
    [
        D(2026, 1, 1),  # New Year's Day
        D(2026, 4, 3),  # Good Friday
        D(2026, 4, 6),  # Easter Monday
        D(2026, 5, 1),  # Labour Day
        D(2026, 12, 25),
        D(2026, 12, 26),  # a Saturday in 2026, closed anyway
        D(2025, 12, 26),  # a Friday
        D(2027, 3, 26),  # Good Friday 2027
        D(2027, 3, 29),  # Easter Monday 2027
        D(2026, 3, 7),  # Saturday
        D(2026, 3, 8),  # Sunday
    ],
)
def test_target2_closed(closed: dt.date) -> None:
    assert not is_target2_day(closed)


@pytest.mark.parametrize(
    "open_day",
    [
        D(2026, 1, 6),
        D(2026, 4, 2),
        D(2026, 8, 14),
        D(2026, 10, 12),
        D(2026, 12, 8),
        D(2026, 12, 24),
        D(2026, 12, 31),
    ],
)
def test_target2_open_on_spanish_holidays(open_day: dt.date) -> None:
    assert is_target2_day(open_day)


def test_next_target2_day_skips_easter() -> None:
    assert next_target2_day(D(2026, 4, 2)) == D(2026, 4, 7)


def test_next_target2_day_strictly_after() -> None:
    assert next_target2_day(D(2026, 3, 9)) == D(2026, 3, 10)


def test_next_target2_day_over_christmas() -> None:
    assert next_target2_day(D(2025, 12, 24)) == D(2025, 12, 29)


def test_adjust_collection_date() -> None:
    assert adjust_collection_date(D(2026, 3, 10)) == (D(2026, 3, 10), False)
    assert adjust_collection_date(D(2026, 5, 1)) == (D(2026, 5, 4), True)
    assert adjust_collection_date(D(2026, 1, 1)) == (D(2026, 1, 2), True)


def test_earliest_before_cutoff() -> None:
    # Presented Monday before the cut-off: Monday is D-1, so Tuesday can be collected.
    now = dt.datetime(2026, 3, 9, 10, 0)
    assert earliest_collection_date(now, dt.time(12, 0), 1) == D(2026, 3, 10)


def test_earliest_after_cutoff() -> None:
    now = dt.datetime(2026, 3, 9, 12, 0)
    assert earliest_collection_date(now, dt.time(12, 0), 1) == D(2026, 3, 11)


def test_earliest_on_weekend() -> None:
    now = dt.datetime(2026, 3, 7, 9, 0)
    assert earliest_collection_date(now, dt.time(12, 0), 1) == D(2026, 3, 10)


def test_earliest_over_easter_with_lead_days() -> None:
    now = dt.datetime(2026, 4, 2, 11, 0)
    assert earliest_collection_date(now, dt.time(12, 0), 1) == D(2026, 4, 7)
    assert earliest_collection_date(now, dt.time(12, 0), 2) == D(2026, 4, 8)
    assert earliest_collection_date(now, dt.time(10, 0), 2) == D(2026, 4, 9)


def test_earliest_result_is_target2_day() -> None:
    start = dt.datetime(2026, 1, 1, 8, 0)
    for hours in range(0, 24 * 400, 7):
        now = start + dt.timedelta(hours=hours)
        result = earliest_collection_date(now, dt.time(14, 0), 2)
        assert is_target2_day(result)
        assert result > now.date()


def test_earliest_rejects_zero_lead_days() -> None:
    with pytest.raises(ValueError, match="D-1"):
        earliest_collection_date(dt.datetime(2026, 3, 9, 9), dt.time(12), 0)


def test_working_days_count_saturdays() -> None:
    # Mon 9 Mar 2026 + 6 working days: Tue..Sat count, Sunday does not.
    assert spanish_working_days_after(D(2026, 3, 9), 6, None) == D(2026, 3, 16)


def test_working_days_national_holiday() -> None:
    # 12 Oct 2026 (Monday) is a national holiday.
    assert spanish_working_days_after(D(2026, 10, 10), 1, None) == D(2026, 10, 13)


def test_working_days_regional_holiday() -> None:
    # 2 May is the Madrid regional holiday (a Saturday in 2026), not a holiday in Catalonia.
    assert spanish_working_days_after(D(2026, 5, 1), 1, "MD") == D(2026, 5, 4)
    assert spanish_working_days_after(D(2026, 5, 1), 1, "CT") == D(2026, 5, 2)


def test_working_days_fifteen_day_notice() -> None:
    # Holy week in Madrid: Thursday 2 and Friday 3 April 2026 are holidays.
    assert spanish_working_days_after(D(2026, 4, 1), 15, "MD") == D(2026, 4, 21)
    assert spanish_working_days_after(D(2026, 4, 1), 15, None) == D(2026, 4, 20)


def test_working_days_zero() -> None:
    assert spanish_working_days_after(D(2026, 3, 8), 0, None) == D(2026, 3, 8)


def test_working_days_unknown_subdivision() -> None:
    with pytest.raises(ValueError, match="XX"):
        spanish_working_days_after(D(2026, 3, 9), 1, "XX")
