from lxml import etree
from odoo.tests import freeze_time, tagged

from telcocollect.identifiers import make_spanish_iban
from telcocollect.sepa.pain008 import validate_pain008

from .camt054_files import camt054_returns
from .common import TelcoSepaCommon

NS = {'p': 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02'}
MANDATE_INFO = '//p:DrctDbtTxInf/p:DrctDbtTx/p:MndtRltdInf'


@tagged('post_install', '-at_install')
class TestMandateAmendment(TelcoSepaCommon):

    def setUp(self):
        super().setUp()
        self.first_invoice = self._invoice(self.debtor, 20.0)
        self.first = self._sent_remittance(self.first_invoice)
        self.old_iban = self.mandate.partner_bank_id.acc_number

    def _change_iban(self, iban, when='2025-03-06 10:00:00'):
        with freeze_time(when):
            self.env['telco.sepa.iban.change'].create({
                'mandate_id': self.mandate.id,
                'new_iban': iban,
                'reason': 'New bank',
            }).action_apply()

    def _generate(self, collection_date='2025-03-10', today='2025-03-06 11:00:00'):
        invoice = self._invoice(self.debtor, 30.0)
        with freeze_time(today):
            remittance = self._remittance(collection_date=collection_date)
            remittance.action_select_invoices()
            remittance.action_generate_file()
        self.assertEqual(remittance.line_ids.move_id, invoice)
        xml = remittance.file_attachment_id.raw
        validate_pain008(xml)
        return remittance, etree.fromstring(xml)

    def test_same_bank_sends_original_iban(self):
        new_iban = make_spanish_iban('0049', '1500', '0000000999')
        self._change_iban(new_iban)
        self.assertTrue(self.mandate.amendment_pending)
        self.assertEqual(self.mandate.amendment_original_iban, self.old_iban.replace(' ', ''))
        self.assertFalse(self.mandate.amendment_original_reference)

        remittance, root = self._generate()
        self.assertEqual(root.xpath(f'{MANDATE_INFO}/p:AmdmntInd/text()', namespaces=NS),
                         ['true'])
        self.assertEqual(
            root.xpath(f'{MANDATE_INFO}/p:AmdmntInfDtls/p:OrgnlDbtrAcct/p:Id/p:IBAN/text()',
                       namespaces=NS),
            [self.old_iban.replace(' ', '')],
        )
        self.assertEqual(root.xpath('//p:DbtrAcct/p:Id/p:IBAN/text()', namespaces=NS),
                         [new_iban])
        self.assertTrue(remittance.line_ids.amendment_indicator)

    def test_other_bank_sends_smnda(self):
        self._change_iban(make_spanish_iban('2100', '0418', '0000000777'))
        _remittance, root = self._generate()
        self.assertEqual(
            root.xpath(f'{MANDATE_INFO}/p:AmdmntInfDtls/p:OrgnlDbtrAcct/p:Id/p:Othr/p:Id/text()',
                       namespaces=NS),
            ['SMNDA'],
        )
        self.assertFalse(root.xpath('//p:OrgnlDbtrAcct/p:Id/p:IBAN', namespaces=NS))

    def test_reference_change_sends_original_id(self):
        with freeze_time('2025-03-06 10:00:00'):
            self.mandate.name = 'MND-0001-B'
        self.assertEqual(self.mandate.amendment_original_reference, 'MND-0001')
        _remittance, root = self._generate()
        self.assertEqual(root.xpath(f'{MANDATE_INFO}/p:MndtId/text()', namespaces=NS),
                         ['MND-0001-B'])
        self.assertEqual(
            root.xpath(f'{MANDATE_INFO}/p:AmdmntInfDtls/p:OrgnlMndtId/text()', namespaces=NS),
            ['MND-0001'],
        )

    def test_reference_back_to_original_clears(self):
        self.mandate.name = 'MND-0001-B'
        self.mandate.name = 'MND-0001'
        self.assertFalse(self.mandate.amendment_pending)
        self.assertFalse(self.mandate.amendment_original_reference)

    def test_second_change_keeps_oldest_data(self):
        self._change_iban(make_spanish_iban('0049', '1500', '0000000999'))
        self._change_iban(make_spanish_iban('0049', '1500', '0000000888'),
                          when='2025-03-07 10:00:00')
        self.assertEqual(self.mandate.amendment_original_iban, self.old_iban.replace(' ', ''))

    def test_unused_mandate_needs_no_amendment(self):
        mandate = self._create_mandate(self.debtor_b, 'MND-A01')
        bank = self.env['res.partner.bank'].create({
            'partner_id': self.debtor_b.id,
            'acc_number': make_spanish_iban('0049', '1500', '0000000555'),
        })
        mandate.partner_bank_id = bank
        self.assertFalse(mandate.amendment_pending)

    def test_no_amendment_without_change(self):
        _remittance, root = self._generate()
        self.assertFalse(root.xpath('//p:AmdmntInd', namespaces=NS))

    def test_cleared_after_return_window(self):
        self._change_iban(make_spanish_iban('0049', '1500', '0000000999'))
        remittance, _root = self._generate()
        with freeze_time('2025-03-06 12:00:00'):
            remittance.action_mark_sent()
        Mandate = self.env['telco.sepa.mandate']
        # Collected on Monday 10 March: rejects and returns may come until 17 March (D+5).
        with freeze_time('2025-03-17'):
            Mandate._cron_clear_settled_amendments()
        self.assertTrue(self.mandate.amendment_pending)
        with freeze_time('2025-03-18'):
            cleared = Mandate._cron_clear_settled_amendments()
        self.assertEqual(cleared, self.mandate)
        self.assertFalse(self.mandate.amendment_pending)
        self.assertFalse(self.mandate.amendment_original_iban)
        self.assertIn('Amendment settled', self.mandate.message_ids[0].body)

    def test_returned_debit_keeps_amendment(self):
        self._change_iban(make_spanish_iban('0049', '1500', '0000000999'))
        remittance, _root = self._generate()
        with freeze_time('2025-03-06 12:00:00'):
            remittance.action_mark_sent()
        data = camt054_returns(
            remittance.line_ids, 'AM04', 'NTF-AMD-1', '2025-03-12',
            self.journal.bank_account_id.acc_number,
        )
        with freeze_time('2025-03-12'):
            self.env['telco.sepa.return.file'].import_return_file(data, 'devol.xml')
        self.assertEqual(remittance.line_ids.state, 'returned')
        with freeze_time('2025-03-20'):
            self.env['telco.sepa.mandate']._cron_clear_settled_amendments()
        self.assertTrue(self.mandate.amendment_pending)
