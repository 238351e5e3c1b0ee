from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common import COLLECTION_DATE, TODAY, TelcoSepaCommon


@tagged('post_install', '-at_install')
class TestRemittanceSchedule(TelcoSepaCommon):

    def test_closing_day_moved_to_next(self):
        # Good Friday 2025-04-18 and Easter Monday 2025-04-21 are TARGET2 closing days.
        with freeze_time(TODAY):
            remittance = self._remittance(collection_date='2025-04-18')
        self.assertEqual(remittance.collection_date, fields.Date.to_date('2025-04-22'))
        self.assertEqual(
            remittance.collection_date_moved_note,
            "Collection date moved from 2025-04-18 to 2025-04-22: TARGET2 closing day",
        )
        self.assertIn('TARGET2 closing day', remittance.message_ids[0].body)

    def test_business_day_not_moved(self):
        with freeze_time(TODAY):
            remittance = self._remittance(collection_date='2025-04-18')
            remittance.collection_date = COLLECTION_DATE
        self.assertEqual(remittance.collection_date, fields.Date.to_date(COLLECTION_DATE))
        self.assertFalse(remittance.collection_date_moved_note)

    def test_earliest_date_uses_madrid_cutoff(self):
        remittance = self._remittance()
        profile = self.journal._get_telco_sepa_bank_profile().sudo()
        # 12:30 UTC is 13:30 in Madrid (CET): before the 14:00 cut-off.
        with freeze_time('2025-03-03 12:30'):
            self.assertEqual(str(remittance._get_earliest_collection_date()), '2025-03-04')
        # 13:30 UTC is 14:30 in Madrid: the file counts as presented on Tuesday.
        with freeze_time('2025-03-03 13:30'):
            self.assertEqual(str(remittance._get_earliest_collection_date()), '2025-03-05')
        profile.write({'cutoff_time': 16.0, 'lead_days': 2})
        with freeze_time('2025-03-03 13:30'):
            self.assertEqual(str(remittance._get_earliest_collection_date()), '2025-03-05')
        # Friday after the cut-off: presented Monday, collected Tuesday.
        profile.lead_days = 1
        with freeze_time('2025-03-07 16:00'):
            self.assertEqual(str(remittance._get_earliest_collection_date()), '2025-03-11')

    def test_generate_rejects_too_early_date(self):
        self._invoice(self.debtor, 10.0)
        with freeze_time('2025-03-03 13:30'):
            remittance = self._remittance(collection_date='2025-03-04')
            remittance.action_select_invoices()
            with self.assertRaises(UserError) as caught:
                remittance.action_generate_file()
        self.assertIn('too early', str(caught.exception))
        self.assertIn('2025-03-05', str(caught.exception))
        self.assertEqual(remittance.state, 'draft')

    def test_close_after_credit(self):
        invoice = self._invoice(self.debtor, 20.0)
        remittance = self._sent_remittance(invoice)
        with self.assertRaises(UserError):
            remittance.action_reset_to_draft()
        remittance._telco_mark_credited(self.env['account.bank.statement.line'])
        self.assertEqual(remittance.state, 'credited')
        self.assertIn('Credited by the bank', remittance.message_ids[0].body)
        remittance.action_close()
        self.assertEqual(remittance.state, 'closed')
        with self.assertRaises(UserError):
            remittance.action_close()

    def test_close_from_sent(self):
        remittance = self._sent_remittance(self._invoice(self.debtor, 20.0))
        remittance.action_close()
        self.assertEqual(remittance.state, 'closed')

    def test_close_draft_rejected(self):
        remittance = self._remittance()
        with self.assertRaises(UserError):
            remittance.action_close()
        with self.assertRaises(UserError):
            remittance._telco_mark_credited(self.env['account.bank.statement.line'])

    def _generated(self, invoices):
        with freeze_time(TODAY):
            remittance = self._remittance()
            remittance.action_select_invoices()
            remittance.action_generate_file()
        self.assertEqual(remittance.line_ids.move_id, invoices)
        return remittance

    def test_mark_sent_in_batches(self):
        invoices = (
            self._invoice(self.debtor, 10.0)
            + self._invoice(self.debtor, 11.0)
            + self._invoice(self.debtor_b, 12.0)
        )
        remittance = self._generated(invoices)
        with freeze_time(TODAY):
            remittance.with_context(telco_sepa_inline=True).action_mark_sent(batch_size=2)
        self.assertEqual(remittance.state, 'sent')
        self.assertEqual(set(remittance.line_ids.mapped('state')), {'sent'})
        self.assertEqual(len(remittance.line_ids.payment_id), 3)
        self.assertEqual(set(invoices.mapped('payment_state')), {'in_payment'})
        self.assertEqual(self.mandate.last_debit_date, fields.Date.to_date(COLLECTION_DATE))

    def test_large_remittance_sent_by_cron(self):
        invoices = self._invoice(self.debtor, 10.0) + self._invoice(self.debtor_b, 12.0)
        remittance = self._generated(invoices)
        with freeze_time(TODAY):
            remittance.action_mark_sent(batch_size=1)
        self.assertTrue(remittance.mark_sent_requested)
        self.assertEqual(remittance.state, 'generated')
        self.assertFalse(remittance.line_ids.payment_id)

        commits = []
        with freeze_time(TODAY), patch.object(
            self.env.cr, 'commit', lambda: commits.append(True),
        ):
            self.env['telco.sepa.remittance']._cron_mark_sent(batch_size=1)
        # One commit per batch of one debit, and one after the remittance.
        self.assertEqual(len(commits), 3)
        self.assertEqual(remittance.state, 'sent')
        self.assertFalse(remittance.mark_sent_requested)
        self.assertEqual(len(remittance.line_ids.payment_id), 2)

    def test_mark_sent_resumes_pending_only(self):
        invoices = self._invoice(self.debtor, 10.0) + self._invoice(self.debtor_b, 12.0)
        remittance = self._generated(invoices)
        first = remittance.line_ids[0]
        with freeze_time(TODAY):
            remittance._mark_batch_sent(first)
            with self.assertRaises(UserError):
                remittance.action_reset_to_draft()
            remittance.with_context(telco_sepa_inline=True).action_mark_sent()
        self.assertEqual(len(remittance.line_ids.payment_id), 2)
        self.assertEqual(len(first.move_id.line_ids.matched_credit_ids), 1)


@tagged('post_install', '-at_install')
class TestSelectionReasons(TelcoSepaCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.usd = cls.setup_other_currency('USD')

    def _select(self, **vals):
        with freeze_time(TODAY):
            remittance = self._remittance(**vals)
            remittance.action_select_invoices()
        return remittance, {ex.move_id: ex.reason for ex in remittance.excluded_ids}

    def test_payment_plan_excluded(self):
        invoice = self._invoice(self.debtor, 10.0, collection_in_plan=True)
        remittance, excluded = self._select()
        self.assertFalse(remittance.line_ids)
        self.assertIn('payment plan', excluded[invoice])

    def test_not_eur_excluded(self):
        invoice = self._invoice(self.debtor, 10.0, currency_id=self.usd.id)
        _remittance, excluded = self._select()
        self.assertIn('EUR only', excluded[invoice])

    def test_expired_mandate_excluded(self):
        self.mandate.state = 'expired'
        invoice = self._invoice(self.debtor, 10.0)
        _remittance, excluded = self._select()
        self.assertIn('MND-0001', excluded[invoice])
        self.assertIn('expired', excluded[invoice])

    def test_unused_mandate_expires_before_collection(self):
        self.mandate.signature_date = fields.Date.to_date(COLLECTION_DATE) - relativedelta(
            months=36,
        )
        invoice = self._invoice(self.debtor, 10.0)
        _remittance, excluded = self._select()
        self.assertIn('not used for 36 months', excluded[invoice])

    def test_b2b_mandate_for_consumer_excluded(self):
        self.mandate_b.action_cancel()
        self._create_mandate(self.debtor_b, 'MND-B2B', scheme='B2B')
        self.debtor_b.telco_customer_type = 'residential'
        invoice = self._invoice(self.debtor_b, 10.0)
        _remittance, excluded = self._select(scheme='B2B')
        self.assertIn('consumer', excluded[invoice])

    def test_zero_residual_excluded(self):
        invoice = self._invoice(self.debtor, 10.0)
        with freeze_time(TODAY):
            remittance = self._remittance()
            # A zero residual with an unpaid state only happens through data changes, such
            # as an import; the reason is checked on its own.
            invoice_zero = invoice.new(origin=invoice)
            invoice_zero.amount_residual = 0
            reason = remittance._get_exclusion_reason(
                invoice_zero, self.mandate, self.mandate, {}, None,
            )
        self.assertIn('only positive amounts', reason)

    def test_other_bank_customers_left_out(self):
        other_journal = self.env['account.journal'].create({
            'name': 'Banco Dos', 'type': 'bank', 'code': 'BDOS', 'company_id': self.company.id,
        })
        self.debtor_b.with_company(self.company).property_inbound_payment_method_line_id = (
            other_journal._get_telco_sepa_payment_method_line()
        )
        ours = self._invoice(self.debtor, 10.0)
        theirs = self._invoice(self.debtor_b, 12.0)
        remittance, excluded = self._select()
        self.assertEqual(remittance.line_ids.move_id, ours)
        self.assertNotIn(theirs, excluded)
        other_remittance, _other_excluded = self._select(journal_id=other_journal.id)
        self.assertEqual(other_remittance.line_ids.move_id, theirs)
