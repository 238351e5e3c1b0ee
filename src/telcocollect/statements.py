"""Bank statements read from AEB Norma 43 and ISO 20022 camt.053 files.

Both parsers (``telcocollect.aeb.norma43.parse`` and ``telcocollect.sepa.camt053.parse``)
return the same frozen dataclasses, so the caller imports either format the same way.
Amounts are integer cents; a credit to the account is positive and a debit negative.

The fingerprints below let an importer detect a file, or a line, that was imported before.
Two lines of one statement with the same content (same dates, amount, concepts, references
and texts) are real, separate movements: a bank charges the same fee twice on the same day.
Each such line gets its occurrence index among the identical lines of its statement, so the
fingerprints of the two differ while re-importing the file yields the same fingerprints again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Literal

StatementFormat = Literal["norma43", "camt.053"]

# Separator between hashed fields: a control character that no bank text field contains, so
# ("ab", "c") and ("a", "bc") never hash alike.
_FIELD_SEPARATOR = "\x1f"


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One movement of a bank statement.

    ``amount_cents`` is signed: positive for a credit to the account, negative for a debit.
    ``common_concept`` is the Norma 43 two-digit concept ('14' marks returns and unpaid
    items) and stays None for camt.053. ``source_line`` is the 1-based line of the file where
    the movement starts (record 22, or the ``<Ntry>`` element).
    """

    booking_date: date
    value_date: date
    amount_cents: int
    common_concept: str | None = None
    own_concept: str | None = None
    document_number: str | None = None
    reference1: str | None = None
    reference2: str | None = None
    texts: tuple[str, ...] = ()
    end_to_end_id: str | None = None
    mandate_id: str | None = None
    creditor_id: str | None = None
    counterparty_name: str | None = None
    counterparty_iban: str | None = None
    bank_transaction_code: str | None = None
    return_reason: str | None = None
    source_line: int = 0
    proprietary_bank_transaction_code: str | None = None
    original_currency: str | None = None
    original_amount_cents: int | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """The movements of one account over one period, with its opening and closing balances.

    ``account_key`` identifies the account inside the file. For Norma 43 it is the 18 digits
    of bank, branch and account number. For camt.053 it is the IBAN, or the other account id
    when the file has no IBAN. ``warnings`` lists the anomalies that did not stop the import.
    """

    account_iban: str | None
    account_key: str
    currency: str
    start_date: date
    end_date: date
    opening_balance_cents: int
    closing_balance_cents: int
    lines: tuple[StatementLine, ...]
    warnings: tuple[str, ...]
    format: StatementFormat
    statement_id: str


def _digest(parts: list[str]) -> str:
    return hashlib.sha256(_FIELD_SEPARATOR.join(parts).encode("utf-8")).hexdigest()


def _optional(value: str | None) -> str:
    return "" if value is None else value


def _line_content(line: StatementLine) -> list[str]:
    """Fields that identify a movement: everything but its position in the file."""
    return [
        line.booking_date.isoformat(),
        line.value_date.isoformat(),
        str(line.amount_cents),
        _optional(line.common_concept),
        _optional(line.own_concept),
        _optional(line.document_number),
        _optional(line.reference1),
        _optional(line.reference2),
        "\x1e".join(line.texts),
        _optional(line.end_to_end_id),
        _optional(line.mandate_id),
        _optional(line.creditor_id),
        _optional(line.counterparty_name),
        _optional(line.counterparty_iban),
        _optional(line.bank_transaction_code),
        _optional(line.return_reason),
    ]


def line_fingerprint(account_key: str, line: StatementLine, occurrence: int) -> str:
    """Return a SHA-256 hex digest that identifies ``line`` of the account ``account_key``.

    ``occurrence`` is the 0-based index of the line among the lines of its statement that
    have the same content; ``statement_line_fingerprints`` computes it.
    """
    if occurrence < 0:
        raise ValueError(f"occurrence must be 0 or more, got {occurrence}")
    return _digest(["line", account_key, *_line_content(line), str(occurrence)])


def statement_line_fingerprints(statement: Statement) -> tuple[str, ...]:
    """Return the fingerprint of every line of ``statement``, in the order of its lines."""
    seen: dict[tuple[str, ...], int] = {}
    fingerprints: list[str] = []
    for line in statement.lines:
        content = tuple(_line_content(line))
        occurrence = seen.get(content, 0)
        seen[content] = occurrence + 1
        fingerprints.append(line_fingerprint(statement.account_key, line, occurrence))
    return tuple(fingerprints)


def statement_fingerprint(statement: Statement) -> str:
    """Return a SHA-256 hex digest of the account, period, balances and lines of ``statement``.

    The digest leaves out the file format, the statement id and the warnings, so the same
    statement delivered again gives the same fingerprint.
    """
    return _digest(
        [
            "statement",
            statement.account_key,
            statement.currency,
            statement.start_date.isoformat(),
            statement.end_date.isoformat(),
            str(statement.opening_balance_cents),
            str(statement.closing_balance_cents),
            *statement_line_fingerprints(statement),
        ]
    )
