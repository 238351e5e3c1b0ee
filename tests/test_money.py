"""Tests of exact cents conversion."""

from __future__ import annotations

from decimal import Decimal

import pytest

from telcocollect.money import format_cents, from_cents, to_cents

# Floats whose naive conversion int(x * 100) loses a cent in CPython.
FLOAT_TRAPS = [
    (0.29, 29),
    (0.57, 57),
    (1.15, 115),
    (4.35, 435),
    (1234.5, 123450),
    (526.80, 52680),
    (0.01, 1),
    (98529.87, 9852987),
]


@pytest.mark.parametrize(("value", "cents"), FLOAT_TRAPS)
def test_to_cents_float_traps(value: float, cents: int) -> None:
    assert to_cents(value) == cents


def test_float_traps_break_naive_conversion() -> None:
    naive = [int(value * 100) for value, _cents in FLOAT_TRAPS]
    assert naive != [cents for _value, cents in FLOAT_TRAPS]


@pytest.mark.parametrize(
    ("value", "cents"),
    [
        (Decimal("0.24"), 24),
        (Decimal("1.230"), 123),
        ("0.05", 5),
        (" 1234.50 ", 123450),
        ("-12.34", -1234),
        (3, 300),
        (0, 0),
    ],
)
def test_to_cents_exact_types(value: Decimal | str | int, cents: int) -> None:
    assert to_cents(value) == cents


@pytest.mark.parametrize("value", [0.001, "1.234", Decimal("0.005"), 1e-5])
def test_to_cents_rejects_third_decimal(value: Decimal | str | float) -> None:
    with pytest.raises(ValueError, match="more than two decimals"):
        to_cents(value)


@pytest.mark.parametrize("value", ["abc", "", float("nan"), float("inf"), "NaN"])
def test_to_cents_rejects_non_numbers(value: object) -> None:
    with pytest.raises(ValueError) as raised:
        to_cents(value)  # type: ignore[arg-type]
    assert repr(value) in str(raised.value)


def test_to_cents_rejects_boolean() -> None:
    with pytest.raises(TypeError, match="boolean"):
        to_cents(True)


def test_from_cents_two_decimals() -> None:
    assert from_cents(1234) == Decimal("12.34")
    assert str(from_cents(5)) == "0.05"
    assert str(from_cents(100)) == "1.00"


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (24, "0.24"),
        (5, "0.05"),
        (100, "1.00"),
        (1, "0.01"),
        (123450, "1234.50"),
        (0, "0.00"),
        (-5, "-0.05"),
    ],
)
def test_format_cents(cents: int, text: str) -> None:
    assert format_cents(cents) == text


def test_round_trip_all_small_amounts() -> None:
    for cents in range(10_001):
        assert to_cents(format_cents(cents)) == cents
        assert to_cents(float(format_cents(cents))) == cents
