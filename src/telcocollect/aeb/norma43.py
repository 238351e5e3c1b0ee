"""Parser of AEB Norma 43 (Cuaderno 43) bank statements.

Source: AEB "Información normalizada de cuenta corriente", Serie normas y procedimientos
bancarios nº 43, June 2012 (annex 1 for the records, annex 4 for the SEPA data of the third
modality). Positions below are 1-based and inclusive; every record has 80 characters.

Records read:

| record | positions | field |
| --- | --- | --- |
| 11 account header | 3-6, 7-10, 11-20 | bank, branch, account number |
| | 21-26, 27-32 | start date, end date (YYMMDD) |
| | 33, 34-47 | opening balance sign (1 debit, 2 credit), opening balance (12+2 digits) |
| | 48-50, 51, 52-77 | currency (ISO 4217 numeric), information modality (1-3), account name |
| 22 movement | 7-10, 11-16, 17-22 | branch of origin, booking date, value date |
| | 23-24, 25-27 | common concept, own (bank) concept |
| | 28, 29-42 | debit/credit flag (1 debit, 2 credit), amount (12+2 digits) |
| | 43-52, 53-64, 65-80 | document number, reference 1, reference 2 |
| 23 complementary concept | 3-4, 5-42, 43-80 | data code (01-05), concept 1, concept 2 |
| 24 equivalence | 3-4, 5-7, 8-21 | data code 01, original currency, original amount |
| 33 account totals | 3-20 | bank, branch and account, as in record 11 |
| | 21-25, 26-39 | number of debits, total of debits |
| | 40-44, 45-58 | number of credits, total of credits |
| | 59, 60-73, 74-76 | final balance sign, final balance, currency |
| 88 end of file | 3-20, 21-26 | nines, number of records |

SEPA data in the complementary records of the third modality is defined in annex 4 of the
same norm. The positions below follow the csb43 library by wmj.py (modules ``sepa_debit`` and
``sepa_transfer``, LGPL-3.0), which implements that annex.
NOTE: they were not checked against the text of annex 4 itself, nor against a bank's file.

| record | SEPA direct debit (annex 4 section 2) |
| --- | --- |
| 2301 | 5-8 scheme CORE or B2B (AT-20), 9-78 creditor name (AT-03) |
| 2302 | 5-39 creditor identifier (AT-02), 40-74 mandate reference (AT-01) |
| 2303 | 5-8 purpose (AT-58), 9-12 category purpose (AT-59), 13-80 remittance information (AT-22) |
| 2304 | 5-76 remittance information, continued |
| 2305 | 5-39 creditor reference, which is the end-to-end id (AT-10), 40-80 debtor name (AT-14) |

| record | SEPA credit transfer (annex 4 section 1) |
| --- | --- |
| 2301 | 5-70 originator name (AT-02), 71-80 originator code |
| 2302 | 5-39 originator reference, which is the end-to-end id (AT-41), 40-80 on behalf of (AT-08) |
| 2303, 2304 | as for the direct debit |
| 2305 | 5-80 free text for the beneficiary |

How this parser applies it: a movement of a modality 3 account is read as a SEPA direct debit
when its record 2301 starts with the scheme code CORE or B2B and it has a record 2302. It is
read as a SEPA credit transfer when it has all five records 2301-2305 and its common concept
is 02 (credits), 04 (transfers) or 15 (payroll). Every other movement keeps the text of its
record 23 as two 38-character concepts each. Annex 4 carries no return reason code, so
``return_reason`` stays None: returns are the movements with common concept 14.

Not in the norm, but handled:

* files in UTF-8 with or without a byte order mark (decoded as UTF-8 when they are valid
  UTF-8, else as ISO-8859-1);
* LF or CRLF line ends, and lines shorter than 80 characters (padded with spaces);
* a record 88 that counts itself, and a trailing DOS end-of-file character (0x1A).

Norma 43 carries no IBAN. ``Statement.account_iban`` is computed from bank, branch and
account number, because the two Spanish CCC check digits and the IBAN check digits follow from
them (``stdnum.es.ccc``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from stdnum.es import ccc

from telcocollect.errors import FormatError
from telcocollect.money import format_cents
from telcocollect.statements import Statement, StatementLine

RECORD_LENGTH = 80

# Record length below which a mandatory field is missing (FormatError), and below which an
# optional fixed-width field is cut (warning). Free text fields may end early without notice.
_REQUIRED_LENGTH = {"11": 51, "22": 42, "23": 4, "24": 21, "33": 73, "88": 26}
_COMPLETE_LENGTH = {"11": 51, "22": 52, "23": 4, "24": 21, "33": 76, "88": 26}

# ISO 4217 numeric codes of the currencies Spanish banks keep accounts in.
_CURRENCY_BY_NUMBER = {
    "036": "AUD", "124": "CAD", "156": "CNY", "203": "CZK", "208": "DKK", "348": "HUF",
    "392": "JPY", "484": "MXN", "504": "MAD", "554": "NZD", "578": "NOK", "752": "SEK",
    "756": "CHF", "826": "GBP", "840": "USD", "946": "RON", "949": "TRY", "975": "BGN",
    "978": "EUR", "985": "PLN", "986": "BRL",
}

_SEPA_SCHEMES = {"CORE", "B2B"}
_TRANSFER_CONCEPTS = {"02", "04", "15"}

# At most this many warnings of one kind are listed; the rest are counted.
_WARNINGS_PER_KIND = 5


class _Warnings:
    """Warnings of one file or account, listed at most five times per kind and then counted."""

    def __init__(self) -> None:
        self._messages: list[str] = []
        self._counts: dict[str, int] = {}

    def add(self, kind: str, message: str) -> None:
        count = self._counts.get(kind, 0) + 1
        self._counts[kind] = count
        if count <= _WARNINGS_PER_KIND:
            self._messages.append(message)

    def messages(self) -> list[str]:
        result = list(self._messages)
        for kind, count in self._counts.items():
            if count > _WARNINGS_PER_KIND:
                result.append(f"{count - _WARNINGS_PER_KIND} more warnings like these: {kind}")
        return result


@dataclass
class _Movement:
    """A record 22 with the records 23 and 24 that follow it, before it becomes a line."""

    line_number: int
    booking_date: date
    value_date: date
    common_concept: str
    own_concept: str
    is_debit: bool
    amount_cents: int
    document_number: str
    reference1: str
    reference2: str
    concepts: dict[str, str] = field(default_factory=dict)
    original_currency: str | None = None
    original_amount_cents: int | None = None


@dataclass
class _Account:
    """An account block (record 11 up to its record 33) while it is being read."""

    line_number: int
    bank: str
    branch: str
    account: str
    start_date: date
    end_date: date
    opening_balance_cents: int
    currency_code: str
    modality: str
    name: str
    lines: list[StatementLine] = field(default_factory=list)
    warnings: _Warnings = field(default_factory=_Warnings)
    debit_count: int = 0
    debit_total: int = 0
    credit_count: int = 0
    credit_total: int = 0

    @property
    def key(self) -> str:
        return f"{self.bank}{self.branch}{self.account}"


def parse(data: bytes, *, strict: bool = True) -> list[Statement]:
    """Parse a Norma 43 file into one Statement per account block, in file order.

    Raises FormatError, naming the line and field, for a malformed record, a record out of
    order, or an empty file. When ``strict`` is true (the default), a record 33 whose counts,
    totals, final balance or currency disagree with the movements also raises FormatError.
    With ``strict=False`` that mismatch becomes a warning on the statement, and the closing
    balance is the one record 33 states.
    """
    text, file_warnings = _decode(data)
    return _Parser(strict, file_warnings).run(text)


def _decode(data: bytes) -> tuple[str, _Warnings]:
    warnings = _Warnings()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("iso-8859-1")
    return text, warnings


def _split_lines(text: str) -> list[str]:
    """Split on LF, CRLF or lone CR.

    str.splitlines() is not used because it also splits on U+0085 and other characters that
    ISO-8859-1 bank text may contain.
    """
    text = text.rstrip("\x1a")
    if "\n" not in text and "\r" in text:
        return text.split("\r")
    return [line.removesuffix("\r") for line in text.split("\n")]


class _Parser:
    def __init__(self, strict: bool, file_warnings: _Warnings) -> None:
        self.strict = strict
        self.file_warnings = file_warnings
        self.statements: list[tuple[_Account, int | None]] = []
        self.account: _Account | None = None
        self.movement: _Movement | None = None
        self.closing_by_account: list[int] = []
        self.record_count = 0
        self.end_record_seen = False
        self._date_cache: dict[str, date] = {}

    # -- driver -------------------------------------------------------------------------

    def run(self, text: str) -> list[Statement]:
        results: list[Statement] = []
        for number, raw in enumerate(_split_lines(text), start=1):
            if not raw.strip():
                continue
            if self.end_record_seen:
                raise FormatError(
                    "Record after the end-of-file record 88; remove it or ask the bank for "
                    "the complete file",
                    line=number,
                    field="record code",
                    value=raw[:2],
                )
            line = self._normalise_length(raw, number)
            code = line[:2]
            self.record_count += 1
            if code == "22":
                self._record_22(line, number)
            elif code == "23":
                self._record_23(line, number)
            elif code == "11":
                self._close_without_totals(number, results)
                self._record_11(line, number)
            elif code == "24":
                self._record_24(line, number)
            elif code == "33":
                results.append(self._record_33(line, number))
            elif code == "88":
                self._close_without_totals(number, results)
                self._record_88(line, number)
            else:
                raise FormatError(
                    "Unknown Norma 43 record code; a Norma 43 file has only records 11, 22, "
                    "23, 24, 33 and 88",
                    line=number,
                    field="record code",
                    value=code,
                )
        if self.record_count == 0:
            raise FormatError("The file is empty: no Norma 43 records found")
        self._close_without_totals(None, results)
        if not self.end_record_seen:
            self.file_warnings.add(
                "no record 88",
                "The file has no end-of-file record 88; it may have been cut short.",
            )
        return self._with_file_warnings(results)

    def _with_file_warnings(self, results: list[Statement]) -> list[Statement]:
        """Copy the file-level warnings onto every statement of the file."""
        extra = tuple(self.file_warnings.messages())
        if not extra:
            return results
        return [
            Statement(
                account_iban=s.account_iban,
                account_key=s.account_key,
                currency=s.currency,
                start_date=s.start_date,
                end_date=s.end_date,
                opening_balance_cents=s.opening_balance_cents,
                closing_balance_cents=s.closing_balance_cents,
                lines=s.lines,
                warnings=s.warnings + extra,
                format=s.format,
                statement_id=s.statement_id,
            )
            for s in results
        ]

    def _normalise_length(self, raw: str, number: int) -> str:
        length = len(raw)
        if length == RECORD_LENGTH:
            return raw
        if length > RECORD_LENGTH:
            if raw[RECORD_LENGTH:].strip():
                self.file_warnings.add(
                    "line longer than 80 characters",
                    f"Line {number} has {length} characters; the characters after position "
                    f"80 were ignored: {raw[RECORD_LENGTH:].strip()!r}.",
                )
            return raw[:RECORD_LENGTH]
        code = raw[:2]
        required = _REQUIRED_LENGTH.get(code)
        if required is not None and length < required:
            raise FormatError(
                f"Record {code} is cut short: it has {length} characters and needs at least "
                f"{required} for its mandatory fields",
                line=number,
                field="record length",
                value=raw,
            )
        complete = _COMPLETE_LENGTH.get(code, 0)
        if length < complete:
            self.file_warnings.add(
                "record cut short",
                f"Line {number}: record {code} has {length} characters, fewer than the "
                f"{complete} its fixed-width fields need; the missing positions were read "
                "as blank.",
            )
        return raw.ljust(RECORD_LENGTH)

    # -- field readers ------------------------------------------------------------------

    def _number(self, text: str, number: int, field_name: str) -> int:
        if not (text.isascii() and text.isdigit()):
            raise FormatError(
                f"Invalid {field_name}: expected digits only", line=number, field=field_name,
                value=text,
            )
        return int(text)

    def _date(self, text: str, number: int, field_name: str) -> date:
        cached = self._date_cache.get(text)
        if cached is not None:
            return cached
        if not (text.isascii() and text.isdigit()):
            raise FormatError(
                f"Invalid {field_name}: expected a date as YYMMDD", line=number,
                field=field_name, value=text,
            )
        year = int(text[0:2])
        # Same century rule as strptime("%y"): 69-99 are 1969-1999, 00-68 are 2000-2068.
        year += 1900 if year >= 69 else 2000
        try:
            value = date(year, int(text[2:4]), int(text[4:6]))
        except ValueError:
            raise FormatError(
                f"Invalid {field_name}: not a calendar date (YYMMDD)", line=number,
                field=field_name, value=text,
            ) from None
        self._date_cache[text] = value
        return value

    def _sign(self, flag: str, number: int, field_name: str) -> int:
        if flag == "1":
            return -1
        if flag == "2":
            return 1
        raise FormatError(
            f"Invalid {field_name}: expected 1 (debit) or 2 (credit)", line=number,
            field=field_name, value=flag,
        )

    # -- records ------------------------------------------------------------------------

    def _record_11(self, line: str, number: int) -> None:
        opening = self._number(line[33:47], number, "opening balance")
        if opening == 0 and line[32] not in "12":
            sign = 1
        else:
            sign = self._sign(line[32], number, "opening balance sign")
        currency_code = line[47:50]
        self._number(currency_code, number, "currency")
        account = _Account(
            line_number=number,
            bank=line[2:6],
            branch=line[6:10],
            account=line[10:20],
            start_date=self._date(line[20:26], number, "start date"),
            end_date=self._date(line[26:32], number, "end date"),
            opening_balance_cents=sign * opening,
            currency_code=currency_code,
            modality=line[50],
            name=line[51:77].strip(),
        )
        if account.modality not in "123":
            account.warnings.add(
                "modality",
                f"Line {number}: information modality {account.modality!r} is not 1, 2 or 3; "
                "the movements were read as modality 1 and 2 (no SEPA data).",
            )
        self.account = account
        self.movement = None

    def _record_22(self, line: str, number: int) -> None:
        account = self.account
        if account is None:
            raise FormatError(
                "Movement record 22 outside an account block: no account header record 11 "
                "precedes it",
                line=number,
                field="record code", value="22",
            )
        self._finish_movement()
        flag = line[27]
        is_debit = self._sign(flag, number, "debit/credit flag") < 0
        amount = self._number(line[28:42], number, "amount")
        # The flag, not the sign of the amount, classifies the movement: a 0.00 debit still
        # counts as a debit in record 33.
        if is_debit:
            account.debit_count += 1
            account.debit_total += amount
        else:
            account.credit_count += 1
            account.credit_total += amount
        self.movement = _Movement(
            line_number=number,
            booking_date=self._date(line[10:16], number, "booking date"),
            value_date=self._date(line[16:22], number, "value date"),
            common_concept=line[22:24],
            own_concept=line[24:27],
            is_debit=is_debit,
            amount_cents=-amount if is_debit else amount,
            document_number=line[42:52].strip(),
            reference1=line[52:64].strip(),
            reference2=line[64:80].strip(),
        )

    def _record_23(self, line: str, number: int) -> None:
        movement = self._current_movement(number, "23")
        data_code = line[2:4]
        if data_code not in {"01", "02", "03", "04", "05"}:
            self._account_warning(
                "complementary data code",
                f"Line {number}: complementary concept record 23 has data code {data_code!r}; "
                "the norm defines 01 to 05. Its text was kept.",
            )
        if data_code in movement.concepts:
            self._account_warning(
                "repeated record 23",
                f"Line {number}: a second record 23 with data code {data_code} for the same "
                "movement; both texts were kept.",
            )
            data_code = f"{data_code}#{number}"
        if "\ufffd" in line:
            self._account_warning(
                "replacement character",
                f"Line {number}: the text contains the replacement character U+FFFD; a "
                "character of the original text was lost in an earlier conversion.",
            )
        movement.concepts[data_code] = line

    def _record_24(self, line: str, number: int) -> None:
        movement = self._current_movement(number, "24")
        currency_code = line[4:7]
        self._number(currency_code, number, "original currency")
        movement.original_currency = _currency(currency_code)
        movement.original_amount_cents = self._number(line[7:21], number, "original amount")

    def _record_33(self, line: str, number: int) -> Statement:
        account = self.account
        if account is None:
            raise FormatError(
                "Account totals record 33 without an account header record 11", line=number,
                field="record code", value="33",
            )
        self._finish_movement()
        declared_debit_count = self._number(line[20:25], number, "number of debits")
        declared_debit_total = self._number(line[25:39], number, "total of debits")
        declared_credit_count = self._number(line[39:44], number, "number of credits")
        declared_credit_total = self._number(line[44:58], number, "total of credits")
        final_amount = self._number(line[59:73], number, "final balance")
        computed_closing = (
            account.opening_balance_cents + account.credit_total - account.debit_total
        )
        closing = self._final_balance(line[58], final_amount, computed_closing, number)
        declared_currency = line[73:76]

        mismatches: list[tuple[str, str, str]] = []
        if line[2:20] != account.key:
            mismatches.append(("account", line[2:20], f"record 11 states {account.key}"))
        if declared_debit_count != account.debit_count:
            mismatches.append(
                ("number of debits", str(declared_debit_count), _by_movements(account.debit_count))
            )
        if declared_debit_total != account.debit_total:
            mismatches.append(
                (
                    "total of debits",
                    format_cents(declared_debit_total),
                    _by_movements(format_cents(account.debit_total)),
                )
            )
        if declared_credit_count != account.credit_count:
            mismatches.append(
                (
                    "number of credits",
                    str(declared_credit_count),
                    _by_movements(account.credit_count),
                )
            )
        if declared_credit_total != account.credit_total:
            mismatches.append(
                (
                    "total of credits",
                    format_cents(declared_credit_total),
                    _by_movements(format_cents(account.credit_total)),
                )
            )
        if closing != computed_closing:
            mismatches.append(
                (
                    "final balance",
                    format_cents(closing),
                    "opening balance + credits - debits gives "
                    + format_cents(computed_closing),
                )
            )
        if declared_currency.strip() and declared_currency != account.currency_code:
            mismatches.append(
                ("currency", declared_currency, f"record 11 states {account.currency_code}")
            )
        if mismatches:
            self._report_mismatches(account, mismatches, number)

        statement = self._build_statement(account, closing)
        self.account = None
        return statement

    def _record_88(self, line: str, number: int) -> None:
        declared = self._number(line[20:26], number, "number of records")
        before = self.record_count - 1
        # Some banks count the record 88 itself, others do not: both are accepted.
        if declared not in (before, before + 1):
            self.file_warnings.add(
                "record 88 count",
                f"Line {number}: the end-of-file record 88 states {declared} records, but the "
                f"file has {before} records before it ({before + 1} counting the record 88).",
            )
        self.end_record_seen = True

    # -- helpers ------------------------------------------------------------------------

    def _final_balance(self, flag: str, amount: int, computed: int, number: int) -> int:
        if flag in ("1", "2"):
            return -amount if flag == "1" else amount
        if amount == 0:
            return 0
        # An invalid sign (some banks write 0) is read as the sign that agrees with the
        # movements, when one does. The balance check then reports any remaining mismatch.
        closing = -amount if computed == -amount else amount
        self._account_warning(
            "final balance sign",
            f"Line {number}: record 33 has the invalid final balance sign {flag!r} (expected 1 "
            f"for debit or 2 for credit); the final balance was read as {format_cents(closing)}.",
        )
        return closing

    def _report_mismatches(
        self, account: _Account, mismatches: list[tuple[str, str, str]], number: int
    ) -> None:
        details = "; ".join(
            f"{name}: record 33 states {declared}, {expected}"
            for name, declared, expected in mismatches
        )
        message = (
            f"Record 33 of account {account.key} does not match the movements of the account "
            f"({details})"
        )
        if self.strict:
            first_field, first_value, _ = mismatches[0]
            raise FormatError(
                message,
                line=number,
                field=first_field,
                value=first_value,
            )
        account.warnings.add("record 33 mismatch", f"Line {number}: {message}.")

    def _close_without_totals(self, number: int | None, results: list[Statement]) -> None:
        """Close an account block that ended (next 11, 88 or end of file) without record 33."""
        account = self.account
        if account is None:
            return
        self._finish_movement()
        where = "the end of the file" if number is None else f"line {number}"
        message = (
            f"Account {account.key} (header at line {account.line_number}) has no totals "
            f"record 33 before {where}; the file may have been cut short"
        )
        if self.strict:
            raise FormatError(
                message,
                line=number,
                field="record code",
                value="33",
            )
        account.warnings.add("no record 33", message + ".")
        closing = account.opening_balance_cents + account.credit_total - account.debit_total
        results.append(self._build_statement(account, closing))
        self.account = None

    def _current_movement(self, number: int, code: str) -> _Movement:
        if self.movement is None:
            raise FormatError(
                f"Record {code} without a movement record 22 before it", line=number,
                field="record code", value=code,
            )
        return self.movement

    def _account_warning(self, kind: str, message: str) -> None:
        if self.account is not None:
            self.account.warnings.add(kind, message)
        else:
            self.file_warnings.add(kind, message)

    def _finish_movement(self) -> None:
        movement = self.movement
        if movement is None or self.account is None:
            return
        self.account.lines.append(_to_line(movement, self.account.modality == "3"))
        self.movement = None

    def _build_statement(self, account: _Account, closing: int) -> Statement:
        warnings = account.warnings
        currency = _CURRENCY_BY_NUMBER.get(account.currency_code)
        if currency is None:
            currency = account.currency_code
            warnings.add(
                "currency",
                f"Line {account.line_number}: currency code {account.currency_code} is not in "
                "the list of known ISO 4217 numeric codes; it was kept as it is.",
            )
        if not account.lines:
            warnings.add("no transactions", f"Account {account.key}: no transactions.")
        return Statement(
            account_iban=_iban(account),
            account_key=account.key,
            currency=currency,
            start_date=account.start_date,
            end_date=account.end_date,
            opening_balance_cents=account.opening_balance_cents,
            closing_balance_cents=closing,
            lines=tuple(account.lines),
            warnings=tuple(warnings.messages()),
            format="norma43",
            statement_id=(
                f"{account.key}/{account.start_date:%Y%m%d}-{account.end_date:%Y%m%d}"
            ),
        )


def _by_movements(value: object) -> str:
    return f"the movements give {value}"


def _currency(code: str) -> str:
    return _CURRENCY_BY_NUMBER.get(code, code)


def _iban(account: _Account) -> str | None:
    digits = f"{account.bank}{account.branch}00{account.account}"
    if not (digits.isascii() and digits.isdigit()):
        return None
    check = ccc.calc_check_digits(digits)
    return str(ccc.to_iban(f"{account.bank}{account.branch}{check}{account.account}"))


def _none_if_blank(text: str) -> str | None:
    stripped = text.strip()
    return stripped or None


def _to_line(movement: _Movement, third_modality: bool) -> StatementLine:
    concepts = movement.concepts
    texts: tuple[str, ...]
    end_to_end_id = mandate_id = creditor_id = counterparty_name = None
    first = concepts.get("01")
    if third_modality and first is not None and first[4:8].strip() in _SEPA_SCHEMES \
            and "02" in concepts:
        # SEPA direct debit, annex 4 section 2.
        second = concepts["02"]
        fifth = concepts.get("05", "")
        creditor_id = _none_if_blank(second[4:39])
        mandate_id = _none_if_blank(second[39:74])
        end_to_end_id = _none_if_blank(fifth[4:39])
        counterparty_name = _none_if_blank(fifth[39:80])
        texts = _sepa_remittance(concepts)
    elif third_modality and movement.common_concept in _TRANSFER_CONCEPTS and all(
        code in concepts for code in ("01", "02", "03", "04", "05")
    ):
        # SEPA credit transfer, annex 4 section 1.
        counterparty_name = _none_if_blank(concepts["01"][4:70])
        end_to_end_id = _none_if_blank(concepts["02"][4:39])
        additional = concepts["05"][4:80].strip()
        texts = _sepa_remittance(concepts) + ((additional,) if additional else ())
    else:
        texts = tuple(text for text in map(_concept_text, concepts.values()) if text)
    return StatementLine(
        booking_date=movement.booking_date,
        value_date=movement.value_date,
        amount_cents=movement.amount_cents,
        common_concept=movement.common_concept,
        own_concept=movement.own_concept,
        document_number=movement.document_number or None,
        reference1=movement.reference1 or None,
        reference2=movement.reference2 or None,
        texts=texts,
        end_to_end_id=end_to_end_id,
        mandate_id=mandate_id,
        creditor_id=creditor_id,
        counterparty_name=counterparty_name,
        source_line=movement.line_number,
        original_currency=movement.original_currency,
        original_amount_cents=movement.original_amount_cents,
    )


def _concept_text(record: str) -> str:
    """Join the two 38-character concepts of a record 23 into one text.

    Many banks write one running text across both fields, so a first concept that fills all
    38 positions continues without a space. Otherwise the two are joined with one space.
    """
    first = record[4:42]
    second = record[42:80].strip()
    if not second:
        return first.strip()
    if first.endswith(" "):
        return f"{first.strip()} {second}".strip()
    return f"{first.lstrip()}{second}"


def _sepa_remittance(concepts: dict[str, str]) -> tuple[str, ...]:
    """Remittance information (AT-22): positions 13-80 of 2303 followed by 5-76 of 2304."""
    start = concepts.get("03", "")[12:80].lstrip()
    rest = concepts.get("04", "")[4:76]
    remittance = (start + rest if rest.strip() else start).strip()
    return (remittance,) if remittance else ()
