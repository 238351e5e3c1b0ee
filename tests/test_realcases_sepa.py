"""Tests against third-party pain.008 samples and reported failures of other SEPA tools.

The inputs are read from the realcases folder beside the repository. These tests are
skipped where it is absent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from zeep.exceptions import Fault

from telcocollect.charset import SEPA_CHARACTERS, to_sepa_text
from telcocollect.errors import InvalidIdentifier
from telcocollect.identifiers import (
    compact_iban,
    creditor_id_from_nif,
    make_spanish_iban,
    validate_creditor_id,
    validate_spanish_tax_id,
)
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
    spanish_bank_warnings,
    validate_pain008,
)
from telcocollect.vies import VatService, check_vat

CREATED = dt.datetime(2026, 3, 2, 10, 0, 0)
ADDRESS = PostalAddress("ES", "Barcelona")


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def bug_dir(realcases_dir: Path, prefix: str) -> Path:
    matches = sorted((realcases_dir / "bugs").glob(f"{prefix}-*"))
    assert matches, f"no bug folder {prefix}-* under {realcases_dir / 'bugs'}"
    return matches[0]


def creditor_from(data: dict[str, str]) -> Creditor:
    return Creditor(
        name=data["name"], iban=data["iban"], bic="CAIXESBBXXX", creditor_id=data["creditor_id"]
    )


def texts(root: etree._Element, path: str) -> list[str]:
    ns = {"p": root.nsmap[None]}
    return [element.text for element in root.xpath(path, namespaces=ns)]


def debit(number: int, **changes: Any) -> DirectDebit:
    base = DirectDebit(
        end_to_end_id=f"REC-{number:04d}",
        amount_cents=2995,
        mandate_id=f"MND-{number:04d}",
        mandate_date=dt.date(2024, 1, 15),
        debtor_name="Cliente Uno",
        debtor_iban="ES7921000813610123456789",
        debtor_bic="CAIXESBBXXX",
        debtor_address=ADDRESS,
        remittance_info="Factura",
        sequence_type="RCUR",
        scheme="CORE",
        collection_date=dt.date(2026, 3, 10),
    )
    return dataclasses.replace(base, **changes)


CREDITOR = Creditor(
    "TELCO EJEMPLO S.L.", "ES9121000418450200051332", "CAIXESBBXXX", "ES26000B64717838"
)


# --------------------------------------------------------------------------- sample files


def test_sepaking_001_02_valid_but_flagged(realcases_dir: Path) -> None:
    xml = (realcases_dir / "files/pain008/sepaking-example-pain.008.001.02.xml").read_bytes()
    validate_pain008(xml)
    warnings = spanish_bank_warnings(xml)
    assert any(warning.startswith("GrpHdr/InitgPty/Id is missing") for warning in warnings)
    assert "GrpHdr: CtrlSum is missing" in warnings


def test_sepaxml_expected_valid(realcases_dir: Path) -> None:
    xml = (realcases_dir / "files/pain008/sepaxml-test00800102-expected.xml").read_bytes()
    validate_pain008(xml)
    warnings = spanish_bank_warnings(xml)
    assert not any("InitgPty" in warning for warning in warnings)
    assert not any("SvcLvl" in warning for warning in warnings)
    assert not any("CtrlSum" in warning or "NbOfTxs" in warning for warning in warnings)


def test_german_003_02_flagged(realcases_dir: Path) -> None:
    xml = (realcases_dir / "files/pain008/sepaking-example-pain.008.003.02-DE.xml").read_bytes()
    warnings = spanish_bank_warnings(xml)
    assert len(warnings) == 1
    assert "pain.008.003.02" in warnings[0]
    assert "not a format Spanish banks take" in warnings[0]


# --------------------------------------------------------------------------- service level


def test_non_iban_account_stops_file(realcases_dir: Path) -> None:
    order = load_json(bug_dir(realcases_dir, "06") / "order_lines.json")
    debits = [
        debit(
            index,
            debtor_name=line["debtor"],
            debtor_iban=line["account"],
            amount_cents=to_cents(line["amount"]),
            mandate_id=line["mandate"],
            mandate_date=dt.date.fromisoformat(line["mandate_date"]),
        )
        for index, line in enumerate(order["lines"], start=1)
    ]
    with pytest.raises(InvalidDebitError) as raised:
        build_pain008("REM-SVCLVL", CREATED, creditor_from(order["creditor"]), debits)
    assert list(raised.value.problems) == ["REC-0002"]
    assert "Cliente Dos" in str(raised.value)
    assert "2100 0813 61 0123456789" in str(raised.value)


def test_ccc_converted_on_request(realcases_dir: Path) -> None:
    order = load_json(bug_dir(realcases_dir, "06") / "order_lines.json")
    ccc = order["lines"][1]["account"].replace(" ", "")
    iban = make_spanish_iban(ccc[:4], ccc[4:8], ccc[10:])
    assert iban == compact_iban("ES79 2100 0813 6101 2345 6789")
    assert iban[12:14] == ccc[8:10]


@pytest.mark.parametrize("version", PAIN008_VERSIONS)
def test_every_block_has_service_level(realcases_dir: Path, version: Pain008Version) -> None:
    order = load_json(bug_dir(realcases_dir, "06") / "order_lines.json")
    debits = [
        debit(1, sequence_type="FRST"),
        debit(2, debtor_bic=None, collection_date=dt.date(2026, 3, 11)),
        debit(3),
    ]
    xml = build_pain008("REM-SVCLVL", CREATED, creditor_from(order["creditor"]), debits, version)
    root = etree.fromstring(xml)
    blocks = texts(root, "//p:PmtInf/p:PmtInfId")
    assert len(blocks) == 3
    assert texts(root, "//p:PmtInf/p:PmtTpInf/p:SvcLvl/p:Cd") == ["SEPA"] * 3
    assert texts(root, "//p:PmtInf/p:PmtTpInf/p:LclInstrm/p:Cd") == ["CORE"] * 3


def test_rejected_fragment_flagged(realcases_dir: Path) -> None:
    folder = bug_dir(realcases_dir, "06")
    xml = build_pain008("REM-SVCLVL", CREATED, CREDITOR, [debit(1, sequence_type="FRST")])
    namespace = etree.fromstring(xml).nsmap[None]
    for name, expect_warning in (
        ("bank_rejected_fragment.xml", True),
        ("accepted_fragment.xml", False),
    ):
        fragment = etree.fromstring(without_comments((folder / name).read_bytes()))
        spliced = splice(xml, "PmtTpInf", fragment, namespace)
        validate_pain008(spliced)
        flagged = any("SvcLvl/Cd must be SEPA" in w for w in spanish_bank_warnings(spliced))
        assert flagged is expect_warning, name


def without_comments(data: bytes) -> bytes:
    parser = etree.XMLParser(remove_comments=True)
    return etree.tostring(etree.fromstring(data, parser))


def splice(xml: bytes, local_name: str, fragment: etree._Element, namespace: str) -> bytes:
    """Replace the first element named ``local_name`` with ``fragment`` moved into ``namespace``."""
    root = etree.fromstring(xml)
    for element in fragment.iter():
        element.tag = f"{{{namespace}}}{etree.QName(element).localname}"
    target = root.xpath(f"//p:{local_name}", namespaces={"p": namespace})[0]
    target.getparent().replace(target, fragment)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --------------------------------------------------------------------------- initiating party


@pytest.mark.parametrize("version", PAIN008_VERSIONS)
def test_initiating_party_id_written(version: Pain008Version) -> None:
    creditor = dataclasses.replace(CREDITOR, creditor_id=creditor_id_from_nif("B64717838"))
    xml = build_pain008("REM-INITGPTY", CREATED, creditor, [debit(1)], version)
    root = etree.fromstring(xml)
    value = texts(root, "//p:GrpHdr/p:InitgPty/p:Id/p:OrgId/p:Othr/p:Id")
    assert value == ["ES26000B64717838"]
    assert validate_creditor_id(value[0]) == value[0]
    assert spanish_bank_warnings(xml) == []


def test_name_only_header_flagged(realcases_dir: Path) -> None:
    header_file = bug_dir(realcases_dir, "07") / "grphdr_missing_id.xml"
    fragment = etree.fromstring(without_comments(header_file.read_bytes()))
    xml = build_pain008(
        "REMESA-2026-03-001", CREATED, CREDITOR, [debit(1), debit(2, amount_cents=1995)]
    )
    spliced = splice(xml, "GrpHdr", fragment, etree.fromstring(xml).nsmap[None])
    validate_pain008(spliced)
    warnings = spanish_bank_warnings(spliced)
    expected = (
        "GrpHdr/InitgPty/Id is missing: Spanish banks identify the presenter from it. "
        "Write the creditor identifier there"
    )
    assert warnings == [expected]


# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize("version", PAIN008_VERSIONS)
def test_amounts_below_one_euro(realcases_dir: Path, version: Pain008Version) -> None:
    assert (bug_dir(realcases_dir, "09") / "repro.py").is_file()
    debits = [debit(index, amount_cents=cents) for index, cents in enumerate((24, 5, 100, 1))]
    xml = build_pain008("REM-AMOUNTS", CREATED, CREDITOR, debits, version)
    validate_pain008(xml)
    root = etree.fromstring(xml)
    assert texts(root, "//p:InstdAmt") == ["0.24", "0.05", "1.00", "0.01"]
    assert texts(root, "//p:GrpHdr/p:CtrlSum") == ["1.30"]
    assert texts(root, "//p:PmtInf/p:CtrlSum") == ["1.30"]


def test_float_cents_naive_conversion() -> None:
    # In CPython int(526.80 * 100) is 52679 and int(0.29 * 100) is 28.
    assert int(526.80 * 100) == 52679
    assert to_cents(526.80) == 52680
    assert to_cents(0.29) == 29


# --------------------------------------------------------------------------- character set

EXPECTED_NAMES = {
    "HEALTHY & FIT S.L.": "HEALTHY Y FIT S.L.",
    "Peña Muñoz & Cía, S.L.": "Pena Munoz Y Cia, S.L.",
    "L'Hospitalet Telecom, S.A.": "L'Hospitalet Telecom, S.A.",
    'Ramón <Servicios> "Móvil"': "Ramon Servicios Movil",
    "Factura nº 2024/0001 – línea móvil": "Factura no 2024/0001 - linea movil",
    "ЮРИЙ ИВАНОВ": "IURII IVANOV",
    "Aktsiaselts Würth": "Aktsiaselts Wurth",
}


def test_names_file_cases_covered(realcases_dir: Path) -> None:
    cases = load_json(bug_dir(realcases_dir, "10") / "names.json")["cases"]
    assert {case["input"] for case in cases} == set(EXPECTED_NAMES)


@pytest.mark.parametrize("version", PAIN008_VERSIONS)
def test_names_round_trip_through_xml(realcases_dir: Path, version: Pain008Version) -> None:
    cases = load_json(bug_dir(realcases_dir, "10") / "names.json")["cases"]
    debits = [
        debit(index, debtor_name=case["input"], remittance_info=case["input"])
        for index, case in enumerate(cases)
    ]
    xml = build_pain008("REM-NAMES", CREATED, CREDITOR, debits, version)
    validate_pain008(xml)
    assert b"&amp;" not in xml
    assert b"&apos;" not in xml
    root = etree.fromstring(xml)
    names = texts(root, "//p:Dbtr/p:Nm")
    concepts = texts(root, "//p:RmtInf/p:Ustrd")
    expected = [EXPECTED_NAMES[case["input"]] for case in cases]
    assert names == expected
    assert concepts == expected
    for name in names:
        assert set(name) <= SEPA_CHARACTERS
        assert to_sepa_text(name) == name


def test_name_empty_after_conversion_blocked() -> None:
    problems = check_debit(debit(1, debtor_name='<"">'))
    assert any("empty in the SEPA character set" in problem for problem in problems)


# --------------------------------------------------------------------------- sequence types


def remittance_from_scenario(scenario: dict[str, Any]) -> list[DirectDebit]:
    mandates = {mandate["id"]: mandate for mandate in scenario["mandates"]}
    collection = dt.date.fromisoformat(scenario["remittance"]["collection_date"])
    debits = []
    for index, mandate_id in enumerate(scenario["remittance"]["lines"], start=1):
        debits.append(
            debit(
                index,
                mandate_id=mandate_id,
                mandate_date=dt.date.fromisoformat(mandates[mandate_id]["signed"]),
                debtor_iban=make_spanish_iban("2100", "0813", str(index)),
                collection_date=collection,
                sequence_type="RCUR",
            )
        )
    return debits


@pytest.mark.parametrize("version", PAIN008_VERSIONS)
def test_export_twice_identical(realcases_dir: Path, version: Pain008Version) -> None:
    scenario = load_json(bug_dir(realcases_dir, "11") / "scenario.json")
    assert scenario["generate_file_twice"] is True
    debits = remittance_from_scenario(scenario)
    first = build_pain008("REM-SEQTYPE", CREATED, CREDITOR, debits, version)
    second = build_pain008("REM-SEQTYPE", CREATED, CREDITOR, list(reversed(debits)), version)
    assert first == second
    root = etree.fromstring(first)
    assert texts(root, "//p:PmtInf/p:PmtInfId") == ["REM-SEQTYPE-1"]
    assert texts(root, "//p:PmtInf/p:PmtTpInf/p:SeqTp") == ["RCUR"]
    assert texts(root, "//p:MndtId") == sorted(scenario["remittance"]["lines"])


def test_bad_line_excluded_rest_exported(realcases_dir: Path) -> None:
    scenario = load_json(bug_dir(realcases_dir, "11") / "scenario.json")
    debits = remittance_from_scenario(scenario)
    debits[3] = dataclasses.replace(debits[3], debtor_iban="ES00 BAD")
    problems = {item.end_to_end_id: check_debit(item) for item in debits}
    good = [item for item in debits if not problems[item.end_to_end_id]]
    assert [item.mandate_id for item in good] == ["MND-0001", "MND-0002", "MND-0003"]
    xml = build_pain008("REM-SEQTYPE", CREATED, CREDITOR, good)
    validate_pain008(xml)
    assert texts(etree.fromstring(xml), "//p:GrpHdr/p:NbOfTxs") == ["3"]


# --------------------------------------------------------------------------- amendments


def shape(element: etree._Element) -> list[tuple[str, str]]:
    return [
        (etree.QName(item).localname, (item.text or "").strip())
        for item in element.iter()
        if isinstance(item.tag, str)
    ]


@pytest.mark.parametrize("version", PAIN008_VERSIONS)
def test_amendment_matches_expected_fragment(realcases_dir: Path, version: Pain008Version) -> None:
    scenario = load_json(bug_dir(realcases_dir, "14") / "scenario.json")
    mandate = scenario["mandate"]
    item = debit(
        1,
        mandate_id=mandate["id"],
        mandate_date=dt.date.fromisoformat(mandate["signed"]),
        debtor_iban=scenario["change"]["new_account"],
        debtor_bic="BSCHESMMXXX",
        collection_date=dt.date.fromisoformat(scenario["next_collection"]),
        amendment=MandateAmendment(original_debtor_iban=mandate["last_collected_with"]),
    )
    xml = build_pain008("REM-AMEND", CREATED, CREDITOR, [item], version)
    validate_pain008(xml)
    root = etree.fromstring(xml)
    written = root.xpath("//p:MndtRltdInf", namespaces={"p": root.nsmap[None]})[0]
    expected = etree.fromstring(scenario["expected_DrctDbtTx_fragment"])
    assert shape(written) == shape(expected)


def test_amendment_resent_until_collected(realcases_dir: Path) -> None:
    # The amendment is data on the debit: a retry after a return that still carries it
    # produces the same fragment, and one without it has no AmdmntInd.
    scenario = load_json(bug_dir(realcases_dir, "14") / "scenario.json")
    mandate = scenario["mandate"]
    amendment = MandateAmendment(original_debtor_iban=mandate["last_collected_with"])
    first = debit(1, debtor_iban=scenario["change"]["new_account"], amendment=amendment)
    retry = dataclasses.replace(
        first, end_to_end_id="REC-0002", collection_date=dt.date(2026, 4, 10)
    )
    after = dataclasses.replace(retry, end_to_end_id="REC-0003", amendment=None)
    fragments = []
    for item in (first, retry, after):
        root = etree.fromstring(build_pain008("REM-AMEND", CREATED, CREDITOR, [item]))
        fragments.append(
            shape(root.xpath("//p:MndtRltdInf", namespaces={"p": root.nsmap[None]})[0])
        )
    assert fragments[0] == fragments[1]
    assert ("AmdmntInd", "true") not in fragments[2]


# --------------------------------------------------------------------------- tax ids

OUR_KINDS = {
    "11111111H": "NIF",
    "54362315 k": "NIF",
    "A11111119": "CIF",
    "b58378431": "CIF",
    "ES B-58378431": "CIF",
    "X1111111G": "NIE",
    "Y0000000Z": "NIE",
    "Z0000000M": "NIE",
    "X7564244G": "NIE",
    "L1111111G": "NIF",
    "M1234567L": "NIF",
    "L1111111C": None,
    "P4622000J": "CIF",
    "S0793481C": "CIF",
}


def test_tax_id_cases(realcases_dir: Path) -> None:
    cases = load_json(bug_dir(realcases_dir, "15") / "cases.json")
    classified = [case for case in cases if "expected_kinds" in case]
    assert {case["input"] for case in classified} == set(OUR_KINDS)
    for case in classified:
        expected = OUR_KINDS[case["input"]]
        if expected is None:
            assert case["expected_kinds"] == []
            with pytest.raises(InvalidIdentifier):
                validate_spanish_tax_id(case["input"])
            continue
        _compact, kind = validate_spanish_tax_id(case["input"])
        assert kind == expected, case["input"]
        if "nie" in case["expected_kinds"]:
            assert kind == "NIE"
        if "cif" in case["expected_kinds"]:
            assert kind == "CIF"


def test_vies_prefix_cases(realcases_dir: Path) -> None:
    cases = load_json(bug_dir(realcases_dir, "15") / "cases.json")
    prefix_cases = [case for case in cases if "expected" in case]
    assert prefix_cases
    calls: list[tuple[str, str]] = []

    class Service:
        def checkVat(self, countryCode: str, vatNumber: str) -> dict[str, bool]:
            calls.append((countryCode, vatNumber))
            return {"valid": True}

    def factory(_timeout: float) -> VatService:
        return Service()

    for case in prefix_cases:
        assert check_vat(case["input"], client_factory=factory).status == "valid"
    # Both spellings reach VIES with the ES prefix.
    assert calls == [("ES", "B58378431")] * len(prefix_cases)


# --------------------------------------------------------------------------- VIES faults


def test_vies_faults(realcases_dir: Path) -> None:
    faults = load_json(bug_dir(realcases_dir, "16") / "faults.json")["cases"]
    for case in faults:
        expected_state: str = case["expected_state"]
        if "fault" not in case:
            answer = {"valid": case["response"] == "valid=true"}

            def factory(_timeout: float, answer: Any = answer) -> VatService:
                return _AnsweringService(answer)

            result = check_vat("ESB58378431", timeout=1.0, client_factory=factory)
            assert result.status == expected_state.split(" ")[0]
            continue

        code = case["fault"]
        if code.startswith("<no answer"):
            service: Any = _HangingService()
            timeout = 0.3
        else:
            service = _FaultService(code)
            timeout = 1.0

        def fault_factory(_timeout: float, service: Any = service) -> VatService:
            return service  # type: ignore[no-any-return]

        result = check_vat("ESB58378431", timeout=timeout, client_factory=fault_factory)
        if isinstance(service, _HangingService):
            service.release.set()
        assert result.status != "valid"
        assert result.status != "invalid", code
        assert result.status == "unknown"
        assert result.retry is expected_state.startswith("unknown"), code


class _AnsweringService:
    def __init__(self, answer: dict[str, bool]) -> None:
        self.answer = answer

    def checkVat(self, countryCode: str, vatNumber: str) -> dict[str, bool]:
        return self.answer


class _FaultService:
    def __init__(self, code: str) -> None:
        self.code = code

    def checkVat(self, countryCode: str, vatNumber: str) -> None:
        raise Fault(self.code)


class _HangingService:
    def __init__(self) -> None:
        import threading

        self.release = threading.Event()

    def checkVat(self, countryCode: str, vatNumber: str) -> None:
        self.release.wait(30)
