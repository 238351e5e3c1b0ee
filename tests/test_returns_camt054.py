"""Tests of the camt.054 reader on the project's own notifications."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from telcocollect.errors import FormatError
from telcocollect.sepa import camt054


def _read(fixtures_dir: Path) -> bytes:
    return (fixtures_dir / "returns" / "camt054_return.xml").read_bytes()


def test_returned_debit_values(fixtures_dir: Path) -> None:
    result = camt054.parse(_read(fixtures_dir))

    assert result.format == "camt.054.001.08"
    assert result.message_id == "NTF20240614000007"
    (returned,) = result.transactions
    assert returned.end_to_end_id == "INV-2024-0120"
    assert returned.reason_code == "MS03"
    assert returned.amount_cents == 5995
    assert returned.mandate_id == "MND-000220"
    assert returned.debtor_name == "MORENO DIAZ CARMEN"
    assert returned.return_date == date(2024, 6, 14)
    assert returned.kind == "return"


def test_credit_goes_to_credits(fixtures_dir: Path) -> None:
    (credit,) = camt054.parse(_read(fixtures_dir)).credits

    assert credit.amount_cents == 12000
    assert credit.currency == "EUR"
    assert credit.end_to_end_id == "NOTPROVIDED"
    assert credit.reference == "FACTURA INV-2024-0003"
    assert credit.debtor_name == "EMPRESA DEMO SL"


@pytest.mark.parametrize("version", [b"camt.054.001.02", b"camt.054.001.04"])
def test_older_versions_accepted(fixtures_dir: Path, version: bytes) -> None:
    data = _read(fixtures_dir).replace(b"camt.054.001.08", version)

    assert len(camt054.parse(data).transactions) == 1


def test_unsupported_version_rejected(fixtures_dir: Path) -> None:
    data = _read(fixtures_dir).replace(b"camt.054.001.08", b"camt.054.001.06")

    with pytest.raises(FormatError, match="Unsupported camt.054 version"):
        camt054.parse(data)


def test_refund_reason_gives_refund(fixtures_dir: Path) -> None:
    data = _read(fixtures_dir).replace(b"<Cd>MS03</Cd>", b"<Cd>MD06</Cd>")

    assert camt054.parse(data).transactions[0].kind == "refund"


def test_debit_without_return_info_skipped(fixtures_dir: Path) -> None:
    data = (
        _read(fixtures_dir)
        .replace(b"<SubFmlyCd>UPDD</SubFmlyCd>", b"<SubFmlyCd>ESDD</SubFmlyCd>")
        .replace(b"<RtrInf>", b"<!--")
        .replace(b"</RtrInf>", b"-->")
    )

    result = camt054.parse(data)

    assert result.transactions == ()
    assert len(result.warnings) == 1
    assert "skipped" in result.warnings[0]


def test_unknown_reason_code_warns(fixtures_dir: Path) -> None:
    data = _read(fixtures_dir).replace(b"<Cd>MS03</Cd>", b"<Cd>ZZ99</Cd>")

    result = camt054.parse(data)

    assert result.transactions[0].reason_code == "ZZ99"
    assert "ZZ99" in result.warnings[0]


def test_bad_amount_names_element(fixtures_dir: Path) -> None:
    data = _read(fixtures_dir).replace(b'<Amt Ccy="EUR">59.95</Amt>\n              </InstdAmt>',
                                       b'<Amt Ccy="EUR">59.9x</Amt>\n              </InstdAmt>')

    with pytest.raises(FormatError) as caught:
        camt054.parse(data)

    assert caught.value.field == "TxDtls/AmtDtls/InstdAmt/Amt"
    assert caught.value.value == "59.9x"
    assert caught.value.line == 43
