"""Dunning rules: which level a customer's overdue debt has reached and what to send next.

Levels are ordered by ``days_after_due`` (then ``sequence``), so "higher" always means "later in
the overdue episode". A level with a negative ``days_after_due`` is a pre-due reminder: it applies
only while the debt is not yet due (``days_overdue <= 0``), so an overdue customer never receives a
reminder written for a debt that is still to fall due.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# Minimum notice before a temporary suspension, in Spanish working days (Real Decreto 899/2009,
# art. 19: at least 15 días hábiles; Sundays and public holidays do not count, Saturdays do).
SUSPENSION_NOTICE_WORKING_DAYS = 15


@dataclass(frozen=True)
class DunningLevel:
    """One step of a dunning policy.

    ``key`` identifies the level across runs (the Odoo addon uses the level's database id), and
    ``min_overdue_cents`` is the overdue total below which the level is not sent.
    """

    sequence: int
    days_after_due: int
    min_overdue_cents: int
    key: str


def _rank(level: DunningLevel) -> tuple[int, int]:
    return (level.days_after_due, level.sequence)


def sort_levels(levels: Iterable[DunningLevel]) -> list[DunningLevel]:
    """Return the levels from the earliest to the latest in an overdue episode."""
    return sorted(levels, key=_rank)


def days_overdue(due_date: date, on_date: date) -> int:
    """Return the days between ``due_date`` and ``on_date``: 0 on the due date, negative before."""
    return (on_date - due_date).days


def reached_level(levels: Iterable[DunningLevel], days_overdue: int) -> DunningLevel | None:
    """Return the highest level whose delay ``days_overdue`` has reached, ignoring amounts.

    Pre-due levels (negative ``days_after_due``) count only while ``days_overdue <= 0``.
    """
    best: DunningLevel | None = None
    for level in sort_levels(levels):
        if level.days_after_due > days_overdue:
            break
        if level.days_after_due < 0 and days_overdue > 0:
            continue
        best = level
    return best


def select_level(
    levels: Iterable[DunningLevel], days_overdue: int, overdue_cents: int
) -> DunningLevel | None:
    """Return the highest level reached, or None when none is reached or its minimum is not met.

    When the overdue total is below the reached level's ``min_overdue_cents`` the customer is
    skipped: a lower level is not sent in its place, because the debt is already past it.
    """
    level = reached_level(levels, days_overdue)
    if level is None or overdue_cents < level.min_overdue_cents:
        return None
    return level


def next_level_to_send(
    levels: Sequence[DunningLevel], reached: DunningLevel | None, last_sent_key: str | None
) -> DunningLevel | None:
    """Return ``reached`` when it is higher than the level last sent in this overdue episode.

    Returns None when nothing is reached or the reached level is the last sent one or lower, so a
    level is never repeated and a communication only follows when the debt climbs a level.
    A ``last_sent_key`` that matches none of ``levels`` (the level was deleted or the customer
    changed policy) does not block ``reached``.
    """
    if reached is None:
        return None
    if last_sent_key is None:
        return reached
    last = next((level for level in levels if level.key == last_sent_key), None)
    if last is None:
        return reached
    if _rank(reached) > _rank(last):
        return reached
    return None


def add_months(day: date, months: int) -> date:
    """Return the same day ``months`` later, clamped to the end of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def earliest_suspension_date(
    notice_date: date,
    oldest_due_date: date,
    working_days_after: Callable[[date, int], date],
    notice_working_days: int = SUSPENSION_NOTICE_WORKING_DAYS,
) -> date:
    """Return the first date on which service may be suspended after a notice sent on ``notice_date``.

    The date is ``notice_working_days`` working days after the notice, moved later when the debt
    due on ``oldest_due_date`` would not yet be more than one calendar month overdue, and always a
    working day. ``working_days_after(start, n)`` must return the n-th working day after ``start``
    (``start`` itself not counted), for example ``spanish_working_days_after`` bound to the
    customer's region.
    """
    if notice_working_days < 1:
        raise ValueError(f"notice_working_days must be at least 1, got {notice_working_days}")
    suspension = working_days_after(notice_date, notice_working_days)

    # "More than one month of delay": the day after the same calendar day one month later.
    first_day_over_a_month = add_months(oldest_due_date, 1) + timedelta(days=1)
    if suspension < first_day_over_a_month:
        # The first working day on or after that date: one working day after the day before it.
        suspension = working_days_after(first_day_over_a_month - timedelta(days=1), 1)
    return suspension
