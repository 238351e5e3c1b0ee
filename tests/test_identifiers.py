"""Tests of IBAN, BIC, creditor identifier and Spanish tax id validation."""

from __future__ import annotations

import pytest
from stdnum import iban as stdnum_iban
from stdnum.eu import at_02

from telcocollect.errors import InvalidIdentifier
from telcocollect.identifiers import (
    compact_iban,
    creditor_id_from_nif,
    make_spanish_iban,
    validate_bic,
    validate_creditor_id,
    validate_spanish_tax_id,
)


def test_compact_iban_strips_spaces() -> None:
    assert compact_iban("es79 2100 0813 6101 2345 6789") == "ES7921000813610123456789"


def test_compact_iban_foreign() -> None:
    assert compact_iban("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"


@pytest.mark.parametrize(
    "value",
    [
        "2100 0813 61 0123456789",  # legacy CCC, not an IBAN
        "ES7921000813610123456788",  # IBAN check digits wrong
        "ES7921000813000123456789",  # CCC control digits changed, so the IBAN checksum fails
        "ESAB21000813610123456789",  # letters as check digits that pass mod 97
        "ES792100081361012345678",  # one digit short
        "",
    ],
)
def test_compact_iban_rejects(value: str) -> None:
    with pytest.raises(InvalidIdentifier) as raised:
        compact_iban(value)
    assert raised.value.value == value
    assert repr(value) in str(raised.value)


def test_ccc_check_runs_for_spanish_iban() -> None:
    # The IBAN checksum alone accepts this number. Only the CCC control digits reject it.
    number = "ES00" + "21000813000123456789"
    fixed = "ES" + stdnum_iban.calc_check_digits(number) + number[4:]
    with pytest.raises(InvalidIdentifier):
        compact_iban(fixed)


def test_validate_bic() -> None:
    assert validate_bic("caixesbbxxx") == "CAIXESBBXXX"
    assert validate_bic("BSCHESMM") == "BSCHESMM"
    with pytest.raises(InvalidIdentifier, match="CAIXESB"):
        validate_bic("CAIXESB")


def test_validate_creditor_id() -> None:
    assert validate_creditor_id("ES26 000 B64717838") == "ES26000B64717838"
    assert validate_creditor_id("es23ZZZ47690558N") == "ES23ZZZ47690558N"


@pytest.mark.parametrize("value", ["ES27000B64717838", "ES26000", "B64717838", "XXXX"])
def test_validate_creditor_id_rejects(value: str) -> None:
    with pytest.raises(InvalidIdentifier):
        validate_creditor_id(value)


def test_creditor_id_rejects_bad_nif_part() -> None:
    # Check digits computed for an invalid NIF: AT-02 alone would accept it.
    bogus = "ES" + at_02.calc_check_digits("ES00000B64717839") + "000B64717839"
    assert at_02.is_valid(bogus)
    with pytest.raises(InvalidIdentifier, match="not a valid NIF"):
        validate_creditor_id(bogus)


def test_creditor_id_from_nif() -> None:
    assert creditor_id_from_nif("B64717838") == "ES26000B64717838"
    assert creditor_id_from_nif("47690558n", "zzz") == "ES23ZZZ47690558N"


def test_creditor_id_business_code_outside_check() -> None:
    # AT-02 leaves the business code out of the check digits, so only positions 5-7 change.
    with_code = creditor_id_from_nif("B64717838", "001")
    assert with_code == "ES26001B64717838"
    assert validate_creditor_id(with_code) == with_code


@pytest.mark.parametrize("code", ["00", "0000", "0-0", "ÑÑÑ"])
def test_creditor_id_rejects_business_code(code: str) -> None:
    with pytest.raises(InvalidIdentifier, match="business code"):
        creditor_id_from_nif("B64717838", code)


# A regression table: a python-stdnum upgrade that changes a classification must fail here.
TAX_IDS = [
    ("11111111H", "11111111H", "NIF"),
    ("54362315 k", "54362315K", "NIF"),
    ("A11111119", "A11111119", "CIF"),
    ("b58378431", "B58378431", "CIF"),
    ("ES B-58378431", "B58378431", "CIF"),
    ("es-b58378431", "B58378431", "CIF"),
    ("X1111111G", "X1111111G", "NIE"),
    ("Y0000000Z", "Y0000000Z", "NIE"),
    ("Z0000000M", "Z0000000M", "NIE"),
    ("X7564244G", "X7564244G", "NIE"),
    ("L1111111G", "L1111111G", "NIF"),
    ("M1234567L", "M1234567L", "NIF"),
    ("K1234567L", "K1234567L", "NIF"),
    ("P4622000J", "P4622000J", "CIF"),
    ("S0793481C", "S0793481C", "CIF"),
]


@pytest.mark.parametrize(("value", "compact", "kind"), TAX_IDS)
def test_spanish_tax_id_kind(value: str, compact: str, kind: str) -> None:
    assert validate_spanish_tax_id(value) == (compact, kind)


@pytest.mark.parametrize("value", ["L1111111C", "11111111A", "X1111111A", "B58378432", "", "ES"])
def test_spanish_tax_id_rejects(value: str) -> None:
    with pytest.raises(InvalidIdentifier) as raised:
        validate_spanish_tax_id(value)
    assert raised.value.value == value


def test_make_spanish_iban() -> None:
    iban = make_spanish_iban("2100", "0813", "123456789")
    assert iban == "ES7921000813610123456789"
    assert compact_iban(iban) == iban


def test_make_spanish_iban_many_valid() -> None:
    for account in range(0, 5000, 7):
        assert stdnum_iban.is_valid(make_spanish_iban("49", "1500", str(account)))


@pytest.mark.parametrize(
    ("bank", "branch", "account"),
    [("21000", "0813", "1"), ("2100", "08a3", "1"), ("2100", "0813", "12345678901")],
)
def test_make_spanish_iban_rejects(bank: str, branch: str, account: str) -> None:
    with pytest.raises(InvalidIdentifier):
        make_spanish_iban(bank, branch, account)
