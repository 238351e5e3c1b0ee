"""Tests of telcocollect.dunning: level selection, episodes and the suspension date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from telcocollect.dunning import (
    DunningLevel,
    add_months,
    days_overdue,
    earliest_suspension_date,
    next_level_to_send,
    reached_level,
    select_level,
    sort_levels,
)

PRE_DUE = DunningLevel(sequence=5, days_after_due=-3, min_overdue_cents=0, key="pre")
FIRST = DunningLevel(sequence=10, days_after_due=1, min_overdue_cents=0, key="first")
SECOND = DunningLevel(sequence=20, days_after_due=10, min_overdue_cents=500, key="second")
NOTICE = DunningLevel(sequence=30, days_after_due=20, min_overdue_cents=2000, key="notice")
LEVELS = [NOTICE, FIRST, SECOND]


def sundays_and(holidays: set[date]):
    """Build a working_days_after that skips Sundays and the given holidays."""

    def working_days_after(start: date, days: int) -> date:
        current = start
        counted = 0
        while counted < days:
            current += timedelta(days=1)
            if current.weekday() != 6 and current not in holidays:
                counted += 1
        return current

    return working_days_after


def test_days_overdue_sign():
    assert days_overdue(date(2026, 3, 1), date(2026, 3, 1)) == 0
    assert days_overdue(date(2026, 3, 1), date(2026, 3, 11)) == 10
    assert days_overdue(date(2026, 3, 1), date(2026, 2, 26)) == -3


def test_days_overdue_across_leap_day():
    assert days_overdue(date(2028, 2, 28), date(2028, 3, 1)) == 2


def test_sort_levels_by_delay():
    assert sort_levels(LEVELS) == [FIRST, SECOND, NOTICE]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, None),
        (1, FIRST),
        (9, FIRST),
        (10, SECOND),
        (19, SECOND),
        (20, NOTICE),
        (400, NOTICE),
    ],
)
def test_select_level_by_days(days, expected):
    assert select_level(LEVELS, days, 10_000) == expected


def test_select_level_below_minimum_skips():
    # 12 days overdue reaches SECOND, whose minimum is 5.00: 4.99 sends nothing, not FIRST.
    assert select_level(LEVELS, 12, 499) is None
    assert select_level(LEVELS, 12, 500) == SECOND


def test_select_level_no_levels():
    assert select_level([], 30, 10_000) is None


def test_pre_due_level_only_before_due():
    levels = [PRE_DUE, SECOND]
    assert reached_level(levels, -5) is None
    assert reached_level(levels, -3) == PRE_DUE
    assert reached_level(levels, 0) == PRE_DUE
    # Overdue but before the first overdue level: the pre-due text does not apply.
    assert reached_level(levels, 4) is None
    assert reached_level(levels, 10) == SECOND


def test_next_level_first_in_episode():
    assert next_level_to_send(LEVELS, FIRST, None) == FIRST


def test_next_level_same_level_not_repeated():
    assert next_level_to_send(LEVELS, FIRST, "first") is None


def test_next_level_higher_level_sent():
    assert next_level_to_send(LEVELS, SECOND, "first") == SECOND


def test_next_level_jump_to_highest():
    assert next_level_to_send(LEVELS, NOTICE, None) == NOTICE


def test_next_level_lower_after_partial_payment():
    # The oldest invoice was paid, so the reached level fell back below the one already sent.
    assert next_level_to_send(LEVELS, FIRST, "second") is None


def test_next_level_nothing_reached():
    assert next_level_to_send(LEVELS, None, "first") is None


def test_next_level_unknown_last_key():
    assert next_level_to_send(LEVELS, FIRST, "deleted-level") == FIRST


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 5, 10), 14) == date(2027, 7, 10)


def test_suspension_fifteen_working_days():
    # Monday 2 March 2026 + 15 working days, Sundays skipped: Thursday 19 March 2026.
    working_days_after = sundays_and(set())
    result = earliest_suspension_date(date(2026, 3, 2), date(2026, 1, 2), working_days_after)
    assert result == date(2026, 3, 19)


def test_suspension_skips_holiday():
    working_days_after = sundays_and({date(2026, 3, 19)})
    result = earliest_suspension_date(date(2026, 3, 2), date(2026, 1, 2), working_days_after)
    assert result == date(2026, 3, 20)


def test_suspension_waits_for_one_month_overdue():
    # Due 20 Feb 2026: more than one month overdue from 21 March 2026 (a Saturday, which works).
    working_days_after = sundays_and(set())
    result = earliest_suspension_date(date(2026, 3, 2), date(2026, 2, 20), working_days_after)
    assert result == date(2026, 3, 21)


def test_suspension_month_rule_lands_on_sunday():
    # Due 21 Feb 2026: the first day over a month is Sunday 22 March, so Monday 23 March.
    working_days_after = sundays_and(set())
    result = earliest_suspension_date(date(2026, 3, 2), date(2026, 2, 21), working_days_after)
    assert result == date(2026, 3, 23)


def test_suspension_month_rule_lands_on_holiday():
    working_days_after = sundays_and({date(2026, 3, 23)})
    result = earliest_suspension_date(date(2026, 3, 2), date(2026, 2, 21), working_days_after)
    assert result == date(2026, 3, 24)


def test_suspension_rejects_zero_notice():
    with pytest.raises(ValueError, match="notice_working_days"):
        earliest_suspension_date(date(2026, 3, 2), date(2026, 1, 2), sundays_and(set()), 0)
