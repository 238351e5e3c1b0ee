from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger
from psycopg2 import IntegrityError

from .camt054_files import camt054_returns
from .common import TelcoSepaCommon


@tagged('post_install', '-at_install')
class TestReturnFee(TelcoSepaCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee_product = cls.env['product.product'].create({
            'name': 'Gastos de devolución',
            'type': 'service',
            'taxes_id': [],
        })
        # Bank profiles are configured by administrators.
        cls.profile = cls.journal._get_telco_sepa_bank_profile().sudo()
        cls.profile.write({
            'return_fee_amount': 3.5,
            'return_fee_product_id': cls.fee_product.id,
        })

    def _return(self, debits, reason='AM04', when='2025-03-07'):
        data = camt054_returns(
            debits, reason, f'NTF-FEE-{reason}', when, self.journal.bank_account_id.acc_number,
        )
        with freeze_time(when):
            return self.env['telco.sepa.return.file'].import_return_file(data, 'fee.xml')

    def _fees(self):
        return self.env['account.move'].search([('telco_sepa_return_fee_line_id', '!=', False)])

    def test_business_customer_charged(self):
        invoice = self._invoice(self.debtor_b, 40.0)
        line = self._sent_remittance(invoice).line_ids
        return_file = self._return(line)
        fee = self._fees()
        self.assertEqual(len(fee), 1)
        self.assertRecordValues(fee, [{
            'partner_id': self.debtor_b.id,
            'state': 'posted',
            'move_type': 'out_invoice',
            'amount_total': 3.5,
            'telco_sepa_return_fee_line_id': return_file.line_ids.id,
        }])
        self.assertEqual(fee.invoice_line_ids.product_id, self.fee_product)
        self.assertIn(line.end_to_end_id, fee.invoice_line_ids.name)
        self.assertIn(fee.name, invoice.message_ids[0].body)

    def test_consumer_not_charged_by_default(self):
        invoice = self._invoice(self.debtor, 40.0)
        self._return(self._sent_remittance(invoice).line_ids)
        self.assertFalse(self._fees())

    def test_consumer_charged_when_enabled(self):
        self.profile.return_fee_consumers = True
        invoice = self._invoice(self.debtor, 40.0)
        self._return(self._sent_remittance(invoice).line_ids)
        self.assertEqual(self._fees().partner_id, self.debtor)

    def test_refund_not_charged(self):
        invoice = self._invoice(self.debtor_b, 40.0)
        self._return(self._sent_remittance(invoice).line_ids, reason='MD06')
        self.assertFalse(self._fees())

    def test_no_fee_without_amount(self):
        self.profile.return_fee_amount = 0
        invoice = self._invoice(self.debtor_b, 40.0)
        self._return(self._sent_remittance(invoice).line_ids)
        self.assertFalse(self._fees())

    def test_fee_charged_once(self):
        invoice = self._invoice(self.debtor_b, 40.0)
        line = self._sent_remittance(invoice).line_ids
        return_line = self._return(line).line_ids
        fee = self._fees()
        self.assertFalse(line._charge_return_fee(return_line))
        self.assertEqual(self._fees(), fee)
        with self.assertRaises(IntegrityError), mute_logger('odoo.sql_db'), self.cr.savepoint():
            fee.copy({'telco_sepa_return_fee_line_id': return_line.id})
