"""Tests of the AEB Norma 43 statement parser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from telcocollect.aeb import norma43
from telcocollect.errors import FormatError
from telcocollect.statements import (
    Statement,
    line_fingerprint,
    statement_fingerprint,
    statement_line_fingerprints,
)


@pytest.fixture
def statements_dir(fixtures_dir: Path) -> Path:
    return fixtures_dir / "statements"


@pytest.fixture
def sample(statements_dir: Path) -> list[Statement]:
    return norma43.parse((statements_dir / "two_accounts_sepa.n43").read_bytes())


def _record(text: str) -> str:
    return text.ljust(80)


def _file(records: list[str], eol: str = "\r\n") -> bytes:
    return (eol.join(records) + eol).encode("iso-8859-1")


def _header(opening: int = 100000, sign: str = "2") -> str:
    return _record(f"11210000010123456789260301260331{sign}{opening:014d}9783TEST SL")


def _movement(flag: str, amount: int, concept: str = "04") -> str:
    return _record(f"22    0001260305260305{concept}001{flag}{amount:014d}0000000000")


def _totals(debits: tuple[int, int], credits: tuple[int, int], closing: int) -> str:
    return _record(
        f"33210000010123456789{debits[0]:05d}{debits[1]:014d}{credits[0]:05d}"
        f"{credits[1]:014d}2{closing:014d}978"
    )


def _end(count: int) -> str:
    return _record(f"88{'9' * 18}{count:06d}")


def test_sample_two_accounts(sample: list[Statement]) -> None:
    assert len(sample) == 2
    first, second = sample
    assert first.account_key == "210000010123456789"
    assert first.account_iban == "ES1921000001010123456789"
    assert first.currency == "EUR"
    assert first.format == "norma43"
    assert first.start_date == date(2026, 3, 1)
    assert first.end_date == date(2026, 3, 31)
    assert first.opening_balance_cents == 150000
    assert first.closing_balance_cents == 161395
    assert len(first.lines) == 5
    assert first.warnings == ()
    assert second.account_key == "004915000987654321"
    assert second.opening_balance_cents == -20000
    assert second.closing_balance_cents == 27600
    assert [line.amount_cents for line in second.lines] == [50000, -1200, -1200]


def test_sample_latin1_text(sample: list[Statement]) -> None:
    assert sample[0].lines[3].texts == ("COMISIÓN MANTENIMIENTO BONIFICADA 100%",)
    assert sample[1].lines[0].texts == ("INGRESO EN EFECTIVO OFICINA 1500 ÑANDÚ",)


def test_sepa_direct_debit_fields(sample: list[Statement]) -> None:
    line = sample[0].lines[0]
    assert line.amount_cents == 3025
    assert line.common_concept == "03"
    assert line.creditor_id == "ES12000B12345678"
    assert line.mandate_id == "MND-0000123"
    assert line.end_to_end_id == "E2E-FAC2026-000123"
    assert line.counterparty_name == "MARÍA NÚÑEZ PEÑA"
    assert line.texts == ("FACTURA FAC2026-000123 MARZO 2026",)
    assert line.reference1 == "REM20260305"
    assert line.reference2 == "FAC2026-000123"
    assert line.source_line == 2


def test_return_concept_14(sample: list[Statement]) -> None:
    line = sample[0].lines[1]
    assert line.common_concept == "14"
    assert line.amount_cents == -3025
    assert line.end_to_end_id == "E2E-FAC2026-000123"
    assert line.mandate_id == "MND-0000123"
    assert line.return_reason is None


def test_sepa_transfer_fields(sample: list[Statement]) -> None:
    line = sample[0].lines[2]
    assert line.amount_cents == 12345
    assert line.counterparty_name == "CONSTRUCCIONES LÓPEZ SA"
    assert line.end_to_end_id == "PAGO-FAC2026-000456"
    assert line.mandate_id is None
    assert line.texts == (
        "PAGO FACTURA FAC2026-000456 Y FAC2026-000457 SERVICIOS DE FIBRA OPTICA EMPRESAS",
        "CONTACTO ADMINISTRACION",
    )


def test_zero_amount_debit_counts_as_debit(sample: list[Statement]) -> None:
    line = sample[0].lines[3]
    assert line.amount_cents == 0
    assert line.common_concept == "17"


def test_equivalence_record_24(sample: list[Statement]) -> None:
    line = sample[0].lines[4]
    assert line.amount_cents == -950
    assert line.original_currency == "USD"
    assert line.original_amount_cents == 1045


def test_utf8_bom_lf_same_result(statements_dir: Path, sample: list[Statement]) -> None:
    other = norma43.parse((statements_dir / "two_accounts_sepa_utf8_bom.n43").read_bytes())
    assert [s.lines for s in other] == [s.lines for s in sample]
    assert [s.closing_balance_cents for s in other] == [s.closing_balance_cents for s in sample]
    assert [s.warnings for s in other] == [(), ()]


def test_zero_debit_by_flag_passes_totals() -> None:
    records = [
        _header(),
        _movement("1", 0),
        _movement("2", 2500),
        _totals((1, 0), (1, 2500), 102500),
        _end(5),
    ]
    [statement] = norma43.parse(_file(records))
    assert [line.amount_cents for line in statement.lines] == [0, 2500]
    assert statement.closing_balance_cents == 102500
    assert statement.warnings == ()


@pytest.mark.parametrize("count", [4, 5])
def test_end_record_counts_with_or_without_itself(count: int) -> None:
    records = [
        _header(),
        _movement("2", 100),
        _record("2301TEXT"),
        _totals((0, 0), (1, 100), 100100),
    ]
    [statement] = norma43.parse(_file([*records, _end(count)]))
    assert statement.warnings == ()


def test_end_record_wrong_count_warns() -> None:
    records = [_header(), _movement("2", 100), _totals((0, 0), (1, 100), 100100), _end(9)]
    [statement] = norma43.parse(_file(records))
    assert len(statement.warnings) == 1
    assert "states 9 records" in statement.warnings[0]
    assert "3 records before it" in statement.warnings[0]


def test_missing_end_record_warns() -> None:
    records = [_header(), _movement("2", 100), _totals((0, 0), (1, 100), 100100)]
    [statement] = norma43.parse(_file(records))
    assert any("no end-of-file record 88" in w for w in statement.warnings)


def test_totals_mismatch_raises(statements_dir: Path) -> None:
    with pytest.raises(FormatError) as caught:
        norma43.parse((statements_dir / "totals_mismatch.n43").read_bytes())
    error = caught.value
    assert error.line == 25
    assert error.field == "number of debits"
    assert error.value == "4"
    assert "210000010123456789" in str(error)
    assert "record 33 states 4, the movements give 3" in str(error)


def test_totals_mismatch_not_strict_warns(statements_dir: Path) -> None:
    data = (statements_dir / "totals_mismatch.n43").read_bytes()
    first, second = norma43.parse(data, strict=False)
    assert len(first.lines) == 5
    assert len(first.warnings) == 1
    assert "number of debits: record 33 states 4, the movements give 3" in first.warnings[0]
    assert second.warnings == ()


def test_balance_equation_mismatch_raises() -> None:
    records = [_header(), _movement("2", 100), _totals((0, 0), (1, 100), 100200), _end(4)]
    with pytest.raises(FormatError) as caught:
        norma43.parse(_file(records))
    assert caught.value.field == "final balance"
    assert "record 33 states 1002.00" in str(caught.value)
    assert "opening balance + credits - debits gives 1001.00" in str(caught.value)


def test_balance_mismatch_not_strict_keeps_stated_closing() -> None:
    records = [_header(), _movement("2", 100), _totals((0, 0), (1, 100), 100200), _end(4)]
    [statement] = norma43.parse(_file(records), strict=False)
    assert statement.closing_balance_cents == 100200
    assert "final balance" in statement.warnings[0]


def test_invalid_final_sign_warns() -> None:
    totals = _totals((0, 0), (1, 100), 100100)
    totals = totals[:58] + "0" + totals[59:]
    [statement] = norma43.parse(_file([_header(), _movement("2", 100), totals, _end(4)]))
    assert statement.closing_balance_cents == 100100
    assert "invalid final balance sign '0'" in statement.warnings[0]


@pytest.mark.parametrize(
    ("name", "line", "field"),
    [
        ("malformed_amount.n43", 2, "amount"),
        ("malformed_date.n43", 2, "booking date"),
        ("truncated_header.n43", 1, "record length"),
        ("movement_before_header.n43", 1, "record code"),
        ("unknown_record.n43", 6, "record code"),
        ("invalid_debit_credit_flag.n43", 2, "debit/credit flag"),
    ],
)
def test_malformed_file_raises(statements_dir: Path, name: str, line: int, field: str) -> None:
    with pytest.raises(FormatError) as caught:
        norma43.parse((statements_dir / name).read_bytes())
    assert caught.value.line == line
    assert caught.value.field == field
    assert f"line {line}" in str(caught.value)


def test_cut_short_file_raises(statements_dir: Path) -> None:
    with pytest.raises(FormatError, match="no totals record 33"):
        norma43.parse((statements_dir / "cut_short.n43").read_bytes())


def test_cut_short_file_not_strict(statements_dir: Path) -> None:
    first, second = norma43.parse((statements_dir / "cut_short.n43").read_bytes(), strict=False)
    assert first.warnings == ("The file has no end-of-file record 88; it may have been cut short.",)
    assert len(second.lines) == 1
    assert second.closing_balance_cents == 30000
    assert any("no totals record 33" in w for w in second.warnings)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\r\n\r\n", "empty"),
        (b"\x1a", "empty"),
        (b"<?xml version='1.0'?><Document/>", "Unknown Norma 43 record code"),
        (b"\x00\x01\x02\xff" * 30, "Unknown Norma 43 record code"),
    ],
)
def test_hostile_input_raises(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        norma43.parse(data)


def test_continuation_without_movement_raises() -> None:
    with pytest.raises(FormatError) as caught:
        norma43.parse(_file([_header(), _record("2301TEXT")]))
    assert caught.value.line == 2
    assert "without a movement record 22" in str(caught.value)


def test_record_after_end_raises() -> None:
    records = [_header(), _totals((0, 0), (0, 0), 100000), _end(2), _header()]
    with pytest.raises(FormatError, match="after the end-of-file record 88"):
        norma43.parse(_file(records))


def test_short_movement_raises() -> None:
    with pytest.raises(FormatError) as caught:
        norma43.parse(_file([_header(), _movement("2", 100)[:35]]))
    assert caught.value.field == "record length"


def test_short_optional_field_warns() -> None:
    totals = _totals((0, 0), (1, 100), 100100)[:73]
    [statement] = norma43.parse(_file([_header(), _movement("2", 100)[:45], totals, _end(3)]))
    assert statement.lines[0].amount_cents == 100
    assert sum("its fixed-width fields need" in w for w in statement.warnings) == 2


def test_long_line_warns() -> None:
    movement = _movement("2", 100) + "EXTRA"
    [statement] = norma43.parse(_file([_header(), movement, _totals((0, 0), (1, 100), 100100)]))
    assert any("'EXTRA'" in w for w in statement.warnings)


def test_empty_account_warns() -> None:
    [statement] = norma43.parse(_file([_header(), _totals((0, 0), (0, 0), 100000), _end(2)]))
    assert statement.lines == ()
    assert any("no transactions" in w for w in statement.warnings)


def test_repeated_warnings_are_counted() -> None:
    records = [_header()]
    for _ in range(12):
        records.append(_movement("2", 100) + "EXTRA")
    records.append(_totals((0, 0), (12, 1200), 101200))
    [statement] = norma43.parse(_file(records, eol="\n"))
    assert sum("EXTRA" in w for w in statement.warnings) == 5
    assert any(w.startswith("7 more warnings like these") for w in statement.warnings)


def test_large_file_parses() -> None:
    count = 20000
    records = [_header()]
    for index in range(count):
        records.append(_movement("1" if index % 2 else "2", index))
        records.append(_record(f"2301RECIBO {index}"))
    debits = sum(range(1, count, 2))
    credits = sum(range(0, count, 2))
    records.append(_totals((count // 2, debits), (count // 2, credits), 100000 + credits - debits))
    records.append(_end(len(records)))
    [statement] = norma43.parse(_file(records))
    assert len(statement.lines) == count
    assert statement.lines[-1].texts == (f"RECIBO {count - 1}",)


def test_fingerprints_stable_on_reimport(statements_dir: Path) -> None:
    data = (statements_dir / "two_accounts_sepa.n43").read_bytes()
    first = norma43.parse(data)
    again = norma43.parse(data)
    assert [statement_fingerprint(s) for s in first] == [statement_fingerprint(s) for s in again]
    assert statement_fingerprint(first[0]) != statement_fingerprint(first[1])


def test_identical_lines_get_distinct_fingerprints(sample: list[Statement]) -> None:
    second = sample[1]
    assert second.lines[1].texts == second.lines[2].texts
    fingerprints = statement_line_fingerprints(second)
    assert len(set(fingerprints)) == 3
    assert fingerprints[1] == line_fingerprint(second.account_key, second.lines[1], 0)
    assert fingerprints[2] == line_fingerprint(second.account_key, second.lines[2], 1)


def test_line_fingerprint_ignores_position(sample: list[Statement]) -> None:
    line = sample[0].lines[0]
    moved = type(line)(**{**{f: getattr(line, f) for f in line.__slots__}, "source_line": 99})
    assert line_fingerprint("K", line, 0) == line_fingerprint("K", moved, 0)
    assert line_fingerprint("K", line, 0) != line_fingerprint("OTHER", line, 0)


def test_line_fingerprint_rejects_negative_occurrence(sample: list[Statement]) -> None:
    with pytest.raises(ValueError, match="occurrence"):
        line_fingerprint("K", sample[0].lines[0], -1)
