from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import format_date

from .common import TODAY, TelcoSepaCommon


@tagged('post_install', '-at_install')
class TestPrenotification(TelcoSepaCommon):

    def test_send_groups_debits_per_customer(self):
        first = self._invoice(self.debtor, 10.0, sepa_prenotification_date=False)
        second = self._invoice(self.debtor, 20.0, sepa_prenotification_date=False)
        other = self._invoice(self.debtor_b, 30.0, sepa_prenotification_date=False)
        with freeze_time(TODAY):
            (first + second + other).action_send_sepa_prenotification()

        # 14 days after Monday 2025-03-03 is Monday 2025-03-17, a TARGET2 day.
        for invoice in first + second + other:
            self.assertEqual(invoice.sepa_prenotification_date, fields.Date.to_date(TODAY))
            self.assertEqual(
                invoice.sepa_prenotification_collection_date, fields.Date.to_date('2025-03-17'),
            )
        mail = first.message_ids.filtered(lambda m: m.message_type == 'comment')
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.partner_ids, self.debtor)
        self.assertIn(
            format_date(self.env, '2025-03-17', lang_code=self.debtor.lang), mail.body,
        )
        self.assertIn('MND-0001', mail.body)
        self.assertIn(self.creditor_id, mail.body)
        self.assertIn(first.name, mail.body)
        self.assertIn(second.name, mail.body)
        self.assertNotIn(other.name, mail.body)
        self.assertIn('sent with invoice', second.message_ids[0].body)
        self.assertEqual(
            len(other.message_ids.filtered(lambda m: m.message_type == 'comment')), 1,
        )

    def test_send_skips_customer_without_mandate(self):
        self.mandate.action_cancel()
        invoice = self._invoice(self.debtor, 10.0, sepa_prenotification_date=False)
        with freeze_time(TODAY):
            invoice.action_send_sepa_prenotification()
        self.assertFalse(invoice.sepa_prenotification_date)

    def test_cron_notifies_coming_window(self):
        soon = self._invoice(self.debtor, 10.0, sepa_prenotification_date=False,
                             invoice_date='2025-03-10')
        later = self._invoice(self.debtor, 10.0, sepa_prenotification_date=False,
                              invoice_date='2025-05-01')
        with freeze_time(TODAY):
            self.env['account.move']._cron_send_sepa_prenotifications(window_days=7)
        self.assertEqual(soon.sepa_prenotification_date, fields.Date.to_date(TODAY))
        self.assertFalse(later.sepa_prenotification_date)

    def test_missing_and_late_excluded(self):
        missing = self._invoice(self.debtor, 10.0, sepa_prenotification_date=False)
        late = self._invoice(self.debtor_b, 10.0, sepa_prenotification_date='2025-03-01')
        with freeze_time(TODAY):
            remittance = self._remittance()
            remittance.action_select_invoices()
        self.assertFalse(remittance.line_ids)
        excluded = {ex.move_id: ex.reason for ex in remittance.excluded_ids}
        self.assertIn('not sent the pre-notification', excluded[missing])
        self.assertIn('less than 14 days', excluded[late])

    def test_announced_date_respected(self):
        invoice = self._invoice(self.debtor, 10.0)
        invoice.sepa_prenotification_collection_date = '2025-03-10'
        with freeze_time(TODAY):
            remittance = self._remittance()
            remittance.action_select_invoices()
        self.assertIn('announced the collection on 2025-03-10',
                      remittance.excluded_ids.reason)

    def test_override_collects_and_is_logged(self):
        invoice = self._invoice(self.debtor, 10.0, sepa_prenotification_date=False)
        with freeze_time(TODAY):
            remittance = self._remittance()
            remittance.prenotification_override = True
            remittance.action_select_invoices()
        self.assertEqual(remittance.line_ids.move_id, invoice)
        remittance.invalidate_recordset(['message_ids'])
        override_messages = remittance.message_ids.filtered(
            lambda m: 'pre-notification is missing' in (m.body or '')
        )
        self.assertEqual(len(override_messages), 1)
        self.assertIn(self.env.user.name, override_messages.body)

    def test_override_needs_accountant(self):
        remittance = self._remittance()
        collector = new_test_user(
            self.env, login='sepa_collector', groups='telco_collections.group_collections_user',
            company_id=self.company.id,
        )
        with self.assertRaises(AccessError):
            remittance.with_user(collector).prenotification_override = True

    def test_prenotification_in_spanish(self):
        self.env['res.lang']._activate_lang('es_ES')
        self.debtor.lang = 'es_ES'
        invoice = self._invoice(self.debtor, 10.0, sepa_prenotification_date=False)
        with freeze_time(TODAY):
            invoice.action_send_sepa_prenotification()
        mail = invoice.message_ids.filtered(lambda m: m.message_type == 'comment')
        self.assertIn('Referencia del mandato: MND-0001', mail.body)
        self.assertIn('17/03/2025', mail.body)
        self.assertIn('12,10', mail.body)


@tagged('post_install', '-at_install')
class TestPrenotificationSettingsWarning(TelcoSepaCommon):

    def test_warning_when_notice_longer_than_term(self):
        self.company.write({'telco_invoice_due_days': 5, 'sepa_pre_notification_days': 14})
        settings = self.env['res.config.settings'].create({})
        self.assertIn('collected 9 days after the due date', settings.sepa_pre_notification_warning)

    def test_no_warning_when_term_covers_notice(self):
        self.company.write({'telco_invoice_due_days': 15, 'sepa_pre_notification_days': 14})
        settings = self.env['res.config.settings'].create({})
        self.assertFalse(settings.sepa_pre_notification_warning)
