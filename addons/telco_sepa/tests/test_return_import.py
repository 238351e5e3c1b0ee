import base64
import datetime as dt

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from telcocollect.aeb import c19_returns
from telcocollect.identifiers import make_spanish_iban

from .common import TelcoSepaCommon

PAIN002_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr>
      <MsgId>{message_id}</MsgId>
      <CreDtTm>2025-03-07T09:30:00</CreDtTm>
    </GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>{original_message_id}</OrgnlMsgId>
      <OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId>
    </OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>{original_message_id}-1</OrgnlPmtInfId>
      <TxInfAndSts>
        <OrgnlEndToEndId>{end_to_end_id}</OrgnlEndToEndId>
        <TxSts>RJCT</TxSts>
        <StsRsnInf><Rsn><Cd>{reason}</Cd></Rsn></StsRsnInf>
        <OrgnlTxRef>
          <Amt><InstdAmt Ccy="EUR">{amount}</InstdAmt></Amt>
          <MndtRltdInf><MndtId>{mandate}</MndtId></MndtRltdInf>
        </OrgnlTxRef>
      </TxInfAndSts>
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>
"""


@tagged('post_install', '-at_install')
class TestReturnImport(TelcoSepaCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ReturnFile = cls.env['telco.sepa.return.file']

    def _c19_file(self, lines, reason='AM04', amounts=None, created=None):
        presenter = c19_returns.Presenter(
            identifier=self.creditor_id, name='Company', bank_code='2100', branch_code='0418',
        )
        debits = [
            c19_returns.ReturnedDebit(
                end_to_end_id=line.end_to_end_id,
                mandate_id=line.mandate_id.name,
                amount_cents=(amounts or {}).get(line, round(line.amount * 100)),
                reason_code=reason,
                return_date=dt.date(2025, 3, 7),
                collection_date=line.collection_date,
                debtor_name=line.partner_id.name,
                debtor_iban=line.mandate_id.partner_bank_id.acc_number,
                mandate_date=line.mandate_id.signature_date,
            )
            for line in lines
        ]
        return c19_returns.write(
            presenter, 'Company', self.creditor_id, debits,
            created or dt.datetime(2025, 3, 7, 9, 0),
            creditor_iban=make_spanish_iban('2100', '0418', '0200051332'),
        )

    def _pain002_file(self, line, reason, message_id='DA20250307000001', amount=None):
        return PAIN002_TEMPLATE.format(
            message_id=message_id,
            original_message_id=line.remittance_id.message_id,
            end_to_end_id=line.end_to_end_id,
            reason=reason,
            amount=amount or f"{line.amount:.2f}",
            mandate=line.mandate_id.name,
        ).encode()

    def _import(self, data, name='returns.txt'):
        with freeze_time('2025-03-07'):
            return self.ReturnFile.import_return_file(data, name)

    def test_c19_and_pain002_reopen_invoices(self):
        invoice = self._invoice(self.debtor, 33.33)
        invoice_b = self._invoice(self.debtor_b, 10.0)
        residuals = {invoice: invoice.amount_residual, invoice_b: invoice_b.amount_residual}
        remittance = self._sent_remittance(invoice + invoice_b)
        line = remittance.line_ids.filtered(lambda l: l.move_id == invoice)
        line_b = remittance.line_ids - line

        return_file = self._import(self._c19_file(line, reason='AM04'), 'devoluciones.txt')
        self.assertEqual(return_file.file_format, 'aeb19.14')
        self.assertEqual(return_file.line_ids.state, 'applied')
        self.assertEqual(return_file.line_ids.remittance_line_id, line)
        self.assertEqual(invoice.payment_state, 'not_paid')
        self.assertEqual(invoice.amount_residual, residuals[invoice])
        self.assertEqual(invoice.last_return_reason_code, 'AM04')
        self.assertEqual(str(invoice.last_return_date), '2025-03-07')
        self.assertEqual(line.state, 'returned')
        self.assertEqual(line.return_reason_id.code, 'AM04')
        self.assertEqual(str(line.return_move_id.date), '2025-03-07')
        self.assertEqual(line.payment_id.state, 'rejected')
        self.assertEqual(self.mandate.state, 'active')
        self.assertEqual(invoice_b.payment_state, 'in_payment')

        pain002 = self._import(self._pain002_file(line_b, 'MD01'), 'pain002.xml')
        self.assertEqual(pain002.file_format, 'pain.002.001.03')
        self.assertEqual(pain002.bank_message_id, 'DA20250307000001')
        self.assertEqual(pain002.line_ids.state, 'applied')
        self.assertEqual(invoice_b.payment_state, 'not_paid')
        self.assertEqual(invoice_b.amount_residual, residuals[invoice_b])
        self.assertEqual(invoice_b.last_return_reason_code, 'MD01')
        self.assertEqual(self.mandate_b.state, 'cancelled')
        self.assertIn('MD01', self.mandate_b.message_ids[0].body)

    def test_same_file_twice_changes_nothing(self):
        invoice = self._invoice(self.debtor, 20.0)
        remittance = self._sent_remittance(invoice)
        data = self._c19_file(remittance.line_ids)
        first = self._import(data, 'first.txt')
        files_before = self.ReturnFile.search_count([])
        return_move = remittance.line_ids.return_move_id

        with self.assertRaises(UserError) as caught:
            self._import(data, 'again.txt')
        self.assertIn('first.txt', str(caught.exception))
        self.assertEqual(self.ReturnFile.search_count([]), files_before)
        self.assertEqual(remittance.line_ids.return_move_id, return_move)
        self.assertEqual(invoice.payment_state, 'not_paid')
        self.assertEqual(first.applied_count, 1)

    def test_same_bank_message_id_rejected(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._import(self._pain002_file(line, 'AM04'), 'a.xml')
        other_content = self._pain002_file(line, 'MS03')
        with self.assertRaises(UserError) as caught:
            self._import(other_content, 'b.xml')
        self.assertIn('a.xml', str(caught.exception))

    def test_already_returned_and_amount_mismatch(self):
        invoice = self._invoice(self.debtor, 20.0)
        invoice_b = self._invoice(self.debtor_b, 30.0)
        remittance = self._sent_remittance(invoice + invoice_b)
        line, line_b = remittance.line_ids
        self._import(self._c19_file(line), 'one.txt')

        wrong_amount = {line_b: round(line_b.amount * 100) + 1}
        data = self._c19_file(line + line_b, amounts=wrong_amount,
                              created=dt.datetime(2025, 3, 8, 9, 0))
        second = self._import(data, 'two.txt')
        states = {ret.remittance_line_id: ret.state for ret in second.line_ids}
        self.assertEqual(states, {line: 'already_returned', line_b: 'amount_mismatch'})
        self.assertEqual(line_b.state, 'sent')
        self.assertEqual(invoice_b.payment_state, 'in_payment')
        self.assertEqual(second.applied_count, 0)

    def test_unknown_end_to_end_id_not_found(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        data = self._pain002_file(line, 'AM04').replace(
            line.end_to_end_id.encode(), b'UNKNOWN-1')
        return_file = self._import(data, 'unknown.xml')
        self.assertEqual(return_file.line_ids.state, 'not_found')
        self.assertEqual(line.state, 'sent')

    def test_malformed_file_names_line_and_field(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        records = self._c19_file(line).split(b'\r\n')
        amount_at = records[2].find(b'%011d' % round(line.amount * 100))
        records[2] = records[2][:amount_at] + b'00000AB' + records[2][amount_at + 7:]
        files_before = self.ReturnFile.search_count([])

        with self.assertRaises(UserError) as caught:
            self._import(b'\r\n'.join(records), 'broken.txt')
        message = str(caught.exception)
        self.assertIn('line 3', message)
        self.assertIn('amount', message)
        self.assertEqual(self.ReturnFile.search_count([]), files_before)
        self.assertEqual(line.state, 'sent')

    def test_returned_invoice_represented_once(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._import(self._c19_file(line, reason='AM04'), 'am04.txt')
        # The return schedules the new collection on the re-presentation date and pre-notifies it.
        self.assertEqual(str(invoice.representation_date), '2025-04-07')
        with freeze_time('2025-03-07'):
            again = self._remittance(collection_date='2025-04-07')
            again.action_select_invoices()
        self.assertEqual(again.line_ids.move_id, invoice)

    def test_wizard_imports_file(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        wizard = self.env['telco.sepa.return.import'].create({
            'data_file': base64.b64encode(self._c19_file(line)),
            'file_name': 'wizard.txt',
        })
        with freeze_time('2025-03-07'):
            action = wizard.action_import()
        return_file = self.ReturnFile.browse(action['res_id'])
        self.assertEqual(return_file.name, 'wizard.txt')
        self.assertEqual(line.state, 'returned')
