"""Business-day calendars for collection dates and legal notice periods.

TARGET2 closing days come from ``holidays.financial_holidays("ECB")`` (New Year's Day, Good
Friday, Easter Monday, 1 May, 25 and 26 December) plus weekends. Spanish working days
("días hábiles") come from ``holidays.country_holidays("ES")``: Sundays and national or regional holidays do
not count, Saturdays do.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _target2_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.financial_holidays("ECB", years=year).keys())


@lru_cache(maxsize=256)
def _spanish_holidays(year: int, subdiv: str | None) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("ES", subdiv=subdiv, years=year).keys())


def is_target2_day(d: dt.date) -> bool:
    """Check whether TARGET2 is open on ``d`` (a weekday that is not a TARGET2 holiday)."""
    return d.weekday() < 5 and d not in _target2_holidays(d.year)


def next_target2_day(d: dt.date) -> dt.date:
    """Return the first TARGET2 day strictly after ``d``."""
    candidate = d + dt.timedelta(days=1)
    while not is_target2_day(candidate):
        candidate += dt.timedelta(days=1)
    return candidate


def adjust_collection_date(d: dt.date) -> tuple[dt.date, bool]:
    """Move a collection date to the first TARGET2 day on or after ``d``.

    Returns ``(date, moved)``, where ``moved`` is True when ``d`` was a closing day.
    """
    if is_target2_day(d):
        return d, False
    return next_target2_day(d), True


def earliest_collection_date(now: dt.datetime, cutoff: dt.time, lead_days: int) -> dt.date:
    """Return the earliest collection date for a remittance sent to the bank at ``now``.

    ``now`` and ``cutoff`` are in the creditor bank's local time. A file sent on a TARGET2
    day before ``cutoff`` counts as presented that day. Otherwise it counts as presented on
    the next TARGET2 day. The collection date is then ``lead_days`` TARGET2 days after the
    presentation day. ``lead_days`` is at least 1 because the collection must reach the
    debtor's bank by D-1; banks that need more time set a larger value.
    """
    if lead_days < 1:
        raise ValueError(
            f"Invalid lead_days {lead_days}: collections reach the debtor bank by D-1, so at "
            "least 1 TARGET2 day is needed"
        )
    presented = now.date()
    if not is_target2_day(presented) or now.time() >= cutoff:
        presented = next_target2_day(presented)

    collection = presented
    for _ in range(lead_days):
        collection = next_target2_day(collection)
    return collection


def spanish_working_days_after(start: dt.date, days: int, subdiv: str | None) -> dt.date:
    """Return the date ``days`` Spanish working days after ``start``.

    ``start`` itself does not count. Sundays and the national holidays, plus the regional ones
    of ``subdiv`` (an ISO 3166-2 code known to the ``holidays`` package, such as ``"MD"`` or
    ``"CT"``), do not count; Saturdays do. Local (municipal) holidays are not included.
    """
    if days < 0:
        raise ValueError(f"Invalid number of days {days}: expected 0 or more")
    subdivisions = holidays.list_supported_countries()["ES"]
    if subdiv is not None and subdiv not in subdivisions:
        known = ", ".join(subdivisions)
        raise ValueError(f"Unknown Spanish subdivision {subdiv!r}: expected one of {known}")

    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() == 6 or current in _spanish_holidays(current.year, subdiv):
            continue
        remaining -= 1
    return current
