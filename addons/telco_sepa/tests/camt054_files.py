"""camt.054.001.02 debit notifications of returned direct debits, built for the tests."""

from telcocollect.money import format_cents

CAMT054_HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
  <BkToCstmrDbtCdtNtfctn>
    <GrpHdr>
      <MsgId>{message_id}</MsgId>
      <CreDtTm>{booking_date}T21:00:00</CreDtTm>
    </GrpHdr>
    <Ntfctn>
      <Id>{message_id}-1</Id>
      <CreDtTm>{booking_date}T21:00:00</CreDtTm>
      <Acct><Id><IBAN>{creditor_iban}</IBAN></Id></Acct>
"""

CAMT054_ENTRY = """      <Ntry>
        <Amt Ccy="EUR">{amount}</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{booking_date}</Dt></BookgDt>
        <ValDt><Dt>{booking_date}</Dt></ValDt>
        <BkTxCd>
          <Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly></Domn>
        </BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs>
              <EndToEndId>{end_to_end_id}</EndToEndId>
              <MndtId>{mandate}</MndtId>
            </Refs>
            <AmtDtls><InstdAmt><Amt Ccy="EUR">{amount}</Amt></InstdAmt></AmtDtls>
            <RltdPties><Dbtr><Nm>{debtor}</Nm></Dbtr></RltdPties>
            <RtrInf><Rsn><Cd>{reason}</Cd></Rsn></RtrInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
"""

CAMT054_FOOTER = """    </Ntfctn>
  </BkToCstmrDbtCdtNtfctn>
</Document>
"""


def camt054_returns(debits, reason, message_id, booking_date, creditor_iban):
    """Return a camt.054 file that returns each remittance line of ``debits`` with ``reason``."""
    parts = [CAMT054_HEADER.format(
        message_id=message_id, booking_date=booking_date, creditor_iban=creditor_iban,
    )]
    for debit in debits:
        cents = debit.remittance_id._to_cents(debit.amount, debit.currency_id)
        parts.append(CAMT054_ENTRY.format(
            amount=format_cents(cents),
            booking_date=booking_date,
            end_to_end_id=debit.end_to_end_id,
            mandate=debit.mandate_id.name,
            debtor=debit.partner_id.name,
            reason=reason,
        ))
    parts.append(CAMT054_FOOTER)
    return "".join(parts).encode()
