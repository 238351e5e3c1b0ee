"""Suspension and interruption rules, with the 2026 holidays of Catalonia, Madrid and the Basque Country."""

from __future__ import annotations

import datetime as dt

import pytest

from telcocollect.suspension import (
    REASON_BEFORE_STATED_DATE,
    REASON_DEPOSIT,
    REASON_NO_BREAKDOWN,
    REASON_NO_NOTICE,
    REASON_NON_WORKING_DAY,
    REASON_NOT_OVERDUE_ENOUGH,
    REASON_NOTHING_UNPAID,
    REASON_NOTICE_TOO_LATE,
    REASON_NOTICE_WITHOUT_DATE,
    REASON_TELECOM_PART_PAID,
    SCOPE_FULL,
    SCOPE_PARTIAL,
    Bill,
    Charge,
    earliest_suspension_date,
    interruption_eligibility,
    is_working_day,
    restoration_due_date,
    suspension_eligibility,
    unpaid_categories,
    working_days_after,
    working_days_between,
)

D = dt.date
NOTICE = D(2026, 9, 1)  # Tuesday
MADRID_DATE = D(2026, 9, 18)  # 15th working day after NOTICE in Madrid
CATALONIA_DATE = D(2026, 9, 19)  # 15th in Catalonia: Friday 11 September is a holiday there
DUE = D(2026, 7, 31)


def bill(
    reference: str = "INV/1",
    due: dt.date = DUE,
    charges: tuple[tuple[str | None, int], ...] = (("voice", 2000), ("data", 1000)),
    residual: int | None = None,
    deposit: int = 0,
) -> Bill:
    total = sum(amount for _category, amount in charges)
    return Bill(
        reference=reference,
        due_date=due,
        total_cents=total,
        residual_cents=total if residual is None else residual,
        charges=tuple(Charge(category, amount) for category, amount in charges),
        deposit_cents=deposit,
    )


def codes(result) -> list[str]:
    return [reason.code for reason in result.reasons]


@pytest.mark.parametrize(
    ("day", "subdiv", "expected"),
    [
        (D(2026, 9, 5), "MD", True),  # Saturday
        (D(2026, 9, 6), "MD", False),  # Sunday
        (D(2026, 9, 11), "CT", False),  # Diada
        (D(2026, 9, 11), "MD", True),
        (D(2026, 5, 2), "MD", False),  # Madrid Day, a Saturday
        (D(2026, 3, 19), "PV", False),  # Saint Joseph in the Basque Country
        (D(2026, 3, 19), "CT", True),
        (D(2026, 10, 12), None, False),  # national holiday
    ],
)
def test_is_working_day(day: dt.date, subdiv: str | None, expected: bool) -> None:
    assert is_working_day(day, subdiv) is expected


def test_is_working_day_local_holiday() -> None:
    assert is_working_day(D(2026, 9, 15), "MD")
    assert not is_working_day(D(2026, 9, 15), "MD", [D(2026, 9, 15)])


def test_is_working_day_unknown_subdiv() -> None:
    with pytest.raises(ValueError, match="XX"):
        is_working_day(D(2026, 9, 15), "XX")


def test_earliest_suspension_date_by_region() -> None:
    assert earliest_suspension_date(NOTICE, "MD") == MADRID_DATE
    assert earliest_suspension_date(NOTICE, "CT") == CATALONIA_DATE


def test_earliest_suspension_date_local_holiday() -> None:
    assert earliest_suspension_date(NOTICE, "MD", [D(2026, 9, 15)]) == D(2026, 9, 19)


def test_working_days_between_boundary() -> None:
    assert working_days_between(NOTICE, MADRID_DATE, "MD") == 15
    assert working_days_between(NOTICE, MADRID_DATE, "CT") == 14
    assert working_days_between(NOTICE, NOTICE, "MD") == 0
    assert working_days_between(MADRID_DATE, NOTICE, "MD") == 0


def test_working_days_after_matches_between() -> None:
    for subdiv in ("CT", "MD", "PV"):
        end = working_days_after(D(2026, 3, 10), 15, subdiv)
        assert working_days_between(D(2026, 3, 10), end, subdiv) == 15


def test_restoration_due_over_weekend() -> None:
    # Paid on Saturday 5 December 2026: Sunday does not count, Monday 7 is a holiday in Madrid
    # but not in Catalonia, Tuesday 8 is national.
    assert restoration_due_date(D(2026, 12, 5), "CT") == D(2026, 12, 7)
    assert restoration_due_date(D(2026, 12, 5), "MD") == D(2026, 12, 9)
    # Paid on Friday: Saturday is a working day.
    assert restoration_due_date(D(2026, 9, 4), "MD") == D(2026, 9, 5)


def test_unpaid_categories_voice_paid_first() -> None:
    partly_paid = bill(residual=1000)
    assert unpaid_categories(partly_paid) == frozenset({"data"})
    assert unpaid_categories(bill()) == frozenset({"voice", "data"})


def test_suspension_full_when_voice_unpaid() -> None:
    result = suspension_eligibility([bill()], MADRID_DATE, NOTICE, MADRID_DATE, "MD")
    assert result.allowed
    assert result.scope == SCOPE_FULL
    assert result.basis == ("INV/1",)
    assert result.reasons == ()


def test_suspension_partial_when_only_non_voice_unpaid() -> None:
    only_data = bill(charges=(("voice", 2000), ("data", 1000), ("premium", 500)), residual=1500)
    result = suspension_eligibility([only_data], MADRID_DATE, NOTICE, MADRID_DATE, "MD")
    assert result.scope == SCOPE_PARTIAL
    assert result.unpaid_categories == frozenset({"data", "premium"})


def test_suspension_notice_boundary() -> None:
    # On the 15th working day it is allowed; the day before it is not.
    allowed = suspension_eligibility([bill()], MADRID_DATE, NOTICE, MADRID_DATE, "MD")
    early = suspension_eligibility([bill()], D(2026, 9, 17), NOTICE, D(2026, 9, 17), "MD")
    assert allowed.allowed
    assert not early.allowed
    assert codes(early) == [REASON_NOTICE_TOO_LATE]
    assert early.reasons[0].value == "14"


def test_suspension_notice_boundary_regional() -> None:
    # Same dates, but in Catalonia 18 September is only the 14th working day.
    result = suspension_eligibility([bill()], MADRID_DATE, NOTICE, MADRID_DATE, "CT")
    assert not result.allowed
    assert codes(result) == [REASON_NOTICE_TOO_LATE]
    catalonia = suspension_eligibility([bill()], CATALONIA_DATE, NOTICE, CATALONIA_DATE, "CT")
    assert catalonia.allowed


def test_suspension_on_sunday_rejected() -> None:
    sunday = D(2026, 9, 20)
    result = suspension_eligibility([bill()], sunday, NOTICE, MADRID_DATE, "MD")
    assert not result.allowed
    assert codes(result) == [REASON_NON_WORKING_DAY]


def test_suspension_on_regional_holiday_rejected() -> None:
    notice = D(2026, 8, 20)
    diada = D(2026, 9, 11)
    catalonia = suspension_eligibility([bill()], diada, notice, diada, "CT")
    madrid = suspension_eligibility([bill()], diada, notice, diada, "MD")
    assert codes(catalonia) == [REASON_NON_WORKING_DAY]
    assert madrid.allowed


def test_suspension_on_local_holiday_rejected() -> None:
    result = suspension_eligibility(
        [bill()], D(2026, 9, 22), NOTICE, MADRID_DATE, "MD", [D(2026, 9, 22)])
    assert codes(result) == [REASON_NON_WORKING_DAY]


def test_suspension_needs_notice() -> None:
    result = suspension_eligibility([bill()], MADRID_DATE, None, None, "MD")
    assert codes(result) == [REASON_NO_NOTICE]


def test_suspension_notice_must_state_date() -> None:
    result = suspension_eligibility([bill()], MADRID_DATE, NOTICE, None, "MD")
    assert codes(result) == [REASON_NOTICE_WITHOUT_DATE]


def test_suspension_not_before_stated_date() -> None:
    result = suspension_eligibility([bill()], MADRID_DATE, NOTICE, D(2026, 9, 21), "MD")
    assert codes(result) == [REASON_BEFORE_STATED_DATE]


def test_suspension_needs_more_than_one_month() -> None:
    # Due 18 August: on 18 September it is exactly one month overdue, not more.
    recent = bill(due=D(2026, 8, 18))
    on_month = suspension_eligibility([recent], MADRID_DATE, NOTICE, MADRID_DATE, "MD")
    day_after = suspension_eligibility([recent], D(2026, 9, 19), NOTICE, MADRID_DATE, "MD")
    assert codes(on_month) == [REASON_NOT_OVERDUE_ENOUGH]
    assert day_after.allowed


def test_recent_bill_does_not_widen_scope() -> None:
    old_data = bill("INV/1", charges=(("voice", 2000), ("data", 1000)), residual=1000)
    recent_voice = bill("INV/2", due=D(2026, 9, 1), charges=(("voice", 2000),))
    result = suspension_eligibility(
        [old_data, recent_voice], MADRID_DATE, NOTICE, MADRID_DATE, "MD")
    assert result.scope == SCOPE_PARTIAL
    assert result.basis == ("INV/1",)


def test_mixed_bill_telecom_paid_blocked() -> None:
    mixed = bill(charges=(("voice", 2000), ("non_telecom", 1500)), residual=1500)
    result = suspension_eligibility([mixed], MADRID_DATE, NOTICE, MADRID_DATE, "MD")
    assert not result.allowed
    assert codes(result) == [REASON_TELECOM_PART_PAID]
    assert result.reasons[0].reference == "INV/1"


def test_mixed_bill_telecom_unpaid_allowed() -> None:
    mixed = bill(charges=(("voice", 2000), ("non_telecom", 1500)), residual=2000)
    result = suspension_eligibility([mixed], MADRID_DATE, NOTICE, MADRID_DATE, "MD")
    assert result.scope == SCOPE_FULL


def test_bill_without_breakdown_blocked() -> None:
    lump = bill(charges=((None, 3000),))
    half = bill("INV/2", charges=(("voice", 2000), (None, 1000)))
    result = suspension_eligibility([lump, half], MADRID_DATE, NOTICE, MADRID_DATE, "MD")
    assert not result.allowed
    assert codes(result) == [REASON_NO_BREAKDOWN, REASON_NO_BREAKDOWN]


def test_excluded_bill_leaves_others() -> None:
    lump = bill("INV/1", charges=((None, 3000),))
    itemised = bill("INV/2")
    result = suspension_eligibility([lump, itemised], MADRID_DATE, NOTICE, MADRID_DATE, "MD")
    assert result.scope == SCOPE_FULL
    assert result.basis == ("INV/2",)
    assert codes(result) == [REASON_NO_BREAKDOWN]


def test_deposit_setting_both_ways() -> None:
    deposited = bill(deposit=3000)
    blocked = suspension_eligibility(
        [deposited], MADRID_DATE, NOTICE, MADRID_DATE, "MD", deposit_blocks=True)
    allowed = suspension_eligibility(
        [deposited], MADRID_DATE, NOTICE, MADRID_DATE, "MD", deposit_blocks=False)
    assert codes(blocked) == [REASON_DEPOSIT]
    assert allowed.scope == SCOPE_FULL


def test_paid_bills_nothing_unpaid() -> None:
    result = suspension_eligibility([bill(residual=0)], MADRID_DATE, NOTICE, MADRID_DATE, "MD")
    assert codes(result) == [REASON_NOTHING_UNPAID]
    assert codes(suspension_eligibility([], MADRID_DATE, NOTICE, MADRID_DATE, "MD")) == [
        REASON_NOTHING_UNPAID]


def test_interruption_after_three_months() -> None:
    due = D(2026, 6, 17)
    notice = D(2026, 8, 31)
    exactly = interruption_eligibility([bill(due=due)], D(2026, 9, 17), notice, D(2026, 9, 17), 0, "MD")
    over = interruption_eligibility([bill(due=due)], D(2026, 9, 18), notice, D(2026, 9, 17), 0, "MD")
    assert codes(exactly) == [REASON_NOT_OVERDUE_ENOUGH]
    assert over.scope == SCOPE_FULL


def test_interruption_after_two_suspensions() -> None:
    recent = bill(due=D(2026, 8, 20))
    one = interruption_eligibility([recent], MADRID_DATE, NOTICE, MADRID_DATE, 1, "MD")
    two = interruption_eligibility([recent], MADRID_DATE, NOTICE, MADRID_DATE, 2, "MD")
    assert codes(one) == [REASON_NOT_OVERDUE_ENOUGH]
    assert two.scope == SCOPE_FULL


def test_interruption_needs_same_notice() -> None:
    old = bill(due=D(2026, 1, 31))
    result = interruption_eligibility([old], MADRID_DATE, D(2026, 9, 10), MADRID_DATE, 2, "CT")
    assert codes(result) == [REASON_NOTICE_TOO_LATE]
    sunday = interruption_eligibility([old], D(2026, 9, 20), NOTICE, MADRID_DATE, 2, "MD")
    assert codes(sunday) == [REASON_NON_WORKING_DAY]


def test_interruption_rejects_negative_count() -> None:
    with pytest.raises(ValueError, match="-1"):
        interruption_eligibility([bill()], MADRID_DATE, NOTICE, MADRID_DATE, -1, "MD")


def test_reason_describe() -> None:
    result = suspension_eligibility([bill()], D(2026, 9, 17), NOTICE, MADRID_DATE, "MD")
    assert [reason.describe() for reason in result.reasons] == [
        "the date is before the one stated in the notice (2026-09-18)",
        "the notice gave fewer than 15 working days (14)",
    ]
