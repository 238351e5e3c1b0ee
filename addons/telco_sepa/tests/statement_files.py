"""Writers of small AEB Norma 43 files for the statement tests and the benchmark.

Only the records the importer reads are written: 11, 22, 23, 33 and 88, information
modality 3, currency EUR (978). Amounts are integer cents, signed: a credit is positive.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Movement:
    booking_date: date
    amount_cents: int
    common_concept: str = '02'
    document_number: str = ''
    reference1: str = ''
    reference2: str = ''
    # (data code, 76-character text) of each record 23, such as ('01', 'PAGO FACTURA ...').
    concepts: list = field(default_factory=list)


def sepa_debit_concepts(creditor_id, mandate, end_to_end_id, debtor_name, text=''):
    """Return the records 2301-2305 of a SEPA direct debit (AEB Norma 43 annex 4)."""
    return [
        ('01', 'CORE' + 'TELCO EJEMPLO SL'),
        ('02', creditor_id.ljust(35) + mandate),
        ('03', 'OTHR' + '    ' + text),
        ('04', ''),
        ('05', end_to_end_id.ljust(35) + debtor_name),
    ]


def account_block(account_key, start, end, opening_cents, movements, totals_delta=0):
    """Return the records of one account; ``totals_delta`` falsifies the record 33 credits."""
    records = [
        '11' + account_key + f'{start:%y%m%d}{end:%y%m%d}'
        + ('2' if opening_cents >= 0 else '1') + f'{abs(opening_cents):014d}'
        + '978' + '3' + 'TELCO EJEMPLO SL'.ljust(26) + '   '
    ]
    debit_count = debit_total = credit_count = credit_total = 0
    for movement in movements:
        amount = movement.amount_cents
        if amount < 0:
            debit_count += 1
            debit_total += -amount
        else:
            credit_count += 1
            credit_total += amount
        day = f'{movement.booking_date:%y%m%d}'
        records.append(
            '22' + '    ' + '0001' + day + day + movement.common_concept + '000'
            + ('1' if amount < 0 else '2') + f'{abs(amount):014d}'
            + movement.document_number.ljust(10)[:10] + movement.reference1.ljust(12)[:12]
            + movement.reference2.ljust(16)[:16]
        )
        for code, text in movement.concepts:
            records.append('23' + code + text.ljust(76)[:76])
    final = opening_cents + credit_total - debit_total
    records.append(
        '33' + account_key + f'{debit_count:05d}{debit_total:014d}'
        + f'{credit_count:05d}{credit_total + totals_delta:014d}'
        + ('2' if final >= 0 else '1') + f'{abs(final):014d}' + '978' + '    '
    )
    return records


def norma43_file(blocks):
    """Join account blocks (from ``account_block``) and the record 88 into file bytes."""
    records = [record for block in blocks for record in block]
    records.append('88' + '9' * 18 + f'{len(records):06d}' + ' ' * 54)
    for record in records:
        assert len(record) == 80, record
    return ('\r\n'.join(records) + '\r\n').encode('iso-8859-1')
