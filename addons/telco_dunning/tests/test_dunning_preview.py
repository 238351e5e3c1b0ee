from datetime import date

from odoo.tests import freeze_time, tagged

from .common import TelcoDunningCommon


@tagged('post_install', '-at_install')
class TestDunningPreview(TelcoDunningCommon):

    def test_preview_sends_and_stores_nothing(self):
        self._invoice(self.customer, date(2026, 3, 1), 30.0)
        self._invoice(self.other_customer, date(2026, 3, 12), 20.0)
        messages_before = len(self.customer.message_ids)
        mails_before = self.env['mail.mail'].search_count([])

        with freeze_time('2026-03-16'):
            preview = self.env['telco.dunning.preview'].create({'date': date(2026, 3, 16)})
            preview.action_compute()

        self.assertEqual(preview.line_ids.partner_id, self.customer | self.other_customer)
        line = preview.line_ids.filtered(lambda line: line.partner_id == self.customer)
        self.assertEqual(line.level_id, self.level_second)
        self.assertEqual(line.amount_due, 30.0)
        self.assertEqual(line.days_overdue, 15)
        self.assertFalse(self.env['telco.dunning.action'].search([]))
        self.assertFalse(self.env['telco.dunning.run'].search([]))
        self.assertEqual(len(self.customer.message_ids), messages_before)
        self.assertEqual(self.env['mail.mail'].search_count([]), mails_before)

    def test_run_after_preview_sends(self):
        self._invoice(self.customer, date(2026, 3, 1), 30.0)
        with freeze_time('2026-03-16'):
            preview = self.env['telco.dunning.preview'].create({'date': date(2026, 3, 16)})
            preview.action_compute()
            preview.action_run()
        action = self._actions(self.customer)
        self.assertEqual(action.level_id, self.level_second)
        self.assertEqual(action.state, 'done')


@tagged('post_install', '-at_install')
class TestDunningExclusions(TelcoDunningCommon):

    def test_plan_and_future_promise_left_out(self):
        in_plan = self._invoice(self.customer, date(2026, 3, 1), 30.0)
        in_plan.collection_in_plan = True
        promised = self._invoice(self.other_customer, date(2026, 3, 1), 20.0)
        promised.collection_promise_date = date(2026, 3, 20)
        self._run(date(2026, 3, 16))
        self.assertFalse(self._actions(self.customer))
        self.assertFalse(self._actions(self.other_customer))

    def test_broken_promise_reminded(self):
        promised = self._invoice(self.customer, date(2026, 3, 1), 30.0)
        promised.collection_promise_date = date(2026, 3, 10)
        self._run(date(2026, 3, 16))
        self.assertEqual(self._actions(self.customer).level_id, self.level_second)
