"""Time building, serializing and validating pain.008 remittances of 10,000 and 100,000 debits.

"build" checks every debit (IBAN, BIC, ids, text), groups the debits and writes the XML text
fragments. "serialize" joins and encodes them. "validate" parses the bytes and checks them
against the XSD.

Run from the repository root: ``python3 tools/bench_sepa.py [COUNT ...]``. The debits are
synthetic: valid Spanish IBANs, a structured address, one amendment every 50 debits, two
collection dates and FRST/RCUR, so each file has four ``PmtInf`` blocks.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import time

from telcocollect.identifiers import make_spanish_iban
from telcocollect.sepa.pain008 import (
    PAIN008_VERSIONS,
    Creditor,
    DirectDebit,
    MandateAmendment,
    PostalAddress,
    render_pain008,
    validate_pain008,
)

CREDITOR = Creditor(
    name="Telco Ejemplo S.L.",
    iban="ES9121000418450200051332",
    bic="CAIXESBBXXX",
    creditor_id="ES26000B64717838",
)


def make_debits(count: int) -> list[DirectDebit]:
    """Create ``count`` synthetic debits."""
    address = PostalAddress(
        "ES", "Madrid", street="Calle Mayor", building_number="1", postcode="28013"
    )
    amendment = MandateAmendment(original_debtor_iban="ES7921000813610123456789")
    debits = []
    for index in range(count):
        debits.append(
            DirectDebit(
                end_to_end_id=f"REC-{index:09d}",
                amount_cents=29 + index % 10_000,
                mandate_id=f"MND-{index:09d}",
                mandate_date=dt.date(2024, 1, 15),
                debtor_name=f"Cliente Peña Muñoz {index}",
                debtor_iban=make_spanish_iban("2100", "0813", str(index)),
                debtor_bic="CAIXESBBXXX" if index % 2 else None,
                debtor_address=address,
                remittance_info=f"Factura nº F2026-{index:09d} línea móvil",
                sequence_type="RCUR" if index % 10 else "FRST",
                scheme="CORE",
                collection_date=dt.date(2026, 3, 10 + index % 2),
                amendment=amendment if index % 50 == 0 else None,
            )
        )
    return debits


def run(count: int) -> None:
    """Print the time of each step for ``count`` debits in every supported version."""
    debits = make_debits(count)
    for version in PAIN008_VERSIONS:
        started = time.perf_counter()
        fragments = render_pain008(
            "REM-BENCH-0001", dt.datetime(2026, 3, 2, 10), CREDITOR, debits, version
        )
        built = time.perf_counter()
        xml = "".join(fragments).encode("utf-8")
        serialized = time.perf_counter()
        validate_pain008(xml)
        validated = time.perf_counter()
        print(
            f"{count:>7} debits {version}: build {built - started:.2f} s, "
            f"serialize {serialized - built:.2f} s, validate {validated - serialized:.2f} s, "
            f"total {validated - started:.2f} s, {len(xml) / 1e6:.1f} MB"
        )


def run_sepaxml(count: int) -> None:
    """Print the time sepaxml's SepaDD takes for the same debits, for comparison."""
    from sepaxml import SepaDD

    debits = make_debits(count)
    started = time.perf_counter()
    sepa = SepaDD(
        {
            "name": CREDITOR.name,
            "IBAN": CREDITOR.iban,
            "BIC": CREDITOR.bic,
            "batch": True,
            "creditor_id": CREDITOR.creditor_id,
            "currency": "EUR",
        },
        schema="pain.008.001.02",
    )
    for debit in debits:
        sepa.add_payment(
            {
                "name": debit.debtor_name,
                "IBAN": debit.debtor_iban,
                "BIC": debit.debtor_bic or "NOTPROVIDED",
                "amount": debit.amount_cents,
                "type": debit.sequence_type,
                "collection_date": debit.collection_date,
                "mandate_id": debit.mandate_id,
                "mandate_date": debit.mandate_date,
                "description": debit.remittance_info,
                "endtoend_id": debit.end_to_end_id,
            }
        )
    xml = sepa.export(validate=False)
    exported = time.perf_counter()
    print(
        f"{count:>7} debits sepaxml SepaDD pain.008.001.02 (no validation): "
        f"add and export {exported - started:.2f} s, {len(xml) / 1e6:.1f} MB"
    )


def main() -> None:
    counts = [int(argument) for argument in sys.argv[1:]] or [10_000, 100_000]
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}")
    for count in counts:
        run(count)
    run_sepaxml(min(counts))


if __name__ == "__main__":
    main()
