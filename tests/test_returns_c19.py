"""Tests of the AEB 19.14 returns reader and writer."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from telcocollect.aeb import c19_returns
from telcocollect.aeb.c19_returns import Presenter, ReturnedDebit
from telcocollect.errors import FormatError


def _read(fixtures_dir: Path, name: str = "c19_returns_valid.txt") -> bytes:
    return (fixtures_dir / "returns" / name).read_bytes()


def test_valid_file_header(fixtures_dir: Path) -> None:
    result = c19_returns.parse(_read(fixtures_dir))

    assert result.format == "aeb19.14"
    assert result.message_id == "DEV2024061010150000000008112340001"
    assert result.created == datetime(2024, 6, 10)
    assert result.warnings == ()


def test_valid_file_transactions(fixtures_dir: Path) -> None:
    first, second, third = c19_returns.parse(_read(fixtures_dir)).transactions

    assert first.end_to_end_id == "INV-2024-0001"
    assert first.mandate_id == "MND-000101"
    assert first.amount_cents == 4567
    assert first.reason_code == "AM04"
    assert first.kind == "return"
    assert first.return_date == date(2024, 6, 7)
    assert first.original_message_id == "PRE2024060109000000000008112340001"
    assert first.source_line == 3
    assert second.debtor_name == "MUÑOZ PEREZ JOSE"
    assert second.kind == "refund"
    assert second.amount_cents == 1230
    assert third.reason_code == "AC04"
    assert third.return_date == date(2024, 6, 10)
    assert third.amount_cents == 10000


@pytest.mark.parametrize("line_end", [b"\n", b"\r", b""])
def test_line_end_variants_accepted(fixtures_dir: Path, line_end: bytes) -> None:
    data = _read(fixtures_dir).replace(b"\r\n", line_end)

    assert len(c19_returns.parse(data).transactions) == 3


def test_utf8_with_bom_same_result(fixtures_dir: Path) -> None:
    latin1 = _read(fixtures_dir)
    utf8 = b"\xef\xbb\xbf" + latin1.decode("iso-8859-1").encode("utf-8")

    assert c19_returns.parse(utf8).transactions == c19_returns.parse(latin1).transactions


def test_stripped_trailing_spaces_padded_with_warning(fixtures_dir: Path) -> None:
    lines = _read(fixtures_dir).split(b"\r\n")
    data = b"\r\n".join(line.rstrip(b" ") for line in lines)

    result = c19_returns.parse(data)

    assert len(result.transactions) == 3
    assert len(result.warnings) == 1
    assert "padded" in result.warnings[0]


def test_wrong_total_names_line_and_field(fixtures_dir: Path) -> None:
    with pytest.raises(FormatError) as caught:
        c19_returns.parse(_read(fixtures_dir, "c19_returns_wrong_total.txt"))

    assert caught.value.line == 10
    assert caught.value.field == "record 99 total amount (positions 3-19)"
    assert "15798" in str(caught.value)
    assert "15797" in str(caught.value)


def test_truncated_record_rejected(fixtures_dir: Path) -> None:
    with pytest.raises(FormatError) as caught:
        c19_returns.parse(_read(fixtures_dir, "c19_returns_truncated_record.txt"))

    assert caught.value.line == 4
    assert "truncated" in str(caught.value)


def test_non_numeric_amount_rejected(fixtures_dir: Path) -> None:
    with pytest.raises(FormatError) as caught:
        c19_returns.parse(_read(fixtures_dir, "c19_returns_non_numeric_amount.txt"))

    assert caught.value.line == 3
    assert caught.value.field == "record 23 amount (positions 89-99)"
    assert caught.value.value == "0000004S.67"


def test_unknown_record_code_rejected(fixtures_dir: Path) -> None:
    with pytest.raises(FormatError) as caught:
        c19_returns.parse(_read(fixtures_dir, "c19_returns_unknown_record.txt"))

    assert caught.value.line == 4
    assert caught.value.value == "27"


def _replace_line(data: bytes, index: int, new: bytes) -> bytes:
    lines = data.split(b"\r\n")
    lines[index] = new
    return b"\r\n".join(lines)


def _line(data: bytes, index: int) -> bytes:
    return data.split(b"\r\n")[index]


def test_block_count_mismatch_rejected(fixtures_dir: Path) -> None:
    data = _read(fixtures_dir)
    total = _line(data, 4)
    data = _replace_line(data, 4, total[:62] + b"00000003" + total[70:])

    with pytest.raises(FormatError) as caught:
        c19_returns.parse(data)

    assert caught.value.line == 5
    assert caught.value.field == "record 24 number of debits (positions 63-70)"


def test_record_out_of_order_rejected(fixtures_dir: Path) -> None:
    lines = _read(fixtures_dir).split(b"\r\n")
    lines[1], lines[2] = lines[2], lines[1]

    with pytest.raises(FormatError, match="out of order") as caught:
        c19_returns.parse(b"\r\n".join(lines))

    assert caught.value.line == 2
    assert caught.value.value == "23"


def test_long_record_rejected(fixtures_dir: Path) -> None:
    data = _read(fixtures_dir)
    data = _replace_line(data, 2, _line(data, 2) + b"X")

    with pytest.raises(FormatError, match="record length") as caught:
        c19_returns.parse(data)

    assert caught.value.line == 3


def test_missing_reason_code_rejected(fixtures_dir: Path) -> None:
    data = _read(fixtures_dir)
    item = _line(data, 2)
    data = _replace_line(data, 2, item[:581] + b"    " + item[585:])

    with pytest.raises(FormatError, match="reason code"):
        c19_returns.parse(data)


def test_unknown_reason_code_warns(fixtures_dir: Path) -> None:
    data = _read(fixtures_dir)
    item = _line(data, 2)
    data = _replace_line(data, 2, item[:581] + b"ZZ01" + item[585:])

    result = c19_returns.parse(data)

    assert result.transactions[0].reason_code == "ZZ01"
    assert "ZZ01" in result.warnings[0]


def test_rejection_file_gives_rejects(fixtures_dir: Path) -> None:
    # Annex III uses codes 11-15, and its record 13 carries no original collection date.
    lines = _read(fixtures_dir).split(b"\r\n")
    renamed = [b"1" + line[1:] if line[:1] == b"2" else line for line in lines]

    result = c19_returns.parse(b"\r\n".join(renamed))

    assert {t.kind for t in result.transactions} == {"reject"}
    assert result.transactions[0].return_date == date(2024, 6, 10)


def _debit(end_to_end_id: str, cents: int, reason: str, returned: date) -> ReturnedDebit:
    return ReturnedDebit(
        end_to_end_id=end_to_end_id,
        mandate_id="MND-" + end_to_end_id,
        amount_cents=cents,
        reason_code=reason,
        return_date=returned,
        collection_date=date(2024, 6, 5),
        debtor_name="CLIENTE " + end_to_end_id,
        debtor_iban="ES9121000418450200051332",
        mandate_date=date(2023, 1, 15),
        debtor_bic="CAIXESBBXXX",
    )


PRESENTER = Presenter("ES12000B12345678", "TELCO EJEMPLO SA", "0081", "1234")


def test_writer_output_parses_back() -> None:
    debits = [
        _debit("E2", 1, "AM04", date(2024, 6, 7)),
        _debit("E1", 999_999_999_99, "MD06", date(2024, 6, 7)),
        _debit("E3", 2990, "AC04", date(2024, 6, 10)),
    ]

    data = c19_returns.write(
        PRESENTER,
        "TELCO EJEMPLO SA",
        "ES12000B12345678",
        debits,
        datetime(2024, 6, 10, 10, 15),
        creditor_iban="ES7600811234461234567890",
    )
    result = c19_returns.parse(data)

    assert [t.end_to_end_id for t in result.transactions] == ["E1", "E2", "E3"]
    assert [t.amount_cents for t in result.transactions] == [999_999_999_99, 1, 2990]
    assert result.transactions[0].kind == "refund"
    assert result.message_id.startswith("DEV20240610101500")
    assert all(len(line) == 600 for line in data.split(b"\r\n")[:-1])


def test_writer_matches_hand_made_file(fixtures_dir: Path) -> None:
    expected = c19_returns.parse(_read(fixtures_dir)).transactions
    debits = [
        ReturnedDebit(
            end_to_end_id=t.end_to_end_id,
            mandate_id=t.mandate_id or "",
            amount_cents=t.amount_cents or 0,
            reason_code=t.reason_code or "",
            return_date=t.return_date or date.min,
            collection_date=date(2024, 6, 5),
            debtor_name=t.debtor_name or "",
            debtor_iban="ES9121000418450200051332",
            mandate_date=date(2023, 1, 15),
        )
        for t in expected
    ]

    data = c19_returns.write(
        PRESENTER,
        "TELCO EJEMPLO SA",
        "ES12000B12345678",
        debits,
        datetime(2024, 6, 10),
        creditor_iban="ES7600811234461234567890",
        original_file_id="PRE2024060109000000000008112340001",
    )
    written = data.split(b"\r\n")
    hand_made = _read(fixtures_dir).split(b"\r\n")

    # The totals records do not depend on the fields the writer leaves blank.
    assert written[4] == hand_made[4]
    assert written[7:] == hand_made[7:]
    assert c19_returns.parse(data).transactions == expected


def test_writer_rejects_long_end_to_end_id() -> None:
    with pytest.raises(ValueError, match="end-to-end id"):
        c19_returns.write(
            PRESENTER,
            "TELCO",
            "ES12000B12345678",
            [_debit("X" * 36, 100, "AM04", date(2024, 6, 7))],
            datetime(2024, 6, 10),
            creditor_iban="ES7600811234461234567890",
        )
