"""Tests of the pain.002 reader on the project's own status reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from telcocollect.errors import FormatError
from telcocollect.sepa import pain002


def _read(fixtures_dir: Path, name: str) -> bytes:
    return (fixtures_dir / "returns" / name).read_bytes()


def test_reject_file_lists_rejected_only(fixtures_dir: Path) -> None:
    result = pain002.parse(_read(fixtures_dir, "pain002_reject.xml"))

    assert result.format == "pain.002.001.03"
    assert result.message_id == "ST20240603000123"
    assert [t.end_to_end_id for t in result.transactions] == ["INV-2024-0101", "INV-2024-0103"]
    assert result.warnings == ()


def test_reject_file_transaction_values(fixtures_dir: Path) -> None:
    first, second = pain002.parse(_read(fixtures_dir, "pain002_reject.xml")).transactions

    assert first.kind == "reject"
    assert first.reason_code == "AC01"
    assert first.amount_cents == 2990
    assert first.mandate_id == "MND-000201"
    assert first.debtor_name == "LOPEZ RUIZ MARTA"
    assert first.original_message_id == "REM-2024-06"
    assert first.return_date == date(2024, 6, 3)
    assert first.source_line == 17
    assert second.amount_cents == 99
    assert second.reason_code == "MD07"


def test_da_file_gives_returns_and_refund(fixtures_dir: Path) -> None:
    result = pain002.parse(_read(fixtures_dir, "pain002_da_return.xml"))
    by_id = {t.end_to_end_id: t for t in result.transactions}

    assert by_id["INV-2024-0110"].kind == "return"
    assert by_id["INV-2024-0110"].amount_cents == 123456
    assert by_id["INV-2024-0111"].kind == "refund"
    assert by_id["INV-2024-0111"].debtor_name is None


def test_wrong_namespace_rejected(fixtures_dir: Path) -> None:
    with pytest.raises(FormatError) as caught:
        pain002.parse(_read(fixtures_dir, "pain002_wrong_namespace.xml"))

    assert "pain.999.001.03" in str(caught.value)
    assert "pain.002.001.03" in str(caught.value)
    assert caught.value.field == "xmlns"


def test_bad_amount_names_element_and_line(fixtures_dir: Path) -> None:
    with pytest.raises(FormatError) as caught:
        pain002.parse(_read(fixtures_dir, "pain002_bad_amount.xml"))

    assert caught.value.field == "OrgnlTxRef/Amt/InstdAmt"
    assert caught.value.value == "29,90"
    assert caught.value.line == 27


@pytest.mark.parametrize("amount", ["12.345", "-5.00", "1e3", "", "NaN"])
def test_invalid_amount_texts_rejected(fixtures_dir: Path, amount: str) -> None:
    data = _read(fixtures_dir, "pain002_reject.xml").replace(
        b'"EUR">29.90<', b'"EUR">' + amount.encode() + b"<"
    )

    with pytest.raises(FormatError, match="Invalid amount"):
        pain002.parse(data)


def test_trailing_zero_decimals_accepted(fixtures_dir: Path) -> None:
    data = _read(fixtures_dir, "pain002_reject.xml").replace(b">29.90<", b">29.90000<")

    assert pain002.parse(data).transactions[0].amount_cents == 2990


def test_foreign_currency_rejected(fixtures_dir: Path) -> None:
    data = _read(fixtures_dir, "pain002_reject.xml").replace(b'Ccy="EUR">29.90', b'Ccy="USD">29.90')

    with pytest.raises(FormatError, match="currency"):
        pain002.parse(data)


def test_missing_end_to_end_id_rejected(fixtures_dir: Path) -> None:
    data = _read(fixtures_dir, "pain002_reject.xml").replace(
        b"<OrgnlEndToEndId>INV-2024-0101</OrgnlEndToEndId>", b""
    )

    with pytest.raises(FormatError, match="OrgnlEndToEndId"):
        pain002.parse(data)


def test_later_version_accepted(fixtures_dir: Path) -> None:
    data = _read(fixtures_dir, "pain002_reject.xml").replace(b"pain.002.001.03", b"pain.002.001.10")

    result = pain002.parse(data)

    assert result.format == "pain.002.001.10"
    assert len(result.transactions) == 2


GROUP_REJECT = b"""<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>ST1</MsgId><CreDtTm>2024-06-03T08:15:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>REM-2024-07</OrgnlMsgId>
      <OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId>
      <GrpSts>RJCT</GrpSts>
      <StsRsnInf><Rsn><Cd>FF01</Cd></Rsn></StsRsnInf>
    </OrgnlGrpInfAndSts>
  </CstmrPmtStsRpt>
</Document>
"""


def test_group_reject_without_transactions_warns() -> None:
    result = pain002.parse(GROUP_REJECT)

    assert result.transactions == ()
    assert len(result.warnings) == 1
    assert "REM-2024-07" in result.warnings[0]
    assert "FF01" in result.warnings[0]


def test_missing_message_id_rejected() -> None:
    with pytest.raises(FormatError, match="MsgId"):
        pain002.parse(GROUP_REJECT.replace(b"<MsgId>ST1</MsgId>", b""))


def test_invalid_xml_names_line() -> None:
    with pytest.raises(FormatError) as caught:
        pain002.parse(b"<?xml version='1.0'?>\n<Document>\n<oops></Document>")

    assert caught.value.line == 3
