from datetime import date

from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import TelcoDunningCommon


@tagged('post_install', '-at_install')
class TestDunningRun(TelcoDunningCommon):

    def test_one_communication_all_invoices(self):
        old = self._invoice(self.customer, date(2026, 3, 1), 30.0)
        recent = self._invoice(self.customer, date(2026, 3, 12), 20.0)
        not_due = self._invoice(self.customer, date(2026, 3, 20), 50.0)
        messages_before = len(self.customer.message_ids)

        run = self._run(date(2026, 3, 16))

        action = self._actions(self.customer)
        self.assertEqual(len(action), 1)
        self.assertEqual(action.run_id, run)
        self.assertEqual(action.invoice_ids, old | recent)
        self.assertEqual(action.amount_due, 50.0)
        self.assertEqual(action.days_overdue, 15)
        self.assertEqual(action.state, 'done')
        self.assertEqual(run.state, 'done')
        self.assertEqual(run.done_count, 1)

        new_messages = self.customer.message_ids[:len(self.customer.message_ids) - messages_before]
        self.assertEqual(len(new_messages), 1)
        self.assertEqual(action.mail_message_id, new_messages)
        self.assertEqual(new_messages.partner_ids, self.customer)
        body = str(new_messages.body)
        self.assertIn(old.name, body)
        self.assertIn(recent.name, body)
        self.assertNotIn(not_due.name, body)
        self.assertIn('second payment reminder', new_messages.subject)
        for invoice in old | recent:
            self.assertIn(new_messages.subject, invoice.message_ids.mapped('subject'))
        self.assertNotIn(new_messages.subject, not_due.message_ids.mapped('subject'))

    def test_highest_level_reached(self):
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        self._run(date(2026, 3, 26))

        action = self._actions(self.customer)
        self.assertEqual(len(action), 1)
        self.assertEqual(action.level_id, self.level_notice)
        self.assertEqual(action.action, 'suspension_notice')

    def test_not_twice_same_day(self):
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        first = self._run(date(2026, 3, 5))
        messages_after_first = len(self.customer.message_ids)
        second = self._run(date(2026, 3, 5))

        self.assertEqual(len(self._actions(self.customer)), 1)
        self.assertEqual(len(first.action_ids), 1)
        self.assertFalse(second.action_ids)
        self.assertEqual(second.skipped_count, 1)
        self.assertEqual(len(self.customer.message_ids), messages_after_first)

    def test_resume_interrupted_run(self):
        self._invoice(self.customer, date(2026, 3, 1), 30.0)
        self._invoice(self.other_customer, date(2026, 3, 1), 40.0)
        interrupted = self.Run.create({'date': date(2026, 3, 5), 'state': 'running'})
        # The crash left the first customer handled and the second one not.
        self.env['telco.dunning.action'].create({
            'run_id': interrupted.id,
            'partner_id': self.customer.id,
            'level_id': self.level_first.id,
            'action': 'email',
            'action_date': date(2026, 3, 5),
            'state': 'done',
        })

        run = self._run(date(2026, 3, 5))

        self.assertEqual(run, interrupted)
        self.assertEqual(run.state, 'done')
        self.assertEqual(len(self._actions(self.customer)), 1)
        self.assertEqual(len(self._actions(self.other_customer)), 1)

    def test_same_level_not_repeated(self):
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        self._run(date(2026, 3, 2))
        self._run(date(2026, 3, 3))
        self._run(date(2026, 3, 10))
        self.assertEqual(self._actions(self.customer).level_id, self.level_first)

        self._run(date(2026, 3, 11))
        actions = self._actions(self.customer)
        self.assertEqual(actions.level_id, self.level_first | self.level_second)
        self.assertEqual(actions.mapped('action_date'), [date(2026, 3, 2), date(2026, 3, 11)])

    def test_paid_invoice_drops_out(self):
        paid = self._invoice(self.customer, date(2026, 3, 1), 30.0)
        unpaid = self._invoice(self.customer, date(2026, 3, 3), 45.0)
        self._pay(paid, 30.0, date(2026, 3, 4))

        self._run(date(2026, 3, 5))

        action = self._actions(self.customer)
        self.assertEqual(action.invoice_ids, unpaid)
        self.assertEqual(action.amount_due, 45.0)
        self.assertEqual(action.days_overdue, 2)

    def test_fully_paid_customer_skipped(self):
        invoice = self._invoice(self.customer, date(2026, 3, 1), 30.0)
        self._pay(invoice, 30.0, date(2026, 3, 4))

        self._run(date(2026, 3, 5))

        self.assertFalse(self._actions(self.customer))

    def test_partial_payment_residual(self):
        invoice = self._invoice(self.customer, date(2026, 3, 1), 100.0)
        self._pay(invoice, 40.0, date(2026, 3, 2))

        self._run(date(2026, 3, 5))

        action = self._actions(self.customer)
        self.assertEqual(action.invoice_ids, invoice)
        self.assertEqual(action.amount_due, 60.0)
        self.assertIn('60.00', str(action.mail_message_id.body))
        self.assertNotIn('100.00', str(action.mail_message_id.body))

    def test_disputed_excluded(self):
        disputed = self._invoice(self.customer, date(2026, 3, 1), 30.0)
        disputed.collection_dispute = True
        undisputed = self._invoice(self.customer, date(2026, 3, 3), 45.0)
        only_disputed = self._invoice(self.other_customer, date(2026, 3, 1), 30.0)
        only_disputed.collection_dispute = True

        self._run(date(2026, 3, 5))

        self.assertEqual(self._actions(self.customer).invoice_ids, undisputed)
        self.assertFalse(self._actions(self.other_customer))

    def test_below_minimum_skipped(self):
        self.level_first.min_overdue_amount = 10.0
        self._invoice(self.customer, date(2026, 3, 1), 9.99)
        self._invoice(self.other_customer, date(2026, 3, 1), 10.0)

        self._run(date(2026, 3, 5))

        self.assertFalse(self._actions(self.customer))
        self.assertEqual(self._actions(self.other_customer).level_id, self.level_first)

    def test_new_episode_after_payment(self):
        first = self._invoice(self.customer, date(2026, 3, 1), 30.0)
        self._run(date(2026, 3, 2))
        self._pay(first, 30.0, date(2026, 3, 20))
        self._invoice(self.customer, date(2026, 4, 1), 30.0)

        self._run(date(2026, 4, 2))

        actions = self._actions(self.customer)
        self.assertEqual(len(actions), 2)
        self.assertEqual(actions[1].level_id, self.level_first)

    def test_requires_approval_waits(self):
        self.level_first.requires_approval = True
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        self._run(date(2026, 3, 2))
        action = self._actions(self.customer)
        self.assertEqual(action.state, 'to_approve')
        self.assertFalse(action.mail_message_id)

        self._run(date(2026, 3, 3))
        self.assertEqual(len(self._actions(self.customer)), 1)

        action.action_approve()
        self.assertEqual(action.state, 'done')
        self.assertTrue(action.mail_message_id)

    def test_missing_template_fails(self):
        self.level_first.mail_template_id = False
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        with mute_logger('odoo.addons.telco_dunning.models.telco_dunning_run'):
            run = self._run(date(2026, 3, 2))

        action = self._actions(self.customer)
        self.assertEqual(action.state, 'failed')
        self.assertIn(self.level_first.name, action.error_message)
        self.assertFalse(action.mail_message_id)
        self.assertEqual(run.failed_count, 1)
        self.assertEqual(run.state, 'done')

    def test_policy_for_partner(self):
        business_policy = self.policy.copy({'name': 'Business', 'is_default': False,
                                            'customer_type': 'business'})
        own_policy = self.policy.copy({'name': 'Own', 'is_default': False,
                                       'customer_type': 'residential'})
        find = self.env['telco.dunning.policy']._find_for_partner

        self.assertEqual(find(self.customer, self.company), own_policy)
        self.customer.telco_customer_type = 'business'
        self.assertEqual(find(self.customer, self.company), business_policy)
        business_policy.active = False
        self.assertEqual(find(self.customer, self.company), self.policy)
        self.customer.telco_dunning_policy_id = business_policy.copy({'active': True})
        self.assertEqual(find(self.customer, self.company), self.customer.telco_dunning_policy_id)

    def test_spanish_customer_gets_spanish_mail(self):
        if not self.env['res.lang']._lang_get('es_ES').active:
            self.skipTest("Spanish is not installed in this database")
        self.customer.lang = 'es_ES'
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        self._run(date(2026, 3, 2))

        message = self._actions(self.customer).mail_message_id
        self.assertIn('recordatorio de pago', message.subject)
        self.assertIn('Importe pendiente', str(message.body))

    def test_mail_states_iban(self):
        self.env['res.partner.bank'].create({
            'partner_id': self.company.partner_id.id,
            'acc_number': 'ES9121000418450200051332',
        })
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        self._run(date(2026, 3, 2))

        body = str(self._actions(self.customer).mail_message_id.body)
        # Odoo stores the IBAN in groups of four characters.
        self.assertIn('ES91 2100 0418 4502 0005 1332', body)

    def test_mail_to_invoice_contact(self):
        billing = self.env['res.partner'].create({
            'name': 'Billing contact',
            'type': 'invoice',
            'email': 'billing@example.com',
            'parent_id': self.customer.id,
        })
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        self._run(date(2026, 3, 2))

        message = self._actions(self.customer).mail_message_id
        self.assertEqual(message.partner_ids, billing)
        self.assertEqual(message.model, 'res.partner')
        self.assertEqual(message.res_id, self.customer.id)

    def test_cron_runs_every_company(self):
        self._invoice(self.customer, date(2026, 3, 1), 30.0)

        with freeze_time(date(2026, 3, 2)):
            self.Run._cron_run_dunning(batch_size=1)

        run = self.Run.search([('company_id', '=', self.company.id), ('date', '=', date(2026, 3, 2))])
        self.assertEqual(run.state, 'done')
        self.assertEqual(self._actions(self.customer).run_id, run)
