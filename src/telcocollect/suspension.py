"""Legal checks for the temporary suspension and the definitive interruption of telecom service.

The rules come from Real Decreto 899/2009 (arts. 19, 20 and 23) and Orden PRE/361/2002:

- Suspension needs more than one month of delay after the bill and a prior notice that demands
  payment and states the suspension date, sent at least 15 días hábiles before it. Sundays and
  the public holidays of the customer's place (national, regional and local) are not working
  days; Saturdays are. Suspension never takes effect on a non-working day.
- When only non-voice charges (internet, premium-rate) are unpaid, only those services are
  suspended. Incoming calls (except reverse-charge) and emergency calls stay available.
- When the customer paid the telecom part of a bill that also has non-telecom charges, or the bill
  does not break its charges down, its non-payment cannot lead to suspension.
- Definitive interruption needs more than three months of delay or two earlier suspensions, with
  the same notice.

Service categories are those of the invoice lines: ``voice``, ``data``, ``premium`` and
``non_telecom``; ``None`` is a charge without category.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import holidays

from telcocollect.calendars import _spanish_holidays
from telcocollect.dunning import SUSPENSION_NOTICE_WORKING_DAYS, add_months

VOICE = "voice"
DATA = "data"
PREMIUM = "premium"
NON_TELECOM = "non_telecom"
TELECOM_CATEGORIES = (VOICE, DATA, PREMIUM)
NON_VOICE_CATEGORIES = (DATA, PREMIUM)

SCOPE_PARTIAL = "partial"
SCOPE_FULL = "full"

# Months of delay that must be exceeded before each measure.
SUSPENSION_MIN_MONTHS_OVERDUE = 1
INTERRUPTION_MIN_MONTHS_OVERDUE = 3
INTERRUPTION_MIN_EARLIER_SUSPENSIONS = 2

# Order in which a partial payment is taken to settle a bill's charges: voice first, so that the
# customer keeps the most essential service, and non-telecom charges last, so that a payment
# covering the telecom charges counts as "telecom part paid".
PAYMENT_ALLOCATION_ORDER = (VOICE, DATA, PREMIUM, NON_TELECOM)

# Reason codes returned in ``Reason.code``.
REASON_NOTHING_UNPAID = "nothing_unpaid"
REASON_NO_BREAKDOWN = "no_breakdown"
REASON_TELECOM_PART_PAID = "telecom_part_paid"
REASON_DEPOSIT = "deposit"
REASON_NOT_OVERDUE_ENOUGH = "not_overdue_enough"
REASON_NO_NOTICE = "no_notice"
REASON_NOTICE_WITHOUT_DATE = "notice_without_date"
REASON_NOTICE_TOO_LATE = "notice_too_late"
REASON_BEFORE_STATED_DATE = "before_stated_date"
REASON_NON_WORKING_DAY = "non_working_day"


def _validate_subdiv(subdiv: str | None) -> None:
    subdivisions = holidays.list_supported_countries()["ES"]
    if subdiv is not None and subdiv not in subdivisions:
        known = ", ".join(subdivisions)
        raise ValueError(f"Unknown Spanish subdivision {subdiv!r}: expected one of {known}")


def is_working_day(
    day: dt.date, subdiv: str | None, local_holidays: Iterable[dt.date] = ()
) -> bool:
    """Check whether ``day`` is a Spanish working day (día hábil) in ``subdiv``.

    Sundays, national holidays, the regional holidays of ``subdiv`` (ISO 3166-2:ES community code
    such as ``"CT"`` or ``"MD"``) and ``local_holidays`` are not working days. Saturdays are.
    """
    _validate_subdiv(subdiv)
    if day.weekday() == 6:
        return False
    if day in _spanish_holidays(day.year, subdiv):
        return False
    return day not in set(local_holidays)


def working_days_after(
    start: dt.date, days: int, subdiv: str | None, local_holidays: Iterable[dt.date] = ()
) -> dt.date:
    """Return the date ``days`` working days after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError(f"Invalid number of days {days}: expected 0 or more")
    local = frozenset(local_holidays)
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current, subdiv, local):
            remaining -= 1
    return current


def working_days_between(
    start: dt.date, end: dt.date, subdiv: str | None, local_holidays: Iterable[dt.date] = ()
) -> int:
    """Return the working days after ``start`` up to and including ``end``.

    A notice sent on ``start`` for a suspension on ``end`` has given this many working days of
    notice. The result is 0 when ``end`` is on or before ``start``.
    """
    local = frozenset(local_holidays)
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current, subdiv, local):
            count += 1
    return count


def earliest_suspension_date(
    notice_date: dt.date, subdiv: str | None, local_holidays: Iterable[dt.date] = ()
) -> dt.date:
    """Return the first date a notice sent on ``notice_date`` allows a suspension on.

    It is the 15th working day after the notice, so it is always a working day. The one-month
    delay is checked separately by ``suspension_eligibility``.
    """
    return working_days_after(notice_date, SUSPENSION_NOTICE_WORKING_DAYS, subdiv, local_holidays)


def restoration_due_date(
    payment_known_on: dt.date, subdiv: str | None, local_holidays: Iterable[dt.date] = ()
) -> dt.date:
    """Return the day by whose end service must be restored: the next working day after payment."""
    return working_days_after(payment_known_on, 1, subdiv, local_holidays)


def first_day_over_months(due_date: dt.date, months: int) -> dt.date:
    """Return the first day on which a debt due on ``due_date`` is more than ``months`` overdue."""
    return add_months(due_date, months) + dt.timedelta(days=1)


@dataclass(frozen=True)
class Charge:
    """One charge of a bill: its service category (None when uncategorised) and amount in cents."""

    category: str | None
    amount_cents: int


@dataclass(frozen=True)
class Bill:
    """An unpaid or partly paid bill, with the amounts in cents including taxes.

    ``deposit_cents`` is a disputed amount the customer deposited with the operator or a court.
    """

    reference: str
    due_date: dt.date
    total_cents: int
    residual_cents: int
    charges: tuple[Charge, ...]
    deposit_cents: int = 0


@dataclass(frozen=True)
class Reason:
    """Reason why a bill is left out or a measure is not allowed.

    ``code`` is one of the ``REASON_*`` constants. ``reference`` names the bill concerned, when
    there is one, and ``value`` is the date or number that failed the check, as text.
    """

    code: str
    reference: str | None = None
    value: str | None = None

    def describe(self) -> str:
        """Return an English sentence for logs and tests; the Odoo addon translates codes itself."""
        texts = {
            REASON_NOTHING_UNPAID: "nothing is unpaid",
            REASON_NO_BREAKDOWN: "the bill does not break its charges down by service",
            REASON_TELECOM_PART_PAID: "the telecom part of the bill is paid",
            REASON_DEPOSIT: "the disputed amount was deposited",
            REASON_NOT_OVERDUE_ENOUGH: "no unpaid bill is overdue long enough",
            REASON_NO_NOTICE: "no notice was sent",
            REASON_NOTICE_WITHOUT_DATE: "the notice does not state the date",
            REASON_NOTICE_TOO_LATE: "the notice gave fewer than 15 working days",
            REASON_BEFORE_STATED_DATE: "the date is before the one stated in the notice",
            REASON_NON_WORKING_DAY: "the date is not a working day",
        }
        text = texts.get(self.code, self.code)
        if self.reference:
            text = f"{self.reference}: {text}"
        if self.value:
            text = f"{text} ({self.value})"
        return text


@dataclass(frozen=True)
class Eligibility:
    """Outcome of a legal check.

    ``scope`` is ``"partial"`` (non-voice services only), ``"full"`` or None when the measure is
    not allowed. ``reasons`` lists the bills left out and, when ``scope`` is None, what blocks the
    measure. ``basis`` names the bills that justify it, and ``unpaid_categories`` the telecom
    categories still unpaid on them.
    """

    scope: str | None
    reasons: tuple[Reason, ...] = ()
    basis: tuple[str, ...] = ()
    unpaid_categories: frozenset[str] = field(default_factory=frozenset)

    @property
    def allowed(self) -> bool:
        return self.scope is not None


def unpaid_categories(bill: Bill) -> frozenset[str]:
    """Return the categories of ``bill`` whose charges are not fully paid.

    The amount paid (total minus residual) settles the charges in ``PAYMENT_ALLOCATION_ORDER``.
    Uncategorised charges are settled last and never reported.
    """
    paid = bill.total_cents - bill.residual_cents
    unpaid: set[str] = set()
    ordered = sorted(
        bill.charges,
        key=lambda charge: PAYMENT_ALLOCATION_ORDER.index(charge.category)
        if charge.category in PAYMENT_ALLOCATION_ORDER
        else len(PAYMENT_ALLOCATION_ORDER),
    )
    for charge in ordered:
        settled = min(paid, charge.amount_cents)
        paid -= settled
        if settled < charge.amount_cents and charge.category is not None:
            unpaid.add(charge.category)
    return frozenset(unpaid)


def _bill_exclusion(bill: Bill, deposit_blocks: bool) -> tuple[Reason | None, frozenset[str]]:
    """Return why ``bill`` cannot support a measure (or None) and its unpaid telecom categories."""
    if bill.residual_cents <= 0:
        return Reason(REASON_NOTHING_UNPAID, bill.reference), frozenset()
    if not bill.charges or any(charge.category is None for charge in bill.charges):
        return Reason(REASON_NO_BREAKDOWN, bill.reference), frozenset()
    if deposit_blocks and bill.deposit_cents > 0:
        return Reason(REASON_DEPOSIT, bill.reference), frozenset()
    telecom_unpaid = unpaid_categories(bill) & frozenset(TELECOM_CATEGORIES)
    if not telecom_unpaid:
        # Only non-telecom charges are left: the customer paid the telecom part.
        return Reason(REASON_TELECOM_PART_PAID, bill.reference), frozenset()
    return None, telecom_unpaid


def _notice_reasons(
    notice_date: dt.date | None,
    stated_date: dt.date | None,
    measure_date: dt.date,
    subdiv: str | None,
    local_holidays: frozenset[dt.date],
) -> list[Reason]:
    reasons: list[Reason] = []
    if not is_working_day(measure_date, subdiv, local_holidays):
        reasons.append(Reason(REASON_NON_WORKING_DAY, value=measure_date.isoformat()))
    if notice_date is None:
        reasons.append(Reason(REASON_NO_NOTICE))
        return reasons
    if stated_date is None:
        reasons.append(Reason(REASON_NOTICE_WITHOUT_DATE))
    elif measure_date < stated_date:
        reasons.append(Reason(REASON_BEFORE_STATED_DATE, value=stated_date.isoformat()))
    notice_days = working_days_between(notice_date, measure_date, subdiv, local_holidays)
    if notice_days < SUSPENSION_NOTICE_WORKING_DAYS:
        reasons.append(Reason(REASON_NOTICE_TOO_LATE, value=str(notice_days)))
    return reasons


def _check(
    bills: Sequence[Bill],
    measure_date: dt.date,
    notice_date: dt.date | None,
    stated_date: dt.date | None,
    subdiv: str | None,
    local_holidays: Iterable[dt.date],
    deposit_blocks: bool,
    min_months_overdue: int | None,
) -> Eligibility:
    local = frozenset(local_holidays)
    reasons: list[Reason] = []
    basis: list[str] = []
    categories: set[str] = set()
    too_recent = 0
    for bill in bills:
        exclusion, bill_categories = _bill_exclusion(bill, deposit_blocks)
        if exclusion is not None:
            if exclusion.code != REASON_NOTHING_UNPAID:
                reasons.append(exclusion)
            continue
        first_allowed = bill.due_date + dt.timedelta(days=1)
        if min_months_overdue is not None:
            first_allowed = first_day_over_months(bill.due_date, min_months_overdue)
        if measure_date < first_allowed:
            # A recent bill neither supports the measure nor widens its scope.
            too_recent += 1
            continue
        basis.append(bill.reference)
        categories |= bill_categories

    blocking = _notice_reasons(notice_date, stated_date, measure_date, subdiv, local)
    if all(bill.residual_cents <= 0 for bill in bills):
        blocking.append(Reason(REASON_NOTHING_UNPAID))
    elif not basis and too_recent:
        blocking.append(Reason(REASON_NOT_OVERDUE_ENOUGH, value=str(min_months_overdue or 0)))

    reasons.extend(blocking)
    if blocking or not basis:
        return Eligibility(None, tuple(reasons), tuple(basis), frozenset(categories))
    scope = SCOPE_FULL if VOICE in categories else SCOPE_PARTIAL
    return Eligibility(scope, tuple(reasons), tuple(basis), frozenset(categories))


def suspension_eligibility(
    bills: Sequence[Bill],
    suspension_date: dt.date,
    notice_date: dt.date | None,
    stated_date: dt.date | None,
    subdiv: str | None,
    local_holidays: Iterable[dt.date] = (),
    deposit_blocks: bool = True,
) -> Eligibility:
    """Check whether service may be suspended on ``suspension_date`` and for which services.

    ``notice_date`` is when the notice demanding payment was sent and ``stated_date`` the
    suspension date it stated. A bill supports the suspension when it is more than one month
    overdue on ``suspension_date``, breaks its charges down by category, still has telecom
    charges unpaid and, when ``deposit_blocks``, has no deposited disputed amount. The scope is
    ``"partial"`` when no voice charge is unpaid on those bills, else ``"full"``.
    """
    return _check(
        bills, suspension_date, notice_date, stated_date, subdiv, local_holidays,
        deposit_blocks, SUSPENSION_MIN_MONTHS_OVERDUE,
    )


def interruption_eligibility(
    bills: Sequence[Bill],
    interruption_date: dt.date,
    notice_date: dt.date | None,
    stated_date: dt.date | None,
    earlier_suspensions: int,
    subdiv: str | None,
    local_holidays: Iterable[dt.date] = (),
    deposit_blocks: bool = True,
) -> Eligibility:
    """Check whether service may be definitively interrupted on ``interruption_date``.

    Same checks as ``suspension_eligibility``, but a bill must be more than three months overdue,
    unless the customer already had ``earlier_suspensions`` of at least two, in which case any
    overdue bill with unpaid telecom charges supports the interruption.
    """
    if earlier_suspensions < 0:
        raise ValueError(f"Invalid earlier_suspensions {earlier_suspensions}: expected 0 or more")
    min_months: int | None = INTERRUPTION_MIN_MONTHS_OVERDUE
    if earlier_suspensions >= INTERRUPTION_MIN_EARLIER_SUSPENSIONS:
        min_months = None
    return _check(
        bills, interruption_date, notice_date, stated_date, subdiv, local_holidays,
        deposit_blocks, min_months,
    )
