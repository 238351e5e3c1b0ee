import datetime as dt

import pytest

from telcocollect.calendars import is_target2_day
from telcocollect.representation import next_representation_date, preferred_collection_day

D = dt.date


def test_preferred_day_default_without_history():
    assert preferred_collection_day([], 5) == 5


def test_preferred_day_most_common():
    dates = [D(2025, 1, 2), D(2025, 2, 3), D(2025, 3, 3), D(2025, 4, 3)]
    assert preferred_collection_day(dates, 5) == 3


def test_preferred_day_tie_takes_latest():
    dates = [D(2025, 3, 10), D(2025, 1, 2), D(2025, 2, 10), D(2025, 4, 2)]
    assert preferred_collection_day(dates, 5) == 2


def test_preferred_day_accepts_generator():
    assert preferred_collection_day((d for d in [D(2025, 5, 27)]), 5) == 27


@pytest.mark.parametrize("day", [0, 32, -1])
def test_invalid_default_day(day):
    with pytest.raises(ValueError, match=str(day)):
        preferred_collection_day([], day)


def test_default_day_next_month():
    # Returned on Friday 7 March 2025 with 14 days of pre-notification: the 5th of April is a
    # Saturday, so the debit moves to Monday 7 April.
    result = next_representation_date(D(2025, 3, 7), [], 5, D(2025, 3, 21))
    assert result == D(2025, 4, 7)


def test_default_day_same_month():
    result = next_representation_date(D(2025, 3, 3), [], 28, D(2025, 3, 17))
    assert result == D(2025, 3, 28)


def test_learned_payday_used():
    history = [D(2024, 11, 27), D(2024, 12, 27), D(2025, 1, 27)]
    result = next_representation_date(D(2025, 2, 6), history, 5, D(2025, 2, 20))
    assert result == D(2025, 2, 27)


def test_learned_payday_on_min_date():
    history = [D(2025, 1, 20)]
    assert next_representation_date(D(2025, 2, 3), history, 5, D(2025, 2, 20)) == D(2025, 2, 20)


def test_day_31_in_short_month():
    # 28 February 2025 is a Friday and a TARGET2 day.
    result = next_representation_date(D(2025, 2, 1), [D(2025, 1, 31)], 5, D(2025, 2, 10))
    assert result == D(2025, 2, 28)


def test_december_rolls_to_january():
    # The 2nd of January 2026 is a Friday and TARGET2 is open.
    result = next_representation_date(D(2025, 12, 10), [], 2, D(2025, 12, 24))
    assert result == D(2026, 1, 2)


def test_target2_holiday_skipped():
    # 1 May is a TARGET2 closing day; 2 May 2025 is a Friday.
    result = next_representation_date(D(2025, 4, 10), [], 1, D(2025, 4, 24))
    assert result == D(2025, 5, 2)


def test_christmas_skipped():
    # 25 and 26 December are TARGET2 closing days, then a weekend: Monday 29 December 2025.
    result = next_representation_date(D(2025, 12, 1), [D(2025, 11, 25)], 5, D(2025, 12, 15))
    assert result == D(2025, 12, 29)


def test_never_before_min_date_or_on_return_day():
    returned = D(2025, 3, 5)
    result = next_representation_date(returned, [D(2025, 2, 5)], 5, D(2025, 3, 1))
    assert result > returned
    assert result == D(2025, 4, 7)


@pytest.mark.parametrize("default_day", range(1, 32))
def test_result_is_target2_day_after_min(default_day):
    min_date = D(2025, 6, 16)
    result = next_representation_date(D(2025, 6, 2), [], default_day, min_date)
    assert result >= min_date
    assert is_target2_day(result)
    assert (result - min_date).days <= 34
