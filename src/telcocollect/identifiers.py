"""Validation of bank and tax identifiers with python-stdnum.

Every function returns the compact form (no spaces, upper case) or raises
``InvalidIdentifier`` naming the value and what is wrong with it.
"""

from __future__ import annotations

from typing import Literal

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.es import ccc, cif, dni, nie
from stdnum.es import nif as es_nif
from stdnum.eu import at_02
from stdnum.exceptions import InvalidFormat, InvalidLength, ValidationError
from stdnum.iso7064 import mod_97_10

from telcocollect.errors import InvalidIdentifier

SpanishTaxIdKind = Literal["NIF", "NIE", "CIF"]


def _reason(error: ValidationError) -> str:
    return str(error.message) if getattr(error, "message", None) else type(error).__name__


def compact_iban(iban: str) -> str:
    """Validate an IBAN and return it compact (``ES91 2100 ...`` -> ``ES9121000...``)."""
    try:
        compact = str(stdnum_iban.compact(iban))
        if not compact[2:4].isdigit():
            # ISO 13616 check digits are numeric, but stdnum 1.19 accepts letters that happen
            # to pass the mod 97 check.
            raise InvalidFormat()
        if compact.startswith("ES"):
            # A Spanish IBAN is ES, 2 check digits and a 20-digit CCC. The ISO 7064 check plus
            # stdnum's CCC validation (length, digits, both control digits) cover everything
            # stdnum.iban.validate checks for Spain, in less than half its time, which matters
            # for remittances of 100,000 debits.
            if len(compact) != 24:
                raise InvalidLength()
            mod_97_10.validate(compact[4:] + compact[:4])
            ccc.validate(compact[4:])
        else:
            stdnum_iban.validate(compact)
        return compact
    except ValidationError as error:
        raise InvalidIdentifier(
            f"Invalid IBAN {iban!r} ({_reason(error)}): check the account number",
            value=iban,
        ) from None


def validate_bic(bic: str) -> str:
    """Validate a BIC (8 or 11 characters) and return it compact and upper case."""
    try:
        return str(stdnum_bic.validate(bic))
    except ValidationError as error:
        raise InvalidIdentifier(
            f"Invalid BIC {bic!r} ({_reason(error)}): expected 8 or 11 characters such as "
            "CAIXESBBXXX",
            value=bic,
        ) from None


def validate_spanish_tax_id(value: str) -> tuple[str, SpanishTaxIdKind]:
    """Validate a Spanish tax id and return ``(compact, kind)``.

    ``kind`` is ``"NIF"`` for natural persons with a DNI number or a K, L or M NIF (minors,
    Spaniards abroad, foreigners without NIE), ``"NIE"`` for foreigners (X, Y, Z) and
    ``"CIF"`` for legal entities and public bodies. Spaces, dashes, lower case and an ``ES``
    prefix are accepted.
    """
    compact = str(es_nif.compact(value))
    try:
        es_nif.validate(compact)
    except ValidationError as error:
        raise InvalidIdentifier(
            f"Invalid Spanish tax id {value!r} ({_reason(error)}): expected a NIF, NIE or CIF "
            "such as 12345678Z, X1234567L or B12345674",
            value=value,
        ) from None

    if nie.is_valid(compact):
        return compact, "NIE"
    if cif.is_valid(compact):
        return compact, "CIF"
    if dni.is_valid(compact) or compact[0] in "KLM":
        return compact, "NIF"
    # stdnum accepted it, so it is one of the kinds above. This guards against a stdnum change.
    raise InvalidIdentifier(
        f"Spanish tax id {value!r} is valid but of an unknown kind", value=value
    )


def validate_creditor_id(ci: str) -> str:
    """Validate a SEPA creditor identifier (AT-02) and return it compact.

    For Spanish identifiers (``ES`` + 2 check digits + 3-character business code + NIF) the
    NIF part is validated too.
    """
    compact = str(at_02.compact(ci))
    if len(compact) < 8 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        raise InvalidIdentifier(
            f"Invalid creditor identifier {ci!r}: expected country code, 2 check digits, "
            "3-character business code and national id, such as ES26000B64717838",
            value=ci,
        )
    try:
        at_02.validate(compact)
    except ValidationError as error:
        raise InvalidIdentifier(
            f"Invalid creditor identifier {ci!r} ({_reason(error)}): check the digits",
            value=ci,
        ) from None

    if compact.startswith("ES"):
        national_id = compact[7:]
        if not es_nif.is_valid(national_id):
            raise InvalidIdentifier(
                f"Invalid creditor identifier {ci!r}: {national_id!r} is not a valid NIF",
                value=ci,
            )
    return compact


def creditor_id_from_nif(nif: str, business_code: str = "000") -> str:
    """Build the Spanish creditor identifier for a NIF and a 3-character business code."""
    compact_nif, _kind = validate_spanish_tax_id(nif)
    code = business_code.strip().upper()
    if len(code) != 3 or not code.isalnum() or not code.isascii():
        raise InvalidIdentifier(
            f"Invalid creditor business code {business_code!r}: expected 3 letters or digits, "
            "such as 000",
            value=business_code,
        )
    check_digits = at_02.calc_check_digits(f"ES00{code}{compact_nif}")
    return f"ES{check_digits}{code}{compact_nif}"


def make_spanish_iban(bank: str, branch: str, account: str) -> str:
    """Build a valid Spanish IBAN from a bank code, branch code and account number.

    Meant for demo and test data: the CCC control digits and the IBAN check digits are
    computed, so any 4-digit bank, 4-digit branch and up to 10-digit account gives a valid
    IBAN.
    """
    parts = {"bank": (bank, 4), "branch": (branch, 4), "account": (account, 10)}
    for name, (digits, width) in parts.items():
        if not digits.isdigit() or len(digits) > width:
            raise InvalidIdentifier(
                f"Invalid {name} {digits!r}: expected at most {width} digits", value=digits
            )
    bank, branch, account = bank.zfill(4), branch.zfill(4), account.zfill(10)
    control = ccc.calc_check_digits(f"{bank}{branch}00{account}")
    return str(ccc.to_iban(f"{bank}{branch}{control}{account}"))
