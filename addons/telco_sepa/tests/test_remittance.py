import base64

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from telcocollect.sepa.pain008 import validate_pain008

from .common import COLLECTION_DATE, TODAY, TelcoSepaCommon

NS = {'p': 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02'}


@tagged('post_install', '-at_install')
class TestRemittance(TelcoSepaCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.no_mandate = cls._create_debtor('Sin Mandato', '0003', city='Sevilla',
                                            country=cls.env.ref('base.es'))
        cls.no_town = cls._create_debtor('Sin Ciudad', '0004', city=False,
                                         country=cls.env.ref('base.es'))
        cls._create_mandate(cls.no_town, 'MND-0010')

    def _file_tree(self, remittance):
        return etree.fromstring(base64.b64decode(remittance.file_attachment_id.datas))

    def test_select_with_exclusions(self):
        good = self._invoice(self.debtor, 33.33)
        good_b = self._invoice(self.debtor_b, 10.10)
        no_mandate = self._invoice(self.no_mandate, 20.0)
        no_town = self._invoice(self.no_town, 20.0)
        disputed = self._invoice(self.debtor, 15.0, collection_dispute=True)
        transfer = self._invoice(self.debtor, 15.0, collection_payment_method='transfer')
        not_due = self._invoice(self.debtor, 15.0, invoice_date='2025-03-20')

        with freeze_time(TODAY):
            remittance = self._remittance()
            remittance.action_select_invoices()

        self.assertEqual(remittance.line_ids.move_id, good + good_b)
        excluded = {ex.move_id: ex.reason for ex in remittance.excluded_ids}
        self.assertEqual(set(excluded), {no_mandate, no_town, disputed})
        self.assertIn('no active mandate', excluded[no_mandate])
        self.assertIn('town or country', excluded[no_town])
        self.assertIn('disputed', excluded[disputed])
        self.assertNotIn(transfer, remittance.line_ids.move_id)
        self.assertNotIn(not_due, remittance.line_ids.move_id)

        line = remittance.line_ids.filtered(lambda l: l.move_id == good)
        self.assertEqual(line.amount, good.amount_residual)
        self.assertEqual(line.mandate_id, self.mandate)
        self.assertEqual(line.sequence_type, 'RCUR')
        self.assertEqual(line.end_to_end_id, f"{remittance.name}-{line.id}")
        self.assertEqual(remittance.line_count, 2)
        self.assertAlmostEqual(remittance.amount_total, good.amount_total + good_b.amount_total)

        with freeze_time(TODAY):
            second = self._remittance()
            second.action_select_invoices()
        self.assertFalse(second.line_ids)
        self.assertIn(remittance.name, second.excluded_ids.filtered(
            lambda ex: ex.move_id == good).reason)

    def test_select_frst_when_enabled(self):
        self.journal._get_telco_sepa_bank_profile().sudo().use_frst = True
        self._invoice(self.debtor, 12.0)
        with freeze_time(TODAY):
            remittance = self._remittance()
            remittance.action_select_invoices()
        self.assertEqual(remittance.line_ids.sequence_type, 'FRST')

    def test_select_b2b_scheme_separate(self):
        self.mandate_b.action_cancel()
        self._create_mandate(self.debtor_b, 'MND-B2B', scheme='B2B')
        invoice = self._invoice(self.debtor_b, 50.0)
        with freeze_time(TODAY):
            core = self._remittance()
            core.action_select_invoices()
            b2b = self._remittance(scheme='B2B')
            b2b.action_select_invoices()
        self.assertIn('B2B', core.excluded_ids.reason)
        self.assertEqual(b2b.line_ids.move_id, invoice)

    def test_file_xsd_valid_with_exact_amounts(self):
        invoices = self._invoice(self.debtor, 33.33) + self._invoice(self.debtor_b, 0.29)
        with freeze_time(TODAY):
            remittance = self._remittance()
            remittance.action_select_invoices()
            remittance.action_generate_file()

        self.assertEqual(remittance.state, 'generated')
        self.assertFalse(remittance.bank_warnings)
        self.assertEqual(remittance.file_attachment_id.name, f"{remittance.name}.xml")
        xml = base64.b64decode(remittance.file_attachment_id.datas)
        validate_pain008(xml)

        tree = etree.fromstring(xml)
        self.assertEqual(tree.findtext('.//p:GrpHdr/p:MsgId', namespaces=NS), remittance.message_id)
        self.assertEqual(
            tree.findtext('.//p:GrpHdr/p:InitgPty/p:Id/p:OrgId/p:Othr/p:Id', namespaces=NS),
            self.creditor_id,
        )
        self.assertEqual(
            tree.xpath('//p:PmtInf/p:PmtTpInf/p:SvcLvl/p:Cd/text()', namespaces=NS), ['SEPA'],
        )
        self.assertEqual(tree.findtext('.//p:PmtInf/p:ReqdColltnDt', namespaces=NS),
                         COLLECTION_DATE)
        amounts = {
            tx.findtext('p:PmtId/p:EndToEndId', namespaces=NS): tx.findtext('p:InstdAmt', namespaces=NS)
            for tx in tree.iterfind('.//p:DrctDbtTxInf', namespaces=NS)
        }
        expected = {
            line.end_to_end_id: f"{line.move_id.amount_residual:.2f}"
            for line in remittance.line_ids
        }
        self.assertEqual(amounts, expected)
        self.assertEqual(expected[remittance.line_ids[1].end_to_end_id], '0.35')
        self.assertEqual(tree.findtext('.//p:GrpHdr/p:CtrlSum', namespaces=NS),
                         f"{sum(invoices.mapped('amount_residual')):.2f}")
        self.assertEqual(tree.findtext('.//p:GrpHdr/p:NbOfTxs', namespaces=NS), '2')
        debtor_names = tree.xpath('//p:DrctDbtTxInf/p:Dbtr/p:Nm/text()', namespaces=NS)
        self.assertIn('Pena Iniguez', debtor_names)
        towns = tree.xpath('//p:DrctDbtTxInf/p:Dbtr/p:PstlAdr/p:TwnNm/text()', namespaces=NS)
        self.assertIn('Malaga', towns)

    def test_file_problems_listed(self):
        self._invoice(self.debtor, 10.0)
        self.company.sepa_creditor_identifier = False
        with freeze_time(TODAY):
            remittance = self._remittance(collection_date='2025-03-04')
            remittance.action_select_invoices()
            with freeze_time('2025-03-03 14:30'):
                with self.assertRaises(UserError) as caught:
                    remittance.action_generate_file()
        message = str(caught.exception)
        self.assertIn('creditor identifier', message)
        self.assertIn('too early', message)
        self.assertFalse(remittance.file_attachment_id)
        self.assertEqual(remittance.state, 'draft')

    def test_mark_sent_invoices_in_payment(self):
        invoices = self._invoice(self.debtor, 33.33) + self._invoice(self.debtor_b, 10.0)
        remittance = self._sent_remittance(invoices)

        self.assertEqual(remittance.state, 'sent')
        self.assertEqual(set(invoices.mapped('payment_state')), {'in_payment'})
        self.assertEqual(set(invoices.mapped('amount_residual')), {0.0})
        payments = remittance.line_ids.payment_id
        self.assertEqual(len(payments), 2)
        self.assertEqual(set(payments.mapped('state')), {'in_process'})
        self.assertEqual(set(payments.payment_method_line_id.mapped('code')),
                         {'telco_sepa_direct_debit'})
        self.assertEqual(set(payments.journal_id.ids), {self.journal.id})
        for line in remittance.line_ids:
            self.assertEqual(line.payment_id.memo, line.end_to_end_id)
            self.assertEqual(line.payment_id.amount, line.amount)
            self.assertEqual(line.state, 'sent')
        self.assertEqual(str(self.mandate.last_debit_date), COLLECTION_DATE)

    def test_sent_remittance_locked(self):
        invoice = self._invoice(self.debtor, 10.0)
        remittance = self._sent_remittance(invoice)
        with self.assertRaises(UserError):
            remittance.collection_date = '2025-03-10'
        with self.assertRaises(UserError):
            remittance.line_ids.amount = 1.0
        with self.assertRaises(UserError):
            remittance.line_ids.unlink()
        with self.assertRaises(UserError):
            remittance.unlink()

    def test_generated_lines_frozen_until_reset(self):
        self._invoice(self.debtor, 10.0)
        with freeze_time(TODAY):
            remittance = self._remittance()
            remittance.action_select_invoices()
            remittance.action_generate_file()
            with self.assertRaises(UserError):
                remittance.line_ids.unlink()
            remittance.action_reset_to_draft()
        self.assertFalse(remittance.file_attachment_id)
        remittance.line_ids.unlink()
        self.assertFalse(remittance.line_ids)
