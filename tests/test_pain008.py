"""Tests of pain.008 building, XSD validation and the checks Spanish banks apply."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path
from typing import cast

import pytest
from lxml import etree

from telcocollect.errors import InvalidIdentifier, SchemaValidationError
from telcocollect.identifiers import make_spanish_iban
from telcocollect.money import to_cents
from telcocollect.sepa.pain008 import (
    PAIN008_VERSIONS,
    Creditor,
    DirectDebit,
    InvalidDebitError,
    MandateAmendment,
    Pain008Version,
    PostalAddress,
    build_pain008,
    check_debit,
    group_debits,
    spanish_bank_warnings,
    split_by_scheme,
    validate_pain008,
)

CREATED = dt.datetime(2026, 3, 2, 10, 0, 0)
CREDITOR = Creditor(
    name="Telco Ejemplo S.L.",
    iban="ES91 2100 0418 4502 0005 1332",
    bic="CAIXESBBXXX",
    creditor_id="ES26000B64717838",
)
CAIXABANK_IBAN = "ES7921000813610123456789"
SANTANDER_IBAN = "ES6000491500051234567892"
CAIXABANK_OTHER_IBAN = make_spanish_iban("2100", "9999", "42")


def make_debit(number: int = 1, **changes: object) -> DirectDebit:
    debit = DirectDebit(
        end_to_end_id=f"REC-{number:04d}",
        amount_cents=2995,
        mandate_id=f"MND-{number:04d}",
        mandate_date=dt.date(2024, 1, 15),
        debtor_name="Cliente Uno",
        debtor_iban=CAIXABANK_IBAN,
        debtor_bic="CAIXESBBXXX",
        debtor_address=PostalAddress(
            "ES", "Madrid", street="Calle Mayor", building_number="1", postcode="28013"
        ),
        remittance_info=f"Factura F-{number:04d}",
        sequence_type="RCUR",
        scheme="CORE",
        collection_date=dt.date(2026, 3, 10),
    )
    return dataclasses.replace(debit, **changes)  # type: ignore[arg-type]


def parse(xml: bytes) -> tuple[etree._Element, dict[str, str]]:
    root = etree.fromstring(xml)
    return root, {"p": root.nsmap[None]}


def texts(root: etree._Element, path: str, ns: dict[str, str]) -> list[str]:
    found = root.xpath(path, namespaces=ns)
    return [item if isinstance(item, str) else item.text for item in found]


@pytest.fixture(params=PAIN008_VERSIONS)
def version(request: pytest.FixtureRequest) -> Pain008Version:
    return cast(Pain008Version, request.param)


def test_build_is_schema_valid(version: Pain008Version) -> None:
    xml = build_pain008(
        "REM-2026-03-001", CREATED, CREDITOR, [make_debit(1), make_debit(2)], version
    )
    validate_pain008(xml)
    root, _ns = parse(xml)
    assert etree.QName(root).namespace == f"urn:iso:std:iso:20022:tech:xsd:{version}"


def test_group_header_values(version: Pain008Version) -> None:
    xml = build_pain008(
        "REM-2026-03-001", CREATED, CREDITOR, [make_debit(1), make_debit(2)], version
    )
    root, ns = parse(xml)
    header = "/p:Document/p:CstmrDrctDbtInitn/p:GrpHdr"
    assert texts(root, f"{header}/p:MsgId", ns) == ["REM-2026-03-001"]
    assert texts(root, f"{header}/p:CreDtTm", ns) == ["2026-03-02T10:00:00"]
    assert texts(root, f"{header}/p:NbOfTxs", ns) == ["2"]
    assert texts(root, f"{header}/p:CtrlSum", ns) == ["59.90"]
    assert texts(root, f"{header}/p:InitgPty/p:Nm", ns) == ["Telco Ejemplo S.L."]
    assert texts(root, f"{header}/p:InitgPty/p:Id/p:OrgId/p:Othr/p:Id", ns) == ["ES26000B64717838"]


def test_initiating_party_private_id(version: Pain008Version) -> None:
    creditor = dataclasses.replace(
        CREDITOR, initiating_party_id="ES26001B64717838", initiating_party_kind="private"
    )
    xml = build_pain008("REM-1", CREATED, creditor, [make_debit()], version)
    validate_pain008(xml)
    root, ns = parse(xml)
    assert texts(root, "//p:GrpHdr/p:InitgPty/p:Id/p:PrvtId/p:Othr/p:Id", ns) == [
        "ES26001B64717838"
    ]
    assert root.xpath("//p:GrpHdr/p:InitgPty/p:Id/p:OrgId", namespaces=ns) == []
    # The scheme identification of the block stays the creditor identifier.
    assert texts(root, "//p:PmtInf/p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id", ns) == [
        "ES26000B64717838"
    ]


def test_payment_information_values(version: Pain008Version) -> None:
    xml = build_pain008("REM-1", CREATED, CREDITOR, [make_debit()], version)
    root, ns = parse(xml)
    block = "//p:PmtInf"
    assert texts(root, f"{block}/p:PmtInfId", ns) == ["REM-1-1"]
    assert texts(root, f"{block}/p:PmtMtd", ns) == ["DD"]
    assert texts(root, f"{block}/p:PmtTpInf/p:SvcLvl/p:Cd", ns) == ["SEPA"]
    assert texts(root, f"{block}/p:PmtTpInf/p:LclInstrm/p:Cd", ns) == ["CORE"]
    assert texts(root, f"{block}/p:PmtTpInf/p:SeqTp", ns) == ["RCUR"]
    assert texts(root, f"{block}/p:ReqdColltnDt", ns) == ["2026-03-10"]
    assert texts(root, f"{block}/p:CdtrAcct/p:Id/p:IBAN", ns) == ["ES9121000418450200051332"]
    assert texts(root, f"{block}/p:ChrgBr", ns) == ["SLEV"]
    assert texts(root, f"{block}/p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:SchmeNm/p:Prtry", ns) == [
        "SEPA"
    ]


def test_bic_element_per_version(version: Pain008Version) -> None:
    xml = build_pain008("REM-1", CREATED, CREDITOR, [make_debit()], version)
    root, ns = parse(xml)
    tag = "BIC" if version == "pain.008.001.02" else "BICFI"
    assert texts(root, f"//p:CdtrAgt/p:FinInstnId/p:{tag}", ns) == ["CAIXESBBXXX"]
    assert texts(root, f"//p:DbtrAgt/p:FinInstnId/p:{tag}", ns) == ["CAIXESBBXXX"]


def test_missing_bic_not_provided(version: Pain008Version) -> None:
    creditor = dataclasses.replace(CREDITOR, bic=None)
    xml = build_pain008("REM-1", CREATED, creditor, [make_debit(debtor_bic=None)], version)
    validate_pain008(xml)
    root, ns = parse(xml)
    assert texts(root, "//p:DbtrAgt/p:FinInstnId/p:Othr/p:Id", ns) == ["NOTPROVIDED"]
    assert texts(root, "//p:CdtrAgt/p:FinInstnId/p:Othr/p:Id", ns) == ["NOTPROVIDED"]


def test_b2b_local_instrument(version: Pain008Version) -> None:
    xml = build_pain008("REM-1", CREATED, CREDITOR, [make_debit(scheme="B2B")], version)
    validate_pain008(xml)
    root, ns = parse(xml)
    assert texts(root, "//p:PmtTpInf/p:LclInstrm/p:Cd", ns) == ["B2B"]
    assert texts(root, "//p:PmtTpInf/p:SvcLvl/p:Cd", ns) == ["SEPA"]


def test_amounts_below_one_euro(version: Pain008Version) -> None:
    debits = [make_debit(index, amount_cents=cents) for index, cents in enumerate((24, 5, 100, 1))]
    xml = build_pain008("REM-1", CREATED, CREDITOR, debits, version)
    validate_pain008(xml)
    root, ns = parse(xml)
    assert texts(root, "//p:DrctDbtTxInf/p:InstdAmt", ns) == ["0.24", "0.05", "1.00", "0.01"]
    assert texts(root, "//p:CtrlSum", ns) == ["1.30", "1.30"]
    assert texts(root, "//p:DrctDbtTxInf/p:InstdAmt/@Ccy", ns) == ["EUR"] * 4


def test_float_amounts_through_cents(version: Pain008Version) -> None:
    values = [0.29, 0.57, 1.15, 4.35, 1234.5]
    debits = [make_debit(index, amount_cents=to_cents(value)) for index, value in enumerate(values)]
    xml = build_pain008("REM-1", CREATED, CREDITOR, debits, version)
    root, ns = parse(xml)
    assert texts(root, "//p:InstdAmt", ns) == ["0.29", "0.57", "1.15", "4.35", "1234.50"]
    assert texts(root, "//p:GrpHdr/p:CtrlSum", ns) == ["1240.86"]


def test_totals_per_block(version: Pain008Version) -> None:
    debits = [
        make_debit(1, amount_cents=1001),
        make_debit(2, amount_cents=2002, sequence_type="FRST"),
        make_debit(3, amount_cents=3003),
        make_debit(4, amount_cents=4004, collection_date=dt.date(2026, 3, 11)),
    ]
    xml = build_pain008("REM-1", CREATED, CREDITOR, debits, version)
    root, ns = parse(xml)
    blocks = root.xpath("//p:PmtInf", namespaces=ns)
    summary = [
        (
            block.findtext("p:PmtTpInf/p:SeqTp", namespaces=ns),
            block.findtext("p:ReqdColltnDt", namespaces=ns),
            block.findtext("p:NbOfTxs", namespaces=ns),
            block.findtext("p:CtrlSum", namespaces=ns),
        )
        for block in blocks
    ]
    assert summary == [
        ("FRST", "2026-03-10", "1", "20.02"),
        ("RCUR", "2026-03-10", "2", "40.04"),
        ("RCUR", "2026-03-11", "1", "40.04"),
    ]
    assert texts(root, "//p:GrpHdr/p:NbOfTxs", ns) == ["4"]
    assert texts(root, "//p:GrpHdr/p:CtrlSum", ns) == ["100.10"]


def test_structured_debtor_address(version: Pain008Version) -> None:
    xml = build_pain008("REM-1", CREATED, CREDITOR, [make_debit()], version)
    root, ns = parse(xml)
    address = root.xpath("//p:Dbtr/p:PstlAdr", namespaces=ns)[0]
    children = [(etree.QName(child).localname, child.text) for child in address]
    assert children == [
        ("StrtNm", "Calle Mayor"),
        ("BldgNb", "1"),
        ("PstCd", "28013"),
        ("TwnNm", "Madrid"),
        ("Ctry", "ES"),
    ]


def test_address_town_and_country_only(version: Pain008Version) -> None:
    debit = make_debit(debtor_address=PostalAddress("es", "A Coruña"))
    xml = build_pain008("REM-1", CREATED, CREDITOR, [debit], version)
    validate_pain008(xml)
    root, ns = parse(xml)
    assert texts(root, "//p:Dbtr/p:PstlAdr/*", ns) == ["A Coruna", "ES"]


def test_text_converted_once(version: Pain008Version) -> None:
    debit = make_debit(
        debtor_name="Peña Muñoz & Cía, S.L.", remittance_info='Factura nº 1 – línea "móvil" <5>'
    )
    xml = build_pain008("REM-1", CREATED, CREDITOR, [debit], version)
    assert b"&amp;" not in xml
    assert b"&apos;" not in xml
    root, ns = parse(xml)
    assert texts(root, "//p:Dbtr/p:Nm", ns) == ["Pena Munoz Y Cia, S.L."]
    assert texts(root, "//p:RmtInf/p:Ustrd", ns) == ["Factura no 1 - linea movil 5"]


def test_long_texts_truncated(version: Pain008Version) -> None:
    debit = make_debit(debtor_name="Ñ" * 100, remittance_info="x" * 200)
    xml = build_pain008("REM-1", CREATED, CREDITOR, [debit], version)
    validate_pain008(xml)
    root, ns = parse(xml)
    assert texts(root, "//p:Dbtr/p:Nm", ns) == ["N" * 70]
    assert texts(root, "//p:RmtInf/p:Ustrd", ns) == ["x" * 140]


def test_empty_remittance_omitted(version: Pain008Version) -> None:
    xml = build_pain008("REM-1", CREATED, CREDITOR, [make_debit(remittance_info="")], version)
    validate_pain008(xml)
    root, ns = parse(xml)
    assert root.xpath("//p:RmtInf", namespaces=ns) == []


# --------------------------------------------------------------------------- amendments


def amendment_of(xml: bytes) -> tuple[etree._Element, dict[str, str]]:
    root, ns = parse(xml)
    return root.xpath("//p:MndtRltdInf", namespaces=ns)[0], ns


def test_amendment_new_bank_smnda(version: Pain008Version) -> None:
    debit = make_debit(
        2,
        debtor_iban=SANTANDER_IBAN,
        debtor_bic="BSCHESMMXXX",
        mandate_date=dt.date(2023, 5, 2),
        amendment=MandateAmendment(original_debtor_iban=CAIXABANK_IBAN),
    )
    xml = build_pain008("REM-1", CREATED, CREDITOR, [debit], version)
    validate_pain008(xml)
    mandate, ns = amendment_of(xml)
    assert texts(mandate, "p:AmdmntInd", ns) == ["true"]
    assert texts(mandate, "p:AmdmntInfDtls/p:OrgnlDbtrAcct/p:Id/p:Othr/p:Id", ns) == ["SMNDA"]
    assert mandate.xpath("p:AmdmntInfDtls/p:OrgnlDbtrAcct/p:Id/p:IBAN", namespaces=ns) == []
    children = [etree.QName(child).localname for child in mandate]
    assert children == ["MndtId", "DtOfSgntr", "AmdmntInd", "AmdmntInfDtls"]


def test_amendment_same_bank_iban(version: Pain008Version) -> None:
    debit = make_debit(
        debtor_iban=CAIXABANK_OTHER_IBAN,
        amendment=MandateAmendment(original_debtor_iban=CAIXABANK_IBAN),
    )
    xml = build_pain008("REM-1", CREATED, CREDITOR, [debit], version)
    validate_pain008(xml)
    mandate, ns = amendment_of(xml)
    assert texts(mandate, "p:AmdmntInfDtls/p:OrgnlDbtrAcct/p:Id/p:IBAN", ns) == [CAIXABANK_IBAN]


def test_amendment_bank_change_override(version: Pain008Version) -> None:
    debit = make_debit(
        debtor_iban=CAIXABANK_OTHER_IBAN,
        amendment=MandateAmendment(original_debtor_iban=CAIXABANK_IBAN, debtor_bank_changed=True),
    )
    xml = build_pain008("REM-1", CREATED, CREDITOR, [debit], version)
    mandate, ns = amendment_of(xml)
    assert texts(mandate, "p:AmdmntInfDtls/p:OrgnlDbtrAcct/p:Id/p:Othr/p:Id", ns) == ["SMNDA"]


def test_amendment_mandate_and_creditor(version: Pain008Version) -> None:
    debit = make_debit(
        amendment=MandateAmendment(
            original_mandate_id="OLD-MND-7", original_creditor_id="ES26001B64717838"
        )
    )
    xml = build_pain008("REM-1", CREATED, CREDITOR, [debit], version)
    validate_pain008(xml)
    mandate, ns = amendment_of(xml)
    assert texts(mandate, "p:AmdmntInfDtls/p:OrgnlMndtId", ns) == ["OLD-MND-7"]
    path = "p:AmdmntInfDtls/p:OrgnlCdtrSchmeId/p:Id/p:PrvtId/p:Othr"
    assert texts(mandate, f"{path}/p:Id", ns) == ["ES26001B64717838"]
    assert texts(mandate, f"{path}/p:SchmeNm/p:Prtry", ns) == ["SEPA"]
    # The creditor-id amendment belongs to the transaction, never to the PmtInf block.
    root, _ = parse(xml)
    assert len(root.xpath("//p:PmtInf/p:CdtrSchmeId", namespaces=ns)) == 1


def test_no_amendment_no_indicator(version: Pain008Version) -> None:
    xml = build_pain008("REM-1", CREATED, CREDITOR, [make_debit()], version)
    mandate, ns = amendment_of(xml)
    assert mandate.xpath("p:AmdmntInd", namespaces=ns) == []


def test_empty_amendment_rejected() -> None:
    problems = check_debit(make_debit(amendment=MandateAmendment()))
    assert any("amendment" in problem for problem in problems)


def test_amendment_invalid_original_iban() -> None:
    problems = check_debit(make_debit(amendment=MandateAmendment(original_debtor_iban="ES00")))
    assert any("original debtor account" in problem for problem in problems)


# --------------------------------------------------------------------------- grouping


def mixed_debits() -> list[DirectDebit]:
    debits = []
    for index in range(40):
        debits.append(
            make_debit(
                index,
                amount_cents=100 + index,
                sequence_type=("FRST", "RCUR", "FNAL", "OOFF")[index % 4],
                collection_date=dt.date(2026, 3, 10 + index % 3),
            )
        )
    return debits


def test_grouping_ignores_input_order(version: Pain008Version) -> None:
    debits = mixed_debits()
    shuffled = debits[:]
    random.Random(7).shuffle(shuffled)
    first = build_pain008("REM-1", CREATED, CREDITOR, debits, version)
    second = build_pain008("REM-1", CREATED, CREDITOR, shuffled, version)
    assert first == second


def test_grouping_order_and_ids() -> None:
    groups = group_debits("REM-1", mixed_debits())
    keys = [(group.collection_date.day, group.sequence_type) for group in groups]
    assert keys == sorted(
        keys, key=lambda key: (key[0], ("FRST", "RCUR", "FNAL", "OOFF").index(key[1]))
    )
    assert [group.payment_information_id for group in groups] == [
        f"REM-1-{n}" for n in range(1, 13)
    ]
    for group in groups:
        ids = [debit.end_to_end_id for debit in group.debits]
        assert ids == sorted(ids)
        assert {debit.sequence_type for debit in group.debits} == {group.sequence_type}
        assert {debit.collection_date for debit in group.debits} == {group.collection_date}


def test_payment_information_id_fits() -> None:
    groups = group_debits("M" * 35, [make_debit(1), make_debit(2, sequence_type="FRST")])
    assert [group.payment_information_id for group in groups] == ["M" * 33 + "-1", "M" * 33 + "-2"]


def test_split_by_scheme() -> None:
    debits = [make_debit(1), make_debit(2, scheme="B2B"), make_debit(3)]
    split = split_by_scheme(debits)
    assert [debit.end_to_end_id for debit in split["CORE"]] == ["REC-0001", "REC-0003"]
    assert [debit.end_to_end_id for debit in split["B2B"]] == ["REC-0002"]


def test_mixed_schemes_rejected() -> None:
    with pytest.raises(ValueError, match="CORE and B2B"):
        build_pain008("REM-1", CREATED, CREDITOR, [make_debit(1), make_debit(2, scheme="B2B")])


# --------------------------------------------------------------------------- bad input


def test_non_iban_account_names_debtor() -> None:
    debits = [
        make_debit(1),
        make_debit(2, debtor_name="Cliente Dos", debtor_iban="2100 0813 61 0123456789"),
    ]
    with pytest.raises(InvalidDebitError) as raised:
        build_pain008("REM-1", CREATED, CREDITOR, debits)
    assert list(raised.value.problems) == ["REC-0002"]
    message = str(raised.value)
    assert "Cliente Dos" in message
    assert "2100 0813 61 0123456789" in message


def test_all_bad_debits_listed() -> None:
    debits = [
        make_debit(1, debtor_name="<<>>"),
        make_debit(2, amount_cents=0),
        make_debit(3, mandate_id="MND//3"),
        make_debit(4, debtor_bic="XX"),
        make_debit(5, mandate_date=dt.date(2026, 4, 1)),
        make_debit(6, debtor_address=PostalAddress("España", "Madrid")),
        make_debit(7),
    ]
    with pytest.raises(InvalidDebitError) as raised:
        build_pain008("REM-1", CREATED, CREDITOR, debits)
    assert sorted(raised.value.problems) == [f"REC-000{n}" for n in range(1, 7)]


def test_check_debit_accepts_good_debit() -> None:
    assert check_debit(make_debit()) == []


def test_float_amount_rejected() -> None:
    problems = check_debit(make_debit(amount_cents=29.0))
    assert problems == ["amount 29.0 is not integer cents"]


def test_duplicate_end_to_end_id() -> None:
    with pytest.raises(InvalidDebitError, match="end-to-end id used by another debit"):
        build_pain008("REM-1", CREATED, CREDITOR, [make_debit(1), make_debit(1)])


def test_bad_message_id() -> None:
    with pytest.raises(InvalidIdentifier, match="message id"):
        build_pain008("REM_1", CREATED, CREDITOR, [make_debit()])


def test_bad_creditor_id() -> None:
    creditor = dataclasses.replace(CREDITOR, creditor_id="ES27000B64717838")
    with pytest.raises(InvalidIdentifier, match="ES27000B64717838"):
        build_pain008("REM-1", CREATED, creditor, [make_debit()])


def test_unsupported_version() -> None:
    with pytest.raises(ValueError, match="pain.008.003.02"):
        build_pain008("REM-1", CREATED, CREDITOR, [make_debit()], "pain.008.003.02")  # type: ignore[arg-type]


def test_no_debits() -> None:
    with pytest.raises(ValueError, match="at least one debit"):
        build_pain008("REM-1", CREATED, CREDITOR, [])


# --------------------------------------------------------------------------- validation


def test_validate_rejects_negative_amount(version: Pain008Version) -> None:
    xml = build_pain008("REM-1", CREATED, CREDITOR, [make_debit(amount_cents=24)], version)
    broken = xml.replace(b">0.24<", b">-0.24<")
    with pytest.raises(SchemaValidationError) as raised:
        validate_pain008(broken)
    assert raised.value.errors
    assert "InstdAmt" in raised.value.errors[0]
    assert raised.value.errors[0].startswith("line ")


@pytest.mark.parametrize("amount", [b".24", b"0.245"])
def test_short_amounts_pass_xsd_but_warn(amount: bytes) -> None:
    # xs:decimal accepts ".24" and up to 5 decimals, but banks expect "0.24".
    xml = build_pain008("REM-1", CREATED, CREDITOR, [make_debit(amount_cents=24)])
    broken = xml.replace(b">0.24<", b">" + amount + b"<")
    validate_pain008(broken)
    warnings = spanish_bank_warnings(broken)
    expected = f"Debit REC-0001: amount {amount.decode()!r} must be written like 1234.50 or 0.24"
    assert any(warning.startswith(expected) for warning in warnings)


def test_validate_rejects_misplaced_element(version: Pain008Version) -> None:
    xml = build_pain008("REM-1", CREATED, CREDITOR, [make_debit()], version)
    broken = xml.replace(b"<ChrgBr>SLEV</ChrgBr>", b"").replace(
        b"<PmtMtd>DD</PmtMtd>", b"<PmtMtd>DD</PmtMtd><ChrgBr>SLEV</ChrgBr>"
    )
    with pytest.raises(SchemaValidationError):
        validate_pain008(broken)


def test_validate_rejects_malformed_xml() -> None:
    with pytest.raises(SchemaValidationError, match="well-formed"):
        validate_pain008(b"<Document><unclosed></Document>")


def test_validate_rejects_other_namespace() -> None:
    xml = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>'
    with pytest.raises(SchemaValidationError, match="pain.001.001.03"):
        validate_pain008(xml)


def test_validate_above_million_elements() -> None:
    debits = [make_debit(index, end_to_end_id=f"E{index:07d}") for index in range(45_000)]
    xml = build_pain008("REM-BIG", CREATED, CREDITOR, debits)
    root, _ns = parse(xml)
    assert sum(1 for _element in root.iter()) > 1_000_000
    validate_pain008(xml)


# --------------------------------------------------------------------------- bank checks


def test_generated_files_have_no_warnings(version: Pain008Version) -> None:
    debits = mixed_debits() + [
        make_debit(99, amendment=MandateAmendment(original_debtor_iban=SANTANDER_IBAN))
    ]
    xml = build_pain008("REM-1", CREATED, CREDITOR, debits, version)
    assert spanish_bank_warnings(xml) == []


def test_warnings_for_rejected_shape(fixtures_dir: Path) -> None:
    xml = (fixtures_dir / "pain008" / "schema_valid_rejected_by_bank.xml").read_bytes()
    validate_pain008(xml)
    warnings = spanish_bank_warnings(xml)
    assert any("InitgPty/Id is missing" in warning for warning in warnings)
    assert any("SvcLvl/Cd must be SEPA" in warning for warning in warnings)
    assert any("REC-0002: the debtor account is not an IBAN" in warning for warning in warnings)
    assert any("REC-0001" in warning and "town and country" in warning for warning in warnings)


def test_warnings_for_missing_address() -> None:
    xml = build_pain008("REM-1", CREATED, CREDITOR, [make_debit(debtor_address=None)])
    expected = (
        "Debit REC-0001: the debtor address lacks a structured town and country (TwnNm, Ctry), "
        "which banks require from 15 November 2026"
    )
    assert spanish_bank_warnings(xml) == [expected]


def test_warnings_for_wrong_totals() -> None:
    xml = build_pain008("REM-1", CREATED, CREDITOR, [make_debit(1), make_debit(2)])
    tampered = xml.replace(b"<CtrlSum>59.90</CtrlSum>", b"<CtrlSum>59.89</CtrlSum>", 1)
    tampered = tampered.replace(b"<NbOfTxs>2</NbOfTxs>", b"<NbOfTxs>3</NbOfTxs>", 1)
    warnings = spanish_bank_warnings(tampered)
    assert "GrpHdr: NbOfTxs is '3' but the file has 2 debits" in warnings
    assert "GrpHdr: CtrlSum is '59.89' but the debits add up to 59.90" in warnings


def test_warnings_for_mixed_instruments() -> None:
    core = build_pain008("REM-1", CREATED, CREDITOR, [make_debit(1)])
    b2b = build_pain008("REM-2", CREATED, CREDITOR, [make_debit(2, scheme="B2B")])
    root, ns = parse(core)
    b2b_root, _ = parse(b2b)
    initiation = root.find("p:CstmrDrctDbtInitn", ns)
    initiation.append(b2b_root.find("p:CstmrDrctDbtInitn/p:PmtInf", ns))
    header = initiation.find("p:GrpHdr", ns)
    header.find("p:NbOfTxs", ns).text = "2"
    header.find("p:CtrlSum", ns).text = "59.90"
    warnings = spanish_bank_warnings(etree.tostring(root))
    assert warnings == [
        "The file mixes local instruments B2B, CORE: send CORE and B2B debits in separate files"
    ]


def test_warnings_for_foreign_characters() -> None:
    xml = build_pain008("REM-1", CREATED, CREDITOR, [make_debit()])
    tampered = xml.replace(b"<Nm>Cliente Uno</Nm>", "<Nm>Cliente Ñoño &amp; Co</Nm>".encode())
    warnings = spanish_bank_warnings(tampered)
    assert len(warnings) == 1
    assert "outside the SEPA set" in warnings[0]


def test_warnings_for_other_namespace() -> None:
    xml = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.003.02"/>'
    warnings = spanish_bank_warnings(xml)
    assert len(warnings) == 1
    assert "pain.008.003.02" in warnings[0]
    assert "not a format Spanish banks take" in warnings[0]


def element_paths(xml: bytes) -> set[str]:
    root = etree.fromstring(xml)
    paths = set()
    for element in root.iter():
        chain = [*reversed(list(element.iterancestors())), element]
        paths.add("/".join(etree.QName(item).localname for item in chain))
    return paths


def test_structure_covers_sepaxml() -> None:
    # Every element sepaxml 2.7 writes for the same debit is also in our file.
    from sepaxml import SepaDD

    sepa = SepaDD(
        {
            "name": CREDITOR.name,
            "IBAN": "ES9121000418450200051332",
            "BIC": "CAIXESBBXXX",
            "batch": True,
            "creditor_id": CREDITOR.creditor_id,
            "currency": "EUR",
        },
        schema="pain.008.001.02",
    )
    sepa.add_payment(
        {
            "name": "Cliente Uno",
            "IBAN": CAIXABANK_IBAN,
            "BIC": "CAIXESBBXXX",
            "amount": 2995,
            "type": "RCUR",
            "collection_date": dt.date(2026, 3, 10),
            "mandate_id": "MND-0001",
            "mandate_date": dt.date(2024, 1, 15),
            "description": "Factura F-0001",
        }
    )
    reference = sepa.export(validate=False)
    ours = build_pain008("REM-1", CREATED, CREDITOR, [make_debit(debtor_address=None)])
    assert element_paths(reference) <= element_paths(ours)
