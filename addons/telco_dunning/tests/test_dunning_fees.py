from datetime import date
from decimal import Decimal

from odoo.addons.telco_dunning.models.telco_dunning_fee import late_interest
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common_collections import TelcoCollectionsCommon

RATES = {
    date(2025, 1, 1): Decimal('3.15'),
    date(2025, 7, 1): Decimal('2.15'),
}


@tagged('post_install', '-at_install')
class TestLateInterest(TelcoCollectionsCommon):

    def test_interest_one_half_year(self):
        # 1000.00 at 3.15 + 8 = 11.15 % for 31 days: 1000 * 0.1115 * 31 / 365 = 9.4699
        amount = late_interest(Decimal('1000.00'), date(2025, 3, 1), date(2025, 4, 1), RATES)
        self.assertEqual(amount, Decimal('9.47'))

    def test_interest_spans_half_years(self):
        # 10 days (21-30 June) at 11.15 % = 3.0548 and 20 days (1-20 July) at 10.15 % = 5.5616.
        amount = late_interest(Decimal('1000.00'), date(2025, 6, 20), date(2025, 7, 20), RATES)
        self.assertEqual(amount, Decimal('8.62'))

    def test_interest_missing_rate(self):
        with self.assertRaises(KeyError):
            late_interest(Decimal(100), date(2024, 12, 20), date(2025, 1, 10), RATES)

    def test_interest_none_before_due(self):
        amount = late_interest(Decimal(100), date(2025, 3, 1), date(2025, 3, 1), RATES)
        self.assertEqual(amount, Decimal('0.00'))


@tagged('post_install', '-at_install')
class TestBusinessFees(TelcoCollectionsCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({
            'telco_dunning_interest_enabled': True,
            'telco_dunning_compensation_enabled': True,
        })
        cls.fee_policy = cls._policy([
            {'days_after_due': 30, 'action': 'late_fee'},
            {'days_after_due': 60, 'action': 'late_fee'},
        ])
        cls._assign(cls.business, cls.fee_policy)

    def test_interest_and_compensation(self):
        invoice = self._invoice(self.business, date(2025, 6, 20), 1000.0)

        self._run(date(2025, 7, 20))

        action = self._actions(self.business)
        self.assertEqual(action.state, 'done', action.error_message)
        fee = action.fee_move_id
        self.assertEqual(fee.state, 'posted')
        self.assertEqual(fee.move_type, 'out_invoice')
        self.assertTrue(fee.telco_is_dunning_fee)
        self.assertEqual(fee.partner_id, self.business)
        self.assertEqual(sorted(fee.invoice_line_ids.mapped('price_subtotal')), [8.62, 40.0])
        self.assertFalse(fee.invoice_line_ids.tax_ids)
        self.assertEqual(fee.amount_total, 48.62)
        self.assertEqual(invoice.telco_interest_until, date(2025, 7, 20))
        self.assertEqual(invoice.telco_compensation_move_id, fee)

    def test_compensation_once_interest_from_last_charge(self):
        invoice = self._invoice(self.business, date(2025, 6, 20), 1000.0)
        self._run(date(2025, 7, 20))

        self._run(date(2025, 8, 19))

        second = self._actions(self.business)[-1]
        self.assertEqual(second.state, 'done', second.error_message)
        lines = second.fee_move_id.invoice_line_ids
        self.assertEqual(len(lines), 1)
        # 30 days (21 July - 19 August) at 2.15 + 8 = 10.15 %: 8.3425
        self.assertEqual(lines.price_subtotal, 8.34)
        self.assertIn(invoice.name, lines.name)
        self.assertEqual(invoice.telco_interest_until, date(2025, 8, 19))

    @mute_logger('odoo.addons.telco_dunning.models.telco_dunning_run')
    def test_fees_disabled_fail(self):
        self.company.write({
            'telco_dunning_interest_enabled': False,
            'telco_dunning_compensation_enabled': False,
        })
        self._invoice(self.business, date(2025, 6, 20), 1000.0)

        self._run(date(2025, 7, 20))

        action = self._actions(self.business)
        self.assertEqual(action.state, 'failed')
        self.assertIn('both disabled', action.error_message)
        self.assertFalse(action.fee_move_id)

    @mute_logger('odoo.addons.telco_dunning.models.telco_dunning_run')
    def test_missing_ecb_rate_named(self):
        self.env['telco.dunning.ecb.rate'].search([]).unlink()
        self._invoice(self.business, date(2025, 6, 20), 1000.0)

        self._run(date(2025, 7, 20))

        action = self._actions(self.business)
        self.assertEqual(action.state, 'failed')
        self.assertIn('2025-01-01', action.error_message)


@tagged('post_install', '-at_install')
class TestConsumerFee(TelcoCollectionsCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee_policy = cls._policy([
            {'days_after_due': 30, 'action': 'late_fee'},
            {'days_after_due': 60, 'action': 'late_fee'},
        ])
        cls._assign(cls.customer, cls.fee_policy)

    def _enable(self):
        self.company.write({
            'telco_dunning_consumer_fee_enabled': True,
            'telco_dunning_consumer_fee_amount': 5.0,
        })

    def test_consumer_fee_off_by_default(self):
        self.assertFalse(self.env['res.company'].new({}).telco_dunning_consumer_fee_enabled)
        self._invoice(self.customer, date(2026, 3, 1), 30.0)
        self._run(date(2026, 4, 1))

        action = self._actions(self.customer)
        self.assertEqual(action.state, 'to_approve')
        with freeze_time('2026-04-01'), self.assertRaisesRegex(Exception, 'disabled'):
            action.action_approve()
        self.assertFalse(action.fee_move_id)

    def test_consumer_fee_waits_for_approval(self):
        self._enable()
        invoice = self._invoice(self.customer, date(2026, 3, 1), 30.0)

        self._run(date(2026, 4, 1))

        action = self._actions(self.customer)
        self.assertEqual(action.state, 'to_approve')
        self.assertFalse(action.fee_move_id)
        with freeze_time('2026-04-01'):
            action.action_approve()
        self.assertEqual(action.state, 'done')
        self.assertEqual(action.fee_move_id.amount_total, 5.0)
        self.assertEqual(invoice.telco_consumer_fee_move_id, action.fee_move_id)

    def test_consumer_fee_once_per_debt(self):
        self._enable()
        self._invoice(self.customer, date(2026, 3, 1), 30.0)
        self._run(date(2026, 4, 1))
        first = self._actions(self.customer)
        with freeze_time('2026-04-01'):
            first.action_approve()

        self._run(date(2026, 5, 1))

        second = self._actions(self.customer)[-1]
        self.assertEqual(second.state, 'to_approve')
        with freeze_time('2026-05-01'), self.assertRaisesRegex(Exception, 'already charged'):
            second.action_approve()
        fees = self.env['account.move'].search([('telco_is_dunning_fee', '=', True),
                                                ('partner_id', '=', self.customer.id)])
        self.assertEqual(len(fees), 1)

    def test_consumer_fee_never_automatic(self):
        self._enable()
        self._invoice(self.customer, date(2026, 3, 1), 30.0)
        self._run(date(2026, 4, 1))
        action = self._actions(self.customer)
        action.state = 'planned'

        with freeze_time('2026-04-01'), self.assertRaisesRegex(Exception, 'approves'):
            action._execute()
