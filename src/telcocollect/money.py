"""Exact conversion of money amounts to and from integer cents.

Bank files carry amounts with two decimals. Binary floats cannot hold most of them exactly
(``int(0.29 * 100)`` is 28), so every amount becomes integer cents before it reaches a file.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

_HUNDRED = Decimal(100)


# ``int`` stays in the signature although ``float`` covers it for type checkers, because an int
# is converted differently (whole units).
def to_cents(value: Decimal | str | int | float) -> int:  # noqa: PYI041
    """Convert an amount in currency units to integer cents, exactly.

    A float goes through ``repr`` (the shortest decimal that round-trips), so ``0.29`` becomes
    29 cents. An ``int`` counts whole units (``3`` is 300 cents). Raises ``ValueError`` naming
    the value when it is not a finite number or has more than two decimals, because rounding
    an amount silently would change what the debtor is charged. Raises ``TypeError`` for a
    boolean or any other type.
    """
    if isinstance(value, bool):
        raise TypeError(f"Invalid amount {value!r}: expected a number, not a boolean")

    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"Invalid amount {value!r}: not a finite number")
        amount = Decimal(repr(value))
    elif isinstance(value, int):
        return value * 100
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"Invalid amount {value!r}: not a decimal number") from None
    else:
        raise TypeError(f"Invalid amount {value!r}: unsupported type {type(value).__name__}")

    if not amount.is_finite():
        raise ValueError(f"Invalid amount {value!r}: not a finite number")

    cents = amount * _HUNDRED
    if cents != cents.to_integral_value():
        raise ValueError(
            f"Invalid amount {value!r}: more than two decimals. Round it to cents before passing it"
        )
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Return ``cents`` as a Decimal amount with exactly two decimals (``1234`` -> ``12.34``)."""
    return Decimal(cents).scaleb(-2)


def format_cents(cents: int) -> str:
    """Format integer cents as the decimal text bank files use: ``"12.34"``, ``"0.05"``."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    return f"{sign}{units}.{rest:02d}"
