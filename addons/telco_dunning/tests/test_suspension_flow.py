from datetime import date

from odoo.tests import freeze_time, tagged

from .suspension_common import TelcoSuspensionCommon

VOICE_AND_DATA = [('voice', 20.0), ('data', 10.0), ('premium', 5.0)]


@tagged('post_install', '-at_install')
class TestSuspensionFlow(TelcoSuspensionCommon):

    def _notify(self, partner, charges=VOICE_AND_DATA, due=date(2026, 8, 1),
                notice_day=date(2026, 8, 21), number='600111222'):
        """Bill a new contract of ``partner`` due on ``due`` and send the notice on ``notice_day``."""
        contract = self._contract(partner, number)
        invoice = self._bill(contract, due, charges)
        self._run(notice_day)
        return contract, invoice

    def test_notice_creates_notified_suspension(self):
        contract, invoice = self._notify(self.madrid)

        notice = self._last_action(self.madrid)
        suspension = self._suspension(self.madrid)
        self.assertEqual(notice.action, 'suspension_notice')
        self.assertRecordValues(suspension, [{
            'state': 'notified',
            'subscription_id': contract.id,
            'notice_action_id': notice.id,
            'notice_date': date(2026, 8, 21),
            'planned_date': date(2026, 9, 8),
            'keeps_incoming_and_emergency': True,
        }])
        self.assertEqual(suspension.invoice_ids, invoice)
        self.assertIn('Allowed', suspension.legal_check)
        self.assertIn('emergency calls', str(notice.mail_message_id.body))

    def test_full_suspension_executed(self):
        contract, _invoice = self._notify(self.madrid)

        self._run(date(2026, 9, 10))

        action = self._last_action(self.madrid)
        suspension = self._suspension(self.madrid)
        self.assertEqual(action.action, 'full_suspension')
        self.assertEqual(action.state, 'done')
        self.assertEqual(action.suspension_ids, suspension)
        self.assertRecordValues(suspension, [{
            'state': 'executed', 'scope': 'full', 'executed_date': date(2026, 9, 10)}])
        self.assertEqual(suspension.line_ids, contract.line_ids)
        # Activity mode: a to-do for the network team is the order.
        self.assertEqual(len(suspension.activity_ids), 1)
        self.assertIn('emergency calls', str(suspension.activity_ids.note))

    def test_notice_boundary_by_region(self):
        # Notice on Friday 4 September. The 15th working day is Tuesday 22 September in Madrid
        # and Wednesday 23 in Catalonia, where Friday 11 September is a holiday.
        self.level_suspend.days_after_due = 38
        self._notify(self.madrid, due=date(2026, 8, 15), notice_day=date(2026, 9, 4))
        self._notify(self.barcelona, due=date(2026, 8, 15), notice_day=date(2026, 9, 4),
                     number='600333444')
        self.assertEqual(self._suspension(self.madrid).planned_date, date(2026, 9, 22))
        self.assertEqual(self._suspension(self.barcelona).planned_date, date(2026, 9, 23))

        self._run(date(2026, 9, 22))

        self.assertEqual(self._suspension(self.madrid).state, 'executed')
        blocked = self._last_action(self.barcelona)
        self.assertEqual(blocked.state, 'blocked')
        self.assertIn('only 14 working days', blocked.error_message)
        self.assertIn('before the date stated in the notice', blocked.error_message)
        self.assertEqual(self._suspension(self.barcelona).state, 'notified')

        self._run(date(2026, 9, 23))

        self.assertEqual(self._last_action(self.barcelona).state, 'done')
        self.assertEqual(self._suspension(self.barcelona).state, 'executed')
        self.assertEqual(self._suspension(self.barcelona).executed_date, date(2026, 9, 23))

    def test_non_working_days_refused(self):
        self._notify(self.madrid)
        self._notify(self.barcelona, number='600333444')

        # Friday 11 September: holiday in Catalonia, working day in Madrid.
        self._run(date(2026, 9, 11))

        self.assertEqual(self._suspension(self.madrid).state, 'executed')
        self.assertEqual(self._last_action(self.barcelona).state, 'blocked')
        self.assertIn('2026-09-11 is not a working day', self._last_action(self.barcelona).error_message)

        self._run(date(2026, 9, 13))  # Sunday

        self.assertEqual(self._last_action(self.barcelona).state, 'blocked')
        self.assertIn('2026-09-13 is not a working day', self._last_action(self.barcelona).error_message)
        self.assertEqual(self._suspension(self.barcelona).state, 'notified')

        self._run(date(2026, 9, 14))

        self.assertEqual(self._suspension(self.barcelona).state, 'executed')

    def test_local_holiday_moves_dates(self):
        self.env['telco.local.holiday'].create({
            'name': 'Town festivity',
            'date': date(2026, 9, 1),
            'state_id': self.madrid.state_id.id,
            'city': 'MADRID',
        })
        self._notify(self.madrid)
        self.assertEqual(self._suspension(self.madrid).planned_date, date(2026, 9, 9))

        self.level_suspend.days_after_due = 38
        self._run(date(2026, 9, 8))

        self.assertEqual(self._last_action(self.madrid).state, 'blocked')
        self.assertIn('only 14 working days', self._last_action(self.madrid).error_message)

    def test_only_non_voice_unpaid_partial(self):
        _contract, invoice = self._notify(self.madrid)
        self._pay(invoice, 20.0, date(2026, 8, 25))

        self._run(date(2026, 9, 10))

        suspension = self._suspension(self.madrid)
        self.assertEqual(self._last_action(self.madrid).state, 'done')
        self.assertEqual(suspension.scope, 'partial')
        self.assertEqual(suspension.line_ids.mapped('service_category'), ['data', 'premium'])
        self.assertNotIn('voice', suspension.line_ids.mapped('service_category'))
        self.assertEqual(suspension.state, 'executed')

    def test_partial_level_keeps_voice(self):
        self.level_suspend.action = 'partial_suspension'
        self._notify(self.madrid)

        self._run(date(2026, 9, 10))

        suspension = self._suspension(self.madrid)
        self.assertEqual(suspension.scope, 'partial')
        self.assertEqual(sorted(suspension.line_ids.mapped('service_category')), ['data', 'premium'])

    def test_mixed_bill_telecom_paid_blocked(self):
        _contract, invoice = self._notify(
            self.madrid, charges=[('voice', 20.0), ('non_telecom', 15.0)])
        self._pay(invoice, 20.0, date(2026, 8, 25))

        self._run(date(2026, 9, 10))

        action = self._last_action(self.madrid)
        self.assertEqual(action.action, 'full_suspension')
        self.assertEqual(action.state, 'blocked')
        self.assertIn('telecom charges of this invoice are paid', action.error_message)
        self.assertIn(invoice.name, action.error_message)
        self.assertEqual(self._suspension(self.madrid).state, 'notified')
        self.assertFalse(self._suspension(self.madrid).activity_ids)

    def test_bill_without_breakdown_blocked(self):
        invoice = self._invoice(self.madrid, date(2026, 8, 1), 30.0)
        self._run(date(2026, 8, 21))
        suspension = self._suspension(self.madrid)
        self.assertEqual(suspension.invoice_ids, invoice)
        self.assertFalse(suspension.subscription_id)

        self._run(date(2026, 9, 10))

        action = self._last_action(self.madrid)
        self.assertEqual(action.state, 'blocked')
        self.assertIn('does not break its charges down', action.error_message)
        self.assertEqual(suspension.state, 'notified')

    def test_deposit_setting_both_ways(self):
        _contract, invoice = self._notify(self.madrid)
        invoice.collection_deposit_amount = 35.0
        self.assertTrue(self.company.telco_dunning_deposit_blocks_suspension)

        self._run(date(2026, 9, 10))

        self.assertEqual(self._last_action(self.madrid).state, 'blocked')
        self.assertIn('deposited', self._last_action(self.madrid).error_message)

        settings = self.env['res.config.settings'].create({})
        settings.telco_dunning_deposit_blocks_suspension = False
        settings.execute()
        self.assertFalse(self.company.telco_dunning_deposit_blocks_suspension)
        self._run(date(2026, 9, 11))

        self.assertEqual(self._last_action(self.madrid).state, 'done')
        self.assertEqual(self._suspension(self.madrid).state, 'executed')

    def test_interruption_after_three_months(self):
        self._notify(self.madrid)
        self._run(date(2026, 9, 10))
        self.assertEqual(self._suspension(self.madrid).state, 'executed')
        self.level_interrupt.days_after_due = 80

        # 20 October: one suspension, and not more than three months overdue.
        self._run(date(2026, 10, 20))

        action = self._last_action(self.madrid)
        self.assertEqual(action.action, 'interruption')
        self.assertEqual(action.state, 'blocked')
        self.assertIn('more than 3 month(s) overdue', action.error_message)

        # Due 1 August: more than three months overdue from 2 November, but that Monday is a
        # holiday in Madrid.
        self._run(date(2026, 11, 2))

        self.assertIn('2026-11-02 is not a working day', self._last_action(self.madrid).error_message)

        self._run(date(2026, 11, 3))

        suspension = self._suspension(self.madrid)
        self.assertEqual(self._last_action(self.madrid).state, 'done')
        self.assertRecordValues(suspension, [{
            'state': 'interrupted', 'interrupted_date': date(2026, 11, 3)}])

    def test_interruption_after_two_suspensions(self):
        for partner, earlier in ((self.madrid, 2), (self.barcelona, 1)):
            for _index in range(earlier):
                self.Suspension.create({
                    'partner_id': partner.id,
                    'state': 'restored',
                    'executed_date': date(2026, 3, 2),
                    'restored_date': date(2026, 3, 5),
                })
        self.level_suspend.action = 'interruption'
        self._notify(self.madrid)
        self._notify(self.barcelona, number='600333444')

        self._run(date(2026, 9, 10))

        self.assertEqual(self._suspension(self.madrid).state, 'interrupted')
        self.assertEqual(self._last_action(self.barcelona).state, 'blocked')
        self.assertEqual(self._suspension(self.barcelona).state, 'notified')

    def test_restoration_over_weekend(self):
        invoices = {}
        for partner, number in ((self.madrid, '600111222'), (self.barcelona, '600333444')):
            _contract, invoices[partner] = self._notify(
                partner, due=date(2026, 10, 1), notice_day=date(2026, 10, 21), number=number)
        self._run(date(2026, 11, 10))
        for partner in invoices:
            self.assertEqual(self._suspension(partner).state, 'executed')

        # A partial payment restores nothing.
        with freeze_time(date(2026, 12, 4)):
            self._pay(invoices[self.madrid], 5.0, date(2026, 12, 4))
        self.assertEqual(self._suspension(self.madrid).state, 'executed')
        self.assertFalse(self._suspension(self.madrid).restoration_due)

        # Paid on Saturday 5 December: Sunday does not count, Monday 7 is a holiday in Madrid
        # only and Tuesday 8 is a national holiday.
        with freeze_time(date(2026, 12, 5)):
            self._pay(invoices[self.madrid], 30.0, date(2026, 12, 5))
            self._pay(invoices[self.barcelona], 35.0, date(2026, 12, 5))

        self.assertIn(invoices[self.madrid].payment_state, ('paid', 'in_payment'))
        self.assertRecordValues(self._suspension(self.madrid), [{
            'state': 'restored', 'restoration_due': date(2026, 12, 9),
            'restored_date': date(2026, 12, 5)}])
        self.assertRecordValues(self._suspension(self.barcelona), [{
            'state': 'restored', 'restoration_due': date(2026, 12, 7)}])
        restore_activity = self._suspension(self.madrid).activity_ids.filtered(
            lambda activity: activity.date_deadline == date(2026, 12, 9))
        self.assertEqual(len(restore_activity), 1)

    def test_payment_before_suspension_cancels(self):
        _contract, invoice = self._notify(self.madrid)

        with freeze_time(date(2026, 9, 1)):
            self._pay(invoice, 35.0, date(2026, 9, 1))

        self.assertEqual(self._suspension(self.madrid).state, 'cancelled')
        self._run(date(2026, 9, 10))
        self.assertEqual(self._actions(self.madrid).mapped('action'), ['suspension_notice'])
