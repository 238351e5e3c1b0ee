from datetime import date

from odoo.tests import tagged

from .common import TelcoDunningCommon


@tagged('post_install', '-at_install')
class TestPredueReminder(TelcoDunningCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        template = cls.env.ref('telco_dunning.mail_template_dunning_predue_reminder')
        cls.level_week = cls.env['telco.dunning.level'].create({
            'policy_id': cls.policy.id, 'name': 'One week before', 'sequence': 1,
            'days_after_due': -7, 'action': 'email', 'mail_template_id': template.id,
        })
        cls.level_days = cls.env['telco.dunning.level'].create({
            'policy_id': cls.policy.id, 'name': 'Two days before', 'sequence': 2,
            'days_after_due': -2, 'action': 'email', 'mail_template_id': template.id,
        })
        cls.customer.collection_payment_method = 'transfer'
        cls.other_customer.collection_payment_method = 'direct_debit'

    def test_reminder_before_due(self):
        invoice = self._invoice(self.customer, date(2026, 9, 15), 30.0)
        self.assertEqual(invoice.collection_payment_method, 'transfer')

        self._run(date(2026, 9, 7))
        self.assertFalse(self._actions(self.customer))

        run = self._run(date(2026, 9, 8))

        action = self._actions(self.customer)
        self.assertEqual(len(action), 1)
        self.assertRecordValues(action, [{
            'level_id': self.level_week.id, 'state': 'done', 'days_overdue': -7,
            'run_id': run.id}])
        self.assertEqual(action.invoice_ids, invoice)
        self.assertIn('fall due soon', str(action.mail_message_id.body))
        self.assertIn(invoice.name, str(action.mail_message_id.body))

    def test_reminder_once_per_level(self):
        invoice = self._invoice(self.customer, date(2026, 9, 15), 30.0)

        for day in (8, 9, 10, 12):
            self._run(date(2026, 9, day))
        self.assertEqual(len(self._actions(self.customer)), 1)

        self._run(date(2026, 9, 13))
        self._run(date(2026, 9, 14))

        actions = self._actions(self.customer)
        self.assertEqual(actions.level_id, self.level_week | self.level_days)
        self.assertEqual(actions[-1].action_date, date(2026, 9, 13))
        self.assertEqual(actions[-1].invoice_ids, invoice)

    def test_moved_due_date_reminded_again(self):
        invoice = self._invoice(self.customer, date(2026, 9, 15), 30.0)
        self._run(date(2026, 9, 8))
        invoice.invoice_date_due = date(2026, 9, 30)

        self._run(date(2026, 9, 23))

        self.assertEqual(len(self._actions(self.customer)), 2)

    def test_direct_debit_not_reminded(self):
        self._invoice(self.other_customer, date(2026, 9, 15), 30.0)

        self._run(date(2026, 9, 10))

        self.assertFalse(self._actions(self.other_customer))

    def test_overdue_customer_gets_one_action(self):
        self._invoice(self.customer, date(2026, 9, 5), 20.0)
        self._invoice(self.customer, date(2026, 9, 15), 30.0)

        run = self._run(date(2026, 9, 10))

        action = self._actions(self.customer)
        self.assertEqual(len(action), 1)
        self.assertEqual(action.level_id, self.level_first)
        self.assertEqual(run.done_count, 1)

        self._run(date(2026, 9, 11))

        reminder = self._actions(self.customer)[-1]
        self.assertEqual(reminder.level_id, self.level_week)
        self.assertEqual(reminder.invoice_ids.invoice_date_due, date(2026, 9, 15))
