import datetime as dt

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .camt054_files import camt054_returns
from .common import TelcoSepaCommon


@tagged('post_install', '-at_install')
class TestReturnTreatment(TelcoSepaCommon):

    def _return(self, debits, reason, when='2025-03-07', message_id=None):
        data = camt054_returns(
            debits, reason, message_id or f'NTF-{reason}-{when}', when,
            self.journal.bank_account_id.acc_number,
        )
        with freeze_time(when):
            return self.env['telco.sepa.return.file'].import_return_file(data, f'{reason}.xml')

    def _history(self, partner, mandate, dates):
        """Record debits of ``partner`` collected without a return on ``dates``."""
        for collection_date in dates:
            remittance = self._remittance(collection_date=collection_date)
            self.env['telco.sepa.remittance.line'].create({
                'remittance_id': remittance.id,
                'move_id': self._invoice(partner, 10.0).id,
                'partner_id': partner.id,
                'mandate_id': mandate.id,
                'amount': 12.1,
                'state': 'sent',
            })

    def test_camt054_return_reopens_invoice(self):
        invoice = self._invoice(self.debtor, 33.33)
        residual = invoice.amount_residual
        line = self._sent_remittance(invoice).line_ids
        self.assertEqual(invoice.payment_state, 'in_payment')

        return_file = self._return(line, 'AM04')
        self.assertEqual(return_file.file_format, 'camt.054.001.02')
        self.assertEqual(return_file.line_ids.state, 'applied')
        self.assertEqual(return_file.line_ids.kind, 'return')
        self.assertEqual(line.state, 'returned')
        self.assertEqual(invoice.payment_state, 'not_paid')
        self.assertEqual(invoice.amount_residual, residual)
        self.assertEqual(invoice.last_return_reason_code, 'AM04')
        self.assertEqual(str(invoice.last_return_date), '2025-03-07')

    def test_am04_scheduled_on_default_day(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._return(line, 'AM04')
        # Returned on 7 March; 14 days of pre-notification lead to 21 March, and the next
        # 5th is Saturday 5 April, so the debit moves to Monday 7 April.
        self.assertEqual(invoice.representation_date, dt.date(2025, 4, 7))
        self.assertTrue(invoice.representation_pending)
        self.assertEqual(invoice.sepa_prenotification_collection_date, dt.date(2025, 4, 7))
        self.assertEqual(str(invoice.sepa_prenotification_date), '2025-03-07')

    def test_ms03_uses_learned_payday(self):
        self._history(self.debtor, self.mandate, ['2025-01-27', '2025-02-27', '2024-12-02'])
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._return(line, 'MS03')
        self.assertEqual(invoice.representation_date, dt.date(2025, 3, 27))

    def test_default_day_setting(self):
        self.company.sepa_representation_default_day = 25
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._return(line, 'AM04')
        self.assertEqual(invoice.representation_date, dt.date(2025, 3, 25))

    def test_default_day_invalid(self):
        with self.assertRaises(ValidationError) as caught:
            self.company.sepa_representation_default_day = 32
        self.assertIn('32', str(caught.exception))

    def test_reason_delay_respected(self):
        self.env.ref('telco_sepa.return_reason_am04').sudo().represent_delay_days = 30
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._return(line, 'AM04')
        # 7 March + 30 days = 6 April; the next 5th is 5 May 2025, a Monday.
        self.assertEqual(invoice.representation_date, dt.date(2025, 5, 5))

    def test_scheduled_invoice_waits_for_date(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._return(line, 'AM04')
        with freeze_time('2025-03-08'):
            early = self._remittance(collection_date='2025-03-28')
            early.action_select_invoices()
        self.assertNotIn(invoice, early.line_ids.move_id)
        exclusion = early.excluded_ids.filtered(lambda e: e.move_id == invoice)
        self.assertIn('2025-04-07', exclusion.reason)

    def test_cron_creates_representation_remittance(self):
        invoice = self._invoice(self.debtor, 20.0)
        other = self._invoice(self.debtor_b, 40.0)
        lines = self._sent_remittance(invoice + other).line_ids
        self._return(lines, 'AM04')
        with freeze_time('2025-03-08'):
            handled = self.env['telco.sepa.remittance']._cron_present_returned_debits()
        self.assertEqual(handled, invoice + other)
        remittance = self.env['telco.sepa.remittance'].search([('is_representation', '=', True)])
        self.assertEqual(len(remittance), 1)
        self.assertEqual(remittance.collection_date, dt.date(2025, 4, 7))
        self.assertEqual(remittance.state, 'draft')
        self.assertEqual(remittance.line_ids.move_id, invoice + other)
        self.assertFalse(invoice.representation_pending)

        with freeze_time('2025-03-09'):
            again = self.env['telco.sepa.remittance']._cron_present_returned_debits()
        self.assertFalse(again)
        self.assertEqual(len(remittance.line_ids), 2)

    def test_late_cron_moves_date(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._return(line, 'AM04')
        self.assertEqual(invoice.representation_date, dt.date(2025, 4, 7))
        # The cron did not run before 7 April: 8 April + 14 days of pre-notification lead to
        # 22 April, and the next 5th is Monday 5 May.
        with freeze_time('2025-04-08'):
            self.env['telco.sepa.remittance']._cron_present_returned_debits()
        self.assertEqual(invoice.representation_date, dt.date(2025, 5, 5))
        self.assertEqual(invoice.sepa_prenotification_collection_date, dt.date(2025, 5, 5))
        remittance = self.env['telco.sepa.remittance'].search([('is_representation', '=', True)])
        self.assertEqual(remittance.collection_date, dt.date(2025, 5, 5))
        self.assertEqual(remittance.line_ids.move_id, invoice)

    def test_represented_at_most_once(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._return(line, 'AM04')
        with freeze_time('2025-03-08'):
            self.env['telco.sepa.remittance']._cron_present_returned_debits()
        remittance = self.env['telco.sepa.remittance'].search([('is_representation', '=', True)])
        with freeze_time('2025-04-03'):
            remittance.action_generate_file()
            remittance.action_mark_sent()
        self.assertEqual(invoice.payment_state, 'in_payment')

        self._return(remittance.line_ids, 'AM04', when='2025-04-09')
        self.assertEqual(invoice.payment_state, 'not_paid')
        self.assertFalse(invoice.representation_pending)
        self.assertEqual(invoice.representation_date, dt.date(2025, 4, 7))
        self.assertIn('Not re-presented automatically', invoice.message_ids[0].body)

    def test_new_mandate_asks_for_iban(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._return(line, 'MD01')
        self.assertEqual(self.mandate.state, 'cancelled')
        self.assertFalse(invoice.representation_pending)
        # The customer's language decides the wording, so the email is found by its link.
        request = invoice.message_ids.filtered(lambda m: '/my/invoices/' in (m.body or ''))
        self.assertEqual(len(request), 1)
        self.assertEqual(request.message_type, 'comment')
        self.assertIn(self.debtor, request.partner_ids)
        self.assertIn('IBAN', request.body)
        self.assertIn(invoice.name, request.subject)
        activity = invoice.activity_ids.filtered(
            lambda a: a.summary == 'Get a new IBAN and mandate')
        self.assertEqual(len(activity), 1)

    def test_new_mandate_request_in_spanish(self):
        if not self.env['res.lang']._lang_get('es_ES'):
            self.skipTest("Spanish is not installed in this database")
        self.debtor.lang = 'es_ES'
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._return(line, 'AC04')
        request = invoice.message_ids.filtered(lambda m: 'IBAN' in (m.body or ''))
        self.assertEqual(len(request), 1)
        self.assertIn('cuenta', request.body)
        self.assertIn('cuenta', request.subject)

    def test_dispute_flags_invoice(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._return(line, 'MD06')
        self.assertTrue(invoice.collection_dispute)
        self.assertFalse(invoice.representation_pending)
        self.assertTrue(invoice.activity_ids.filtered(lambda a: 'MD06' in a.summary))

    def test_fix_data_activity(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._return(line, 'AC01')
        activity = self.mandate.activity_ids
        self.assertEqual(activity.summary, "Fix the customer's data")
        self.assertIn(invoice.name, str(activity.note))
        self.assertFalse(invoice.representation_pending)
        self.assertEqual(self.mandate.state, 'active')

    def test_none_does_nothing(self):
        invoice = self._invoice(self.debtor, 20.0)
        line = self._sent_remittance(invoice).line_ids
        self._return(line, 'AM05')
        self.assertFalse(invoice.activity_ids)
        self.assertFalse(self.mandate.activity_ids)
        self.assertFalse(invoice.representation_pending)
        self.assertFalse(invoice.collection_dispute)
        self.assertEqual(self.mandate.state, 'active')

    def test_never_represented_codes(self):
        for code in ('AC04', 'MD01', 'MD06', 'MD07', 'AG01', 'SL01', 'RR04'):
            reason = self.env['telco.sepa.return.reason'].sudo().search([('code', '=', code)])
            self.assertNotEqual(reason.treatment, 'represent', code)
            with self.assertRaises(ValidationError, msg=code):
                reason.treatment = 'represent'

    def test_default_reasons_represented(self):
        for code in ('AM04', 'MS03'):
            reason = self.env['telco.sepa.return.reason'].search([('code', '=', code)])
            self.assertEqual(reason.treatment, 'represent')
            self.assertEqual(reason.represent_max, 1)
            self.assertEqual(reason.represent_delay_days, 7)
