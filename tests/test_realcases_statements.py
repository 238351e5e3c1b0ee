"""Bank statements written by third parties, and reported failures of other importers.

The files are read from the third-party samples folder beside the repository; the tests
are skipped where it is absent.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from telcocollect.aeb import norma43
from telcocollect.errors import FormatError
from telcocollect.sepa import camt053
from telcocollect.statements import Statement, statement_fingerprint, statement_line_fingerprints


def _n43(realcases_dir: Path, name: str, *, strict: bool = True) -> list[Statement]:
    return norma43.parse((realcases_dir / "files" / "n43" / name).read_bytes(), strict=strict)


def _camt(realcases_dir: Path, name: str) -> list[Statement]:
    return camt053.parse((realcases_dir / "files" / "camt053" / name).read_bytes())


def _amounts(statement: Statement) -> list[int]:
    return [line.amount_cents for line in statement.lines]


def test_every_sample_parses(realcases_dir: Path) -> None:
    n43_files = sorted((realcases_dir / "files" / "n43").glob("*.n43"))
    camt_files = sorted((realcases_dir / "files" / "camt053").glob("*.xml"))
    assert len(n43_files) == 6
    assert len(camt_files) == 3
    for path in n43_files:
        assert norma43.parse(path.read_bytes(), strict=False), path.name
    for path in camt_files:
        assert camt053.parse(path.read_bytes()), path.name


def test_oca17_anomalies_are_warnings(realcases_dir: Path) -> None:
    [statement] = _n43(realcases_dir, "oca-l10n-spain-17-test.n43")
    assert _amounts(statement) == [-3, -17830, 28029, 0]
    assert statement.closing_balance_cents == 10196
    assert statement.opening_balance_cents == 0
    warnings = " | ".join(statement.warnings)
    assert "U+FFFD" in warnings
    assert "invalid final balance sign '0'" in warnings
    assert "record 88 states 10 records" in warnings
    assert statement.lines[0].texts == ("COMISI\ufffdN",)


def test_oca17_multi_two_accounts(realcases_dir: Path) -> None:
    first, second = _n43(realcases_dir, "oca-l10n-spain-17-testmulti.n43")
    assert first.account_key == "000000000000000000"
    assert second.account_key == "100000001000000000"
    assert len(first.lines) == 3
    assert len(second.lines) == 3
    assert not any("record 88" in w for w in first.warnings + second.warnings)


def test_oca8_latin1_crlf(realcases_dir: Path) -> None:
    [statement] = _n43(realcases_dir, "oca-l10n-spain-8-test.n43")
    assert _amounts(statement) == [-3, -17830, 28029]
    assert statement.lines[0].texts == ("COMISIÓN",)


def test_oca14_identical_lines_kept(realcases_dir: Path) -> None:
    data = (realcases_dir / "files" / "n43" / "oca-l10n-spain-14-duplicated-lines.n43").read_bytes()
    [statement] = norma43.parse(data)
    assert len(statement.lines) == 5
    assert _amounts(statement) == [-3, -17830, 28029, 17830, 17830]
    assert any("modality '5'" in w for w in statement.warnings)
    fingerprints = statement_line_fingerprints(statement)
    assert len(set(fingerprints)) == 5
    [again] = norma43.parse(data)
    assert statement_line_fingerprints(again) == fingerprints
    assert statement_fingerprint(again) == statement_fingerprint(statement)


def test_sequra_mismatch_refused(realcases_dir: Path) -> None:
    with pytest.raises(FormatError) as caught:
        _n43(realcases_dir, "sequra-example1.n43")
    message = str(caught.value)
    assert "999911110123456789" in message
    assert "number of debits: record 33 states 4, the movements give 0" in message
    assert caught.value.field == "number of debits"


def test_sequra_not_strict_warns(realcases_dir: Path) -> None:
    [statement] = _n43(realcases_dir, "sequra-example1.n43", strict=False)
    assert _amounts(statement) == [1234, 1234, 1234, 1234]
    warnings = " | ".join(statement.warnings)
    assert "number of debits: record 33 states 4, the movements give 0" in warnings
    assert "no end-of-file record 88" in warnings


def test_sergief_totals(realcases_dir: Path) -> None:
    [statement] = _n43(realcases_dir, "sergief-movements.n43")
    debits = [line.amount_cents for line in statement.lines if line.amount_cents < 0]
    credits = [line.amount_cents for line in statement.lines if line.amount_cents > 0]
    assert len(debits) == 15
    assert sum(debits) == -66184
    assert credits == [50000]
    assert statement.warnings == ()


def test_camt053_golden(realcases_dir: Path) -> None:
    [statement] = _camt(realcases_dir, "oca-bsi-test-camt053.xml")
    assert statement.currency == "EUR"
    assert statement.account_iban == "NL77ABNA0574908765"
    assert statement.statement_id == "1234Test/1"
    assert statement.opening_balance_cents == 1556827
    assert statement.closing_balance_cents == 1512112
    assert _amounts(statement) == [-75425, -56405, -10000, 140531]
    assert [line.booking_date for line in statement.lines] == [date(2014, 1, 5)] * 4
    assert [line.counterparty_name for line in statement.lines] == [
        "INSURANCE COMPANY TESTX",
        "Test Customer",
        "Test Customer",
        "3rd party Media",
    ]
    assert [line.counterparty_iban for line in statement.lines] == [
        "NL46ABNA0499998748",
        "NL46ABNA0499998748",
        "NL46ABNA0499998748",
        "NL69ABNA0522123643",
    ]
    assert [line.end_to_end_id for line in statement.lines] == [
        "435005714488-ABNO33052620",
        "TESTBANK/NL/20141229/01206408",
        "TESTBANK/NL/20141229/01206407",
        "115",
    ]
    assert [line.bank_transaction_code for line in statement.lines] == [
        "PMNT/RDDT/ESDD",
        "PMNT/IDDT/UPDD",
        "PMNT/IDDT/UPDD",
        "PMNT/RCDT/ESCT",
    ]
    assert [line.return_reason for line in statement.lines] == [None, "AC06", "AC06", None]
    # The sample's balances do not agree with its entries (15555.28 expected).
    assert any("15555.28" in w for w in statement.warnings)


def test_camt053_no_entries(realcases_dir: Path) -> None:
    [statement] = _camt(realcases_dir, "oca-bsi-test-camt053-no-ntry.xml")
    assert statement.lines == ()
    assert statement.currency == "CHF"
    assert statement.opening_balance_cents == statement.closing_balance_cents == 152076
    assert statement.warnings == ("Statement 1234Test/1: no transactions.",)


def test_camt053_transaction_details(realcases_dir: Path) -> None:
    [statement] = _camt(realcases_dir, "oca-bsi-test-camt053-txdtls.xml")
    assert _amounts(statement) == [218700, 129600]
    assert sum(_amounts(statement)) == 348300
    assert [line.counterparty_iban for line in statement.lines] == [
        "CH2222000000123456789",
        "CH3333000000123456789",
    ]
    assert statement.closing_balance_cents == 7944315
    assert statement.warnings == ()


def test_bug01_zero_amount_debit(realcases_dir: Path) -> None:
    path = realcases_dir / "bugs" / "01-n43-zero-amount-line" / "zero_amount_debit.n43"
    [statement] = norma43.parse(path.read_bytes())
    assert _amounts(statement) == [0, 2500]
    assert statement.closing_balance_cents == 102500
    assert statement.warnings == ()


def test_bug02_encodings_identical(realcases_dir: Path) -> None:
    folder = realcases_dir / "bugs" / "02-n43-encoding-bom-latin1"
    results = [
        norma43.parse((folder / name).read_bytes())
        for name in ("utf8_bom_crlf.n43", "latin1_crlf.n43", "utf8_nobom_lf.n43")
    ]
    assert results[0] == results[1] == results[2]
    [statement] = results[0]
    assert _amounts(statement) == [-350]
    assert statement.lines[0].texts == ("COMISIÓN MANTENIMIENTO ÑANDÚ CAÑÓN",)
    assert statement.closing_balance_cents == 499650
    assert statement.warnings == ()


def test_bug04_two_accounts(realcases_dir: Path) -> None:
    path = realcases_dir / "bugs" / "04-n43-multi-account-one-file" / "two_accounts.n43"
    first, second = norma43.parse(path.read_bytes())
    assert first.account_key == "210000010123456789"
    assert second.account_key == "004915000987654321"
    assert first.account_iban is not None
    assert first.account_iban[-10:] == "0123456789"
    assert second.account_iban is not None
    assert second.account_iban[-10:] == "0987654321"
    assert first.closing_balance_cents == 101000
    assert second.closing_balance_cents == 102000
    assert _amounts(first) == [1000]
    assert _amounts(second) == [2000]
    assert first.warnings == second.warnings == ()
