"""Tests of the camt.053 statement parser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from telcocollect.errors import FormatError
from telcocollect.sepa import camt053
from telcocollect.statements import Statement, statement_fingerprint

VERSIONS = ["02", "04", "08"]
NS04 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"


@pytest.fixture
def statements_dir(fixtures_dir: Path) -> Path:
    return fixtures_dir / "statements"


def _parse_version(statements_dir: Path, version: str) -> Statement:
    [statement] = camt053.parse((statements_dir / f"camt053_v{version}.xml").read_bytes())
    return statement


def _document(entries: str, namespace: str = NS04, closing: str = "100.00") -> bytes:
    return f"""<Document xmlns="{namespace}"><BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-31T20:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><CreDtTm>2026-03-31T20:00:00</CreDtTm>
<Acct><Id><IBAN>ES9121000418450200051332</IBAN></Id></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{closing}</Amt>
<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-31</Dt></Dt></Bal>
{entries}
</Stmt></BkToCstmrStmt></Document>""".encode()


def _entry(amount: str, details: str = "", indicator: str = "CRDT") -> str:
    return f"""<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{indicator}</CdtDbtInd>
<Sts>BOOK</Sts><BookgDt><Dt>2026-03-05</Dt></BookgDt><ValDt><Dt>2026-03-05</Dt></ValDt>
<NtryDtls>{details}</NtryDtls></Ntry>"""


def _detail(amount: str | None, e2e: str) -> str:
    amount_element = f'<Amt Ccy="EUR">{amount}</Amt>' if amount is not None else ""
    return f"<TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs>{amount_element}</TxDtls>"


@pytest.mark.parametrize("version", VERSIONS)
def test_statement_header(statements_dir: Path, version: str) -> None:
    statement = _parse_version(statements_dir, version)
    assert statement.format == "camt.053"
    assert statement.statement_id == "EST-2026-03-31"
    assert statement.account_iban == "ES9121000418450200051332"
    assert statement.account_key == "ES9121000418450200051332"
    assert statement.currency == "EUR"
    assert statement.start_date == date(2026, 3, 1)
    assert statement.end_date == date(2026, 3, 31)
    assert statement.opening_balance_cents == 100000
    assert statement.closing_balance_cents == 116975


@pytest.mark.parametrize("version", VERSIONS)
def test_batch_entry_split_per_detail(statements_dir: Path, version: str) -> None:
    first, second = _parse_version(statements_dir, version).lines[:2]
    assert first.amount_cents == 3025
    assert second.amount_cents == 4575
    assert first.end_to_end_id == "E2E-FAC2026-000123"
    assert second.end_to_end_id == "E2E-FAC2026-000124"
    assert first.mandate_id == "MND-0000123"
    assert first.creditor_id == "ES12000B12345678"
    assert first.counterparty_name == "María Núñez Peña"
    assert first.counterparty_iban == "ES7921000813610123456789"
    assert second.counterparty_name == "Jordi Puig & Fills SL"
    assert first.bank_transaction_code == "PMNT/IDDT/ESDD"
    assert first.proprietary_bank_transaction_code == "CORE"
    assert first.texts == ("Factura FAC2026-000123", "ABONO REMESA ADEUDOS SEPA")
    assert first.reference1 == "REM-20260305"


@pytest.mark.parametrize("version", VERSIONS)
def test_returned_debit(statements_dir: Path, version: str) -> None:
    line = _parse_version(statements_dir, version).lines[2]
    assert line.amount_cents == -3025
    assert line.booking_date == date(2026, 3, 10)
    assert line.return_reason == "AM04"
    assert line.end_to_end_id == "E2E-FAC2026-000123"
    assert line.counterparty_name == "María Núñez Peña"
    assert line.bank_transaction_code == "PMNT/IDDT/UPDD"


@pytest.mark.parametrize("version", VERSIONS)
def test_transfer_and_pending_entry(statements_dir: Path, version: str) -> None:
    statement = _parse_version(statements_dir, version)
    assert len(statement.lines) == 4
    line = statement.lines[3]
    assert line.amount_cents == 12400
    assert line.value_date == date(2026, 3, 13)
    assert line.end_to_end_id is None
    assert line.counterparty_name == "Construcciones López SA"
    assert statement.warnings == (
        f"Line {69 if version != '02' else 68}: entry with status PDNG left out; only booked "
        "entries (BOOK) are imported.",
    )


def test_versions_give_same_lines(statements_dir: Path) -> None:
    statements = [_parse_version(statements_dir, version) for version in VERSIONS]
    fingerprints = {statement_fingerprint(statement) for statement in statements}
    assert len(fingerprints) == 1


def test_no_xml_declaration(statements_dir: Path) -> None:
    data = (statements_dir / "camt053_v02.xml").read_bytes()
    assert not data.startswith(b"<?xml")
    assert len(camt053.parse(data)[0].lines) == 4


def test_no_entries_warns() -> None:
    [statement] = camt053.parse(_document(""))
    assert statement.lines == ()
    assert statement.warnings == ("Statement S1: no transactions.",)


def test_balance_mismatch_warns() -> None:
    [statement] = camt053.parse(_document(_entry("10.00"), closing="120.00"))
    assert statement.closing_balance_cents == 12000
    assert "differs from the opening balance plus the booked entries (110.00)" in (
        statement.warnings[0]
    )


def test_single_detail_takes_entry_amount() -> None:
    [statement] = camt053.parse(_document(_entry("10.00", _detail(None, "E1")), closing="110.00"))
    assert [(line.amount_cents, line.end_to_end_id) for line in statement.lines] == [(1000, "E1")]


def test_details_without_amounts_kept_as_one() -> None:
    entry = _entry("10.00", _detail(None, "E1") + _detail(None, "E2"))
    [statement] = camt053.parse(_document(entry, closing="110.00"))
    assert [line.amount_cents for line in statement.lines] == [1000]
    assert "carry no amounts" in statement.warnings[0]


def test_details_not_adding_up_raises() -> None:
    entry = _entry("10.00", _detail("4.00", "E1") + _detail("5.00", "E2"))
    with pytest.raises(FormatError) as caught:
        camt053.parse(_document(entry, closing="110.00"))
    assert caught.value.field == "NtryDtls/TxDtls/Amt"
    assert "do not add up to the entry amount 10.00" in str(caught.value)


def test_details_not_adding_up_not_strict() -> None:
    entry = _entry("10.00", _detail("4.00", "E1") + _detail("5.00", "E2"))
    [statement] = camt053.parse(_document(entry, closing="110.00"), strict=False)
    assert [line.amount_cents for line in statement.lines] == [1000]
    assert "kept as one line" in statement.warnings[0]


def test_debit_indicator_gives_sign() -> None:
    [statement] = camt053.parse(_document(_entry("0.40", indicator="DBIT"), closing="99.60"))
    assert statement.lines[0].amount_cents == -40
    assert statement.warnings == ()


def test_wrong_namespace_names_both() -> None:
    other = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.04"
    with pytest.raises(FormatError) as caught:
        camt053.parse(_document("", namespace=other))
    message = str(caught.value)
    assert other in message
    assert NS04 in message
    assert caught.value.field == "namespace"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not well-formed"),
        (b"<Document", "not well-formed"),
        (b"\xff\xfe\x00garbage", "not well-formed"),
        (b"<Other xmlns='%s'/>" % NS04.encode(), "root element Other"),
        (_document(_entry("10,00"), closing="110.00"), "Invalid amount"),
        (_document(_entry("10.001"), closing="110.00"), "at most 2 decimals"),
        (_document(_entry("10.00", indicator="XXXX"), closing="110.00"), "CRDT or DBIT"),
        (_document("").replace(b"2026-03-31</Dt>", b"2026-02-30</Dt>"), "Invalid date"),
        (_document("").replace(b"CLBD", b"ITBD"), "Bal with type CLBD"),
    ],
)
def test_hostile_input_raises(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        camt053.parse(data)


def test_entity_expansion_rejected() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><x>&b;</x></Document>"""
    with pytest.raises(FormatError):
        camt053.parse(bomb)


def test_external_entity_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    data = f"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY s SYSTEM "file://{secret}">]>
<Document xmlns="{NS04}"><BkToCstmrStmt><Stmt><Id>&s;</Id></Stmt></BkToCstmrStmt></Document>"""
    with pytest.raises(FormatError) as caught:
        camt053.parse(data.encode())
    assert "SECRET" not in str(caught.value)


def test_large_statement_parses() -> None:
    entries = "".join(_entry("1.00", _detail(None, f"E{index}")) for index in range(5000))
    [statement] = camt053.parse(_document(entries, closing="5100.00"))
    assert len(statement.lines) == 5000
    assert statement.lines[-1].end_to_end_id == "E4999"
    assert statement.warnings == ()
