"""Reader and writer of AEB Cuaderno 19.14 rejection and return files (SEPA direct debit).

Source: AEB "Adeudos Directos SEPA en fichero electrónico – Esquema Básico", Serie normas y
procedimientos bancarios nº 19-14, version 5.0 RB (November 2011): annex III (file of rejections,
"fichero de comunicación de rechazos") and annex IV (file of returns, "fichero de comunicación de
devoluciones"), with the reason codes of annex IX. The B2B booklet nº 19-44 (version 2.0 RB,
November 2010) defines the same records with version 19445.

Every record has 600 characters. Positions are 1-based and inclusive. Numeric fields are
right-aligned and zero-filled, text fields left-aligned and space-filled, and amounts are in
euro cents without a decimal point. Returns use record codes 21-25; rejections use 11-15 with
the same positions except where noted. Record 99 closes both.

| record | positions | field |
| --- | --- | --- |
| 21 / 11 presenter header | 1-2, 3-7, 8-10 | record code, version (19143 Core, 19445 B2B), data number 001 |
| | 11-45, 46-115 | presenter identifier, presenter name |
| | 116-123, 124-158 | file creation date (YYYYMMDD), file id (DEV... or REC...) |
| | 159-162, 163-166, 167-600 | receiving bank, receiving branch, free |
| 22 / 12 creditor header per date | 1-2, 3-7, 8-10 | record code, version, data number 002 |
| | 11-45, 46-53 | creditor identifier (AT-02), return date AT-R4 (12: original collection date AT-11) |
| | 54-123, 124-265 | creditor name, creditor address and country |
| | 266-299, 300-334, 335-600 | creditor account (IBAN), id of the original file, free |
| 23 / 13 returned debit | 1-2, 3-7, 8-10 | record code, version, data number 003 |
| | 11-45, 46-80 | end-to-end id (AT-10), mandate reference (AT-01) |
| | 81-84, 85-88, 89-99 | sequence type (FRST, RCUR, FNAL, OOFF), category purpose, amount (9+2 digits) |
| | 100-107, 108-118, 119-188 | mandate signature date, debtor BIC, debtor name |
| | 189-330 | debtor address (50 + 50 + 40) and country (2) |
| | 331, 332-367, 368-402 | debtor id type, debtor id, debtor id issuer |
| | 403, 404-437 | debtor account type (A IBAN, B CCC), debtor account |
| | 438-441, 442-581 | purpose, remittance information |
| | 582-585 | reason code (AT-R3) |
| | 586-593, 594-600 | 23: original collection date (AT-11), free; 13: free from 586 |
| 24 / 14 total per creditor and date | 1-2, 3-37, 38-45 | record code, creditor identifier, date as in 22 |
| | 46-62, 63-70, 71-80 | total amount (15+2), number of debits, number of records of the block |
| 25 / 15 total per creditor | 1-2, 3-37 | record code, creditor identifier |
| | 38-54, 55-62, 63-72 | total amount (15+2), number of debits, number of records of the creditor |
| 99 file total | 1-2, 3-19, 20-27, 28-37 | record code, total amount (15+2), number of debits, number of records |

The number of records of a date block counts its header 22 and its total 24. That of a creditor
counts all its date blocks and its total 25. That of the file counts every record, 21 and 99
included.

The reader is strict where the format carries meaning: record length, record order, data numbers,
numeric amounts and counts, and the totals of records 24, 25 and 99, which must equal what the
23 records add up to. It is tolerant of what banks vary:

* CRLF, LF or CR line ends, or none at all (consecutive 600-character blocks);
* trailing spaces stripped, so short records are padded and a warning names them;
* ISO-8859-1 or UTF-8 text, with or without a byte order mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import groupby
from typing import Final

from telcocollect.errors import FormatError
from telcocollect.returns import (
    KNOWN_REASON_CODES,
    ReturnFile,
    ReturnKind,
    ReturnTransaction,
    kind_after_settlement,
)

RECORD_LENGTH: Final = 600

# Version field (positions 3-7) of the Core booklet 19.14 and of the B2B booklet 19.44.
FORMAT_BY_VERSION: Final = {"19143": "aeb19.14", "19445": "aeb19.44"}

SEQUENCE_TYPES: Final = frozenset({"FRST", "RCUR", "FNAL", "OOFF"})

FILE_TOTAL: Final = "99"

_REASON_CODE = re.compile(r"^[A-Z0-9]{4}$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_UTF8_BOM: Final = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class _Family:
    """Record codes of one kind of file: returns (21-25) or rejections (11-15)."""

    header: str
    creditor_header: str
    item: str
    date_total: str
    creditor_total: str
    kind_name: str


RETURNS: Final = _Family("21", "22", "23", "24", "25", "returns")
REJECTIONS: Final = _Family("11", "12", "13", "14", "15", "rejections")
_FAMILY_BY_HEADER: Final = {RETURNS.header: RETURNS, REJECTIONS.header: REJECTIONS}


@dataclass(frozen=True)
class Presenter:
    """The party that presented the original remittance, as the header record names it.

    ``identifier`` is shaped like a creditor identifier (AT-02). ``bank_code`` and
    ``branch_code`` are the 4-digit codes of the creditor's bank branch that sends the file.
    """

    identifier: str
    name: str
    bank_code: str
    branch_code: str


@dataclass(frozen=True)
class ReturnedDebit:
    """One returned debit to write into a returns file (record 23)."""

    end_to_end_id: str
    mandate_id: str
    amount_cents: int
    reason_code: str
    return_date: date
    collection_date: date
    debtor_name: str
    debtor_iban: str
    mandate_date: date
    debtor_bic: str = ""
    sequence_type: str = "RCUR"
    remittance_info: str = ""


@dataclass
class _Record:
    line: int
    text: str
    # Length before padding; shorter than a field's end position means the field was cut off.
    original_length: int = RECORD_LENGTH

    @property
    def code(self) -> str:
        return self.text[0:2]

    def field(self, start: int, end: int) -> str:
        """Return positions ``start``-``end`` (1-based, inclusive) without surrounding spaces."""
        return self.text[start - 1 : end].strip()

    def number(self, start: int, end: int, name: str) -> int:
        raw = self.text[start - 1 : end]
        if not raw.isdigit() or not raw.isascii():
            raise FormatError(
                f"Invalid {name}: expected {end - start + 1} digits{self.truncation_note(end)}",
                line=self.line,
                field=f"record {self.code} {name} (positions {start}-{end})",
                value=raw,
            )
        return int(raw)

    def truncation_note(self, end: int) -> str:
        if self.original_length >= end:
            return ""
        return (
            f"; the record has only {self.original_length} of {RECORD_LENGTH} characters, so it "
            "is probably truncated"
        )

    def date(self, start: int, end: int, name: str) -> date:
        raw = self.text[start - 1 : end]
        try:
            if not raw.isdigit():
                raise ValueError(raw)
            return date(int(raw[0:4]), int(raw[4:6]), int(raw[6:8]))
        except ValueError:
            raise FormatError(
                f"Invalid {name}: expected a date as YYYYMMDD{self.truncation_note(end)}",
                line=self.line,
                field=f"record {self.code} {name} (positions {start}-{end})",
                value=raw,
            ) from None


def looks_like_c19(data: bytes) -> bool:
    """Tell whether ``data`` starts like an AEB 19.14 or 19.44 rejection or returns file."""
    start = data.removeprefix(_UTF8_BOM)[:7].decode("latin-1")
    return start[0:2] in _FAMILY_BY_HEADER and start[2:7] in FORMAT_BY_VERSION


def parse(data: bytes) -> ReturnFile:
    """Parse an AEB 19.14 (or 19.44) rejection or returns file.

    Raises FormatError naming the line, field and value of the first error. Nothing is
    returned unless the whole file is valid.
    """
    warnings: list[str] = []
    text = _decode(data)
    records = _split_records(text, warnings)
    return _Parser(records, warnings).parse_file()


def _decode(data: bytes) -> str:
    data = data.removeprefix(_UTF8_BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # ISO-8859-1 maps every byte value to a character, so this decode cannot fail.
        return data.decode("iso-8859-1")


def _split_records(text: str, warnings: list[str]) -> list[_Record]:
    # Some systems end DOS files with a SUB (0x1A) character.
    text = text.rstrip("\x1a")
    if _LINE_BREAK.search(text):
        lines = _LINE_BREAK.split(text)
        while lines and not lines[-1].strip():
            lines.pop()
    else:
        if len(text) % RECORD_LENGTH:
            raise FormatError(
                f"Invalid file length: a file without line breaks must consist of "
                f"{RECORD_LENGTH}-character records, but it has {len(text)} characters",
                field="file length",
                value=str(len(text)),
            )
        lines = [text[i : i + RECORD_LENGTH] for i in range(0, len(text), RECORD_LENGTH)]

    records: list[_Record] = []
    padded: list[int] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            raise FormatError("Empty record inside the file", line=number)
        if len(line) > RECORD_LENGTH:
            raise FormatError(
                f"Invalid record length: expected {RECORD_LENGTH} characters, found {len(line)}",
                line=number,
                field="record length",
                value=str(len(line)),
            )
        original_length = len(line)
        if original_length < RECORD_LENGTH:
            padded.append(number)
            line = line.ljust(RECORD_LENGTH)
        records.append(_Record(number, line, original_length))

    if padded:
        shown = ", ".join(str(number) for number in padded[:10])
        more = f" and {len(padded) - 10} more" if len(padded) > 10 else ""
        warnings.append(
            f"{len(padded)} records were shorter than {RECORD_LENGTH} characters and were padded "
            f"with spaces (lines {shown}{more}); the bank's system probably stripped trailing "
            "spaces."
        )
    return records


class _Parser:
    """Walk the records in the order annexes III and IV define and check every total."""

    def __init__(self, records: list[_Record], warnings: list[str]) -> None:
        self.records = records
        self.warnings = warnings
        self.position = 0
        self.transactions: list[ReturnTransaction] = []
        self.family = RETURNS
        self.version = ""
        self.file_date = date.min

    def peek(self) -> _Record | None:
        if self.position < len(self.records):
            return self.records[self.position]
        return None

    def take(self, code: str, expected: str) -> _Record:
        record = self.peek()
        if record is None:
            last = self.records[-1].line if self.records else None
            raise FormatError(
                f"Unexpected end of file: expected {expected} (record {code})", line=last
            )
        if record.code != code:
            self.raise_unexpected(record, f"{expected} (record {code})")
        self.position += 1
        return record

    def raise_unexpected(self, record: _Record, expected: str) -> None:
        known = {
            self.family.header,
            self.family.creditor_header,
            self.family.item,
            self.family.date_total,
            self.family.creditor_total,
            FILE_TOTAL,
        }
        if record.code not in known:
            codes = ", ".join(sorted(known))
            raise FormatError(
                f"Unknown record code {record.code!r} in a {self.family.kind_name} file; "
                f"expected one of {codes}",
                line=record.line,
                field="record code (positions 1-2)",
                value=record.code,
            )
        raise FormatError(
            f"Record {record.code} out of order: expected {expected}",
            line=record.line,
            field="record code (positions 1-2)",
            value=record.code,
        )

    def check_version(self, record: _Record, data_number: str) -> None:
        version = record.text[2:7]
        if version != self.version:
            raise FormatError(
                f"Invalid version: expected {self.version} as in the header record",
                line=record.line,
                field=f"record {record.code} version (positions 3-7)",
                value=version,
            )
        if record.text[7:10] != data_number:
            raise FormatError(
                f"Invalid data number: expected {data_number}",
                line=record.line,
                field=f"record {record.code} data number (positions 8-10)",
                value=record.text[7:10],
            )

    def parse_file(self) -> ReturnFile:
        if not self.records:
            raise FormatError("The file contains no records")
        first = self.records[0]
        family = _FAMILY_BY_HEADER.get(first.code)
        if family is None:
            raise FormatError(
                "Not an AEB 19.14 returns or rejections file: the first record must be a "
                "presenter header (record 21 for returns, 11 for rejections)",
                line=first.line,
                field="record code (positions 1-2)",
                value=first.code,
            )
        self.family = family
        self.version = first.text[2:7]
        if self.version not in FORMAT_BY_VERSION:
            raise FormatError(
                "Unsupported version: expected 19143 (Cuaderno 19.14 Core) or 19445 "
                "(Cuaderno 19.44 B2B)",
                line=first.line,
                field="record 21 version (positions 3-7)",
                value=self.version,
            )

        header = self.take(family.header, "the presenter header")
        self.check_version(header, "001")
        self.file_date = header.date(116, 123, "file creation date")
        message_id = header.field(124, 158)
        if not message_id:
            raise FormatError(
                "Missing file id in the presenter header",
                line=header.line,
                field=f"record {header.code} file id (positions 124-158)",
            )

        total_cents = 0
        total_debits = 0
        while (record := self.peek()) is not None and record.code == family.creditor_header:
            cents, debits = self.parse_creditor()
            total_cents += cents
            total_debits += debits

        trailer = self.take(FILE_TOTAL, "a creditor header or the file total")
        self.check_total(trailer, (3, 19), total_cents, "total amount")
        self.check_total(trailer, (20, 27), total_debits, "number of debits")
        self.check_total(trailer, (28, 37), len(self.records), "number of records")
        extra = self.peek()
        if extra is not None:
            raise FormatError(
                "Record after the file total (record 99)",
                line=extra.line,
                field="record code (positions 1-2)",
                value=extra.code,
            )

        self.warn_duplicates()
        return ReturnFile(
            format=FORMAT_BY_VERSION[self.version],
            message_id=message_id,
            created=datetime.combine(self.file_date, time()),
            transactions=tuple(self.transactions),
            warnings=tuple(self.warnings),
        )

    def parse_creditor(self) -> tuple[int, int]:
        """Parse one creditor: its date blocks and total 25. Return its amount and count."""
        family = self.family
        first = self.peek()
        assert first is not None
        creditor_id = first.field(11, 45)
        cents = 0
        debits = 0
        records = 0
        while (record := self.peek()) is not None and record.code == family.creditor_header:
            if record.field(11, 45) != creditor_id:
                raise FormatError(
                    f"Creditor header for another creditor before the creditor total (record "
                    f"{family.creditor_total}) of creditor {creditor_id}",
                    line=record.line,
                    field=f"record {record.code} creditor identifier (positions 11-45)",
                    value=record.field(11, 45),
                )
            block_cents, block_debits, block_records = self.parse_date_block()
            cents += block_cents
            debits += block_debits
            records += block_records

        total = self.take(
            family.creditor_total, "a creditor header or the creditor total"
        )
        self.check_creditor(total, creditor_id, (3, 37))
        records += 1
        self.check_total(total, (38, 54), cents, "total amount")
        self.check_total(total, (55, 62), debits, "number of debits")
        self.check_total(total, (63, 72), records, "number of records")
        return cents, debits

    def parse_date_block(self) -> tuple[int, int, int]:
        """Parse a creditor header, its debits and total 24. Return amount, count, records."""
        family = self.family
        header = self.take(family.creditor_header, "a creditor header")
        self.check_version(header, "002")
        creditor_id = header.field(11, 45)
        if not creditor_id:
            raise FormatError(
                "Missing creditor identifier",
                line=header.line,
                field=f"record {header.code} creditor identifier (positions 11-45)",
            )
        block_date = header.date(46, 53, "date")
        original_message_id = header.field(300, 334) or None

        cents = 0
        debits = 0
        while (record := self.peek()) is not None and record.code == family.item:
            self.position += 1
            transaction = self.parse_item(record, block_date, original_message_id)
            assert transaction.amount_cents is not None
            cents += transaction.amount_cents
            debits += 1
            self.transactions.append(transaction)

        total = self.take(family.date_total, "a debit record or the creditor and date total")
        self.check_creditor(total, creditor_id, (3, 37))
        total_date = total.date(38, 45, "date")
        if total_date != block_date:
            raise FormatError(
                f"Date differs from that of the creditor header ({block_date:%Y%m%d})",
                line=total.line,
                field=f"record {total.code} date (positions 38-45)",
                value=total.text[37:45],
            )
        records = debits + 2
        self.check_total(total, (46, 62), cents, "total amount")
        self.check_total(total, (63, 70), debits, "number of debits")
        self.check_total(total, (71, 80), records, "number of records")
        return cents, debits, records

    def parse_item(
        self, record: _Record, block_date: date, original_message_id: str | None
    ) -> ReturnTransaction:
        self.check_version(record, "003")
        code = record.code
        end_to_end_id = record.field(11, 45)
        if not end_to_end_id:
            raise FormatError(
                "Missing end-to-end id (Referencia del adeudo)",
                line=record.line,
                field=f"record {code} end-to-end id (positions 11-45)",
            )
        mandate_id = record.field(46, 80)
        if not mandate_id:
            raise FormatError(
                "Missing mandate reference",
                line=record.line,
                field=f"record {code} mandate reference (positions 46-80)",
            )
        sequence_type = record.text[80:84]
        if sequence_type not in SEQUENCE_TYPES:
            raise FormatError(
                "Invalid sequence type: expected FRST, RCUR, FNAL or OOFF",
                line=record.line,
                field=f"record {code} sequence type (positions 81-84)",
                value=sequence_type,
            )
        amount_cents = record.number(89, 99, "amount")
        if amount_cents == 0:
            raise FormatError(
                "Invalid amount: a direct debit amount must be greater than zero",
                line=record.line,
                field=f"record {code} amount (positions 89-99)",
                value=record.text[88:99],
            )

        reason_code = record.text[581:585]
        if not _REASON_CODE.match(reason_code):
            raise FormatError(
                "Missing or invalid reason code: expected 4 letters or digits such as AM04"
                + record.truncation_note(585),
                line=record.line,
                field=f"record {code} reason code (positions 582-585)",
                value=reason_code,
            )
        if reason_code not in KNOWN_REASON_CODES:
            self.warnings.append(
                f"Line {record.line}: debit {end_to_end_id} has the unknown reason code "
                f"{reason_code}."
            )

        kind: ReturnKind
        if self.family is RETURNS:
            # Validates the mandatory original collection date (AT-11), which the result
            # does not carry.
            record.date(586, 593, "original collection date")
            kind = kind_after_settlement(reason_code)
            return_date = block_date
        else:
            kind = "reject"
            return_date = self.file_date

        return ReturnTransaction(
            end_to_end_id=end_to_end_id,
            reason_code=reason_code,
            amount_cents=amount_cents,
            mandate_id=mandate_id,
            original_message_id=original_message_id,
            return_date=return_date,
            kind=kind,
            debtor_name=record.field(119, 188) or None,
            source_line=record.line,
        )

    def check_creditor(self, record: _Record, creditor_id: str, span: tuple[int, int]) -> None:
        found = record.field(*span)
        if found != creditor_id:
            raise FormatError(
                f"Creditor identifier differs from that of the creditor header ({creditor_id})",
                line=record.line,
                field=f"record {record.code} creditor identifier (positions {span[0]}-{span[1]})",
                value=found,
            )

    def check_total(
        self, record: _Record, span: tuple[int, int], computed: int, name: str
    ) -> None:
        found = record.number(span[0], span[1], name)
        if found != computed:
            raise FormatError(
                f"Wrong {name}: the record states {found} but the debit records add up to "
                f"{computed}",
                line=record.line,
                field=f"record {record.code} {name} (positions {span[0]}-{span[1]})",
                value=record.text[span[0] - 1 : span[1]],
            )

    def warn_duplicates(self) -> None:
        seen: set[str] = set()
        for transaction in self.transactions:
            if transaction.end_to_end_id in seen:
                self.warnings.append(
                    f"Line {transaction.source_line}: end-to-end id "
                    f"{transaction.end_to_end_id} appears more than once in the file."
                )
            seen.add(transaction.end_to_end_id)


# Writer


def write(
    presenter: Presenter,
    creditor_name: str,
    creditor_id: str,
    returns: Sequence[ReturnedDebit],
    created: datetime,
    *,
    creditor_iban: str,
    file_id: str | None = None,
    original_file_id: str = "",
) -> bytes:
    """Write a returns file (records 21-25 and 99) as a creditor's bank sends it.

    Debits are grouped by return date, one creditor header (22) per date, and sorted by
    end-to-end id inside each date as annex IV requires. Lines end with CRLF and the text is
    ISO-8859-1. Raises ValueError naming the field when an identifier or number does not fit
    its positions. Names and remittance information are cut to their width, as banks do.
    """
    if file_id is None:
        milliseconds = f"{created.microsecond // 10:05d}"
        reference = (presenter.bank_code + presenter.branch_code).ljust(13, "0")
        file_id = f"DEV{created:%Y%m%d%H%M%S}{milliseconds}{reference}"

    version = "19143"
    lines = [
        "21"
        + version
        + "001"
        + _identifier(presenter.identifier, 35, "presenter identifier")
        + _text(presenter.name, 70)
        + f"{created:%Y%m%d}"
        + _identifier(file_id, 35, "file id")
        + _digits(presenter.bank_code, 4, "bank code")
        + _digits(presenter.branch_code, 4, "branch code")
    ]

    creditor_cents = 0
    creditor_records = 0
    ordered = sorted(returns, key=lambda debit: (debit.return_date, debit.end_to_end_id))
    for return_date, block in groupby(ordered, key=lambda debit: debit.return_date):
        debits = list(block)
        lines.append(
            "22"
            + version
            + "002"
            + _identifier(creditor_id, 35, "creditor identifier")
            + f"{return_date:%Y%m%d}"
            + _text(creditor_name, 70)
            + " " * 142
            + _identifier(creditor_iban, 34, "creditor IBAN")
            + _identifier(original_file_id, 35, "original file id")
        )
        lines.extend(_debit_record(version, debit) for debit in debits)
        block_cents = sum(debit.amount_cents for debit in debits)
        lines.append(
            "24"
            + _identifier(creditor_id, 35, "creditor identifier")
            + f"{return_date:%Y%m%d}"
            + _number(block_cents, 17, "total amount")
            + _number(len(debits), 8, "number of debits")
            + _number(len(debits) + 2, 10, "number of records")
        )
        creditor_cents += block_cents
        creditor_records += len(debits) + 2

    lines.append(
        "25"
        + _identifier(creditor_id, 35, "creditor identifier")
        + _number(creditor_cents, 17, "total amount")
        + _number(len(returns), 8, "number of debits")
        + _number(creditor_records + 1, 10, "number of records")
    )
    lines.append(
        "99"
        + _number(creditor_cents, 17, "total amount")
        + _number(len(returns), 8, "number of debits")
        + _number(creditor_records + 3, 10, "number of records")
    )
    return _encode(lines)


def _debit_record(version: str, debit: ReturnedDebit) -> str:
    if debit.amount_cents <= 0:
        raise ValueError(
            f"Invalid amount {debit.amount_cents} cents for {debit.end_to_end_id}: "
            "it must be greater than zero"
        )
    if debit.sequence_type not in SEQUENCE_TYPES:
        raise ValueError(
            f"Invalid sequence type {debit.sequence_type!r} for {debit.end_to_end_id}: "
            "expected FRST, RCUR, FNAL or OOFF"
        )
    if not _REASON_CODE.match(debit.reason_code):
        raise ValueError(
            f"Invalid reason code {debit.reason_code!r} for {debit.end_to_end_id}: expected "
            "4 letters or digits such as AM04"
        )
    return (
        "23"
        + version
        + "003"
        + _identifier(debit.end_to_end_id, 35, "end-to-end id")
        + _identifier(debit.mandate_id, 35, "mandate reference")
        + debit.sequence_type
        + " " * 4
        + _number(debit.amount_cents, 11, "amount")
        + f"{debit.mandate_date:%Y%m%d}"
        + _identifier(debit.debtor_bic, 11, "debtor BIC")
        + _text(debit.debtor_name, 70)
        + " " * 142
        + " " * 72
        + "A"
        + _identifier(debit.debtor_iban, 34, "debtor IBAN")
        + " " * 4
        + _text(debit.remittance_info, 140)
        + debit.reason_code
        + f"{debit.collection_date:%Y%m%d}"
    )


def _encode(lines: Iterable[str]) -> bytes:
    records = []
    for line in lines:
        record = line.ljust(RECORD_LENGTH)
        if len(record) != RECORD_LENGTH:
            raise AssertionError(f"record of {len(record)} characters: {record[:10]!r}")
        records.append(record)
    return ("\r\n".join(records) + "\r\n").encode("iso-8859-1")


def _identifier(value: str, width: int, name: str) -> str:
    if len(value) > width:
        raise ValueError(f"Invalid {name} {value!r}: longer than {width} characters")
    return value.ljust(width)


def _text(value: str, width: int) -> str:
    return value[:width].ljust(width)


def _digits(value: str, width: int, name: str) -> str:
    if len(value) != width or not value.isdigit():
        raise ValueError(f"Invalid {name} {value!r}: expected {width} digits")
    return value


def _number(value: int, width: int, name: str) -> str:
    text = str(value)
    if value < 0 or len(text) > width:
        raise ValueError(f"Invalid {name} {value}: does not fit {width} digits")
    return text.zfill(width)
