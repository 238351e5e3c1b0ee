"""Dates for presenting a returned direct debit again (re-presentation).

A debit returned for insufficient funds (AM04) or without a reason (MS03) is usually collected
at the second attempt when it reaches the debtor's account just after the debtor's payday.
The payday is learned from the days of the month on which the debtor's earlier debits were
collected without a return. Without such history a configured day of the month is used.

The earliest allowed date (``min_date``) is the caller's business: it must already include the
pre-notification period and the lead time of the creditor's bank. The date returned here is
always a TARGET2 business day on or after it, so the debit can reach the debtor's bank by D-1.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable

from telcocollect.calendars import adjust_collection_date


def _check_day_of_month(day: int) -> None:
    if not 1 <= day <= 31:
        raise ValueError(f"Invalid day of the month {day}: expected a number from 1 to 31")


def preferred_collection_day(
    successful_collection_dates: Iterable[dt.date], default_day: int
) -> int:
    """Return the day of the month on which the debtor's debits usually succeed.

    This is the most common day of the month among ``successful_collection_dates``. When
    several days are equally common, the day of the most recent of those collections wins,
    because a changed payday shows first in the latest debits. Without any date the result is
    ``default_day``.
    """
    _check_day_of_month(default_day)
    dates = sorted(successful_collection_dates)
    if not dates:
        return default_day
    counts = Counter(d.day for d in dates)
    highest = max(counts.values())
    for d in reversed(dates):
        if counts[d.day] == highest:
            return d.day
    return default_day  # pragma: no cover - the loop always returns


def _on_day(year: int, month: int, day: int) -> dt.date:
    """Return ``day`` of the month, or the month's last day when the month is shorter."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def next_representation_date(
    returned_on: dt.date,
    successful_collection_dates: Iterable[dt.date],
    default_day: int,
    min_date: dt.date,
) -> dt.date:
    """Return the collection date for presenting a returned debit again.

    The result is the first occurrence of the debtor's payday (see
    ``preferred_collection_day``) that is after ``returned_on`` and on or after ``min_date``.
    A payday of 29 to 31 falls on the last day of shorter months. When that date is not a
    TARGET2 business day it moves to the next one.

    Raises ValueError when ``default_day`` is not a day of the month.
    """
    payday = preferred_collection_day(successful_collection_dates, default_day)
    earliest = max(min_date, returned_on + dt.timedelta(days=1))

    candidate = _on_day(earliest.year, earliest.month, payday)
    if candidate < earliest:
        next_month = earliest.replace(day=1) + dt.timedelta(days=32)
        candidate = _on_day(next_month.year, next_month.month, payday)

    collection_date, _moved = adjust_collection_date(candidate)
    return collection_date
