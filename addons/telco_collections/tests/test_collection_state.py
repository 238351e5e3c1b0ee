from datetime import date

from odoo.tests import freeze_time, tagged

from .common import TelcoCollectionsCommon


@tagged('post_install', '-at_install')
class TestCollectionState(TelcoCollectionsCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subscription = cls._create_subscription(cls.customer, '2026-03-05')
        cls.env['telco.billing.run'].run_billing(date(2026, 3, 5))
        cls.invoice = cls.subscription.invoice_ids
        cls.draft_invoice = cls.init_invoice('out_invoice', partner=cls.customer, amounts=[100.0])

    def _state_of(self, invoice):
        invoice.invalidate_recordset(['collection_state'])
        return invoice.collection_state

    def _search_state(self, state):
        return self.env['account.move'].search([
            ('collection_state', '=', state),
            ('id', 'in', (self.invoice + self.draft_invoice).ids),
        ])

    def test_open_before_due_date(self):
        with freeze_time('2026-03-10'):
            self.assertEqual(self._state_of(self.invoice), 'open')
            self.assertEqual(self._search_state('open'), self.invoice)
            self.assertFalse(self._search_state('overdue'))
            self.assertFalse(self._state_of(self.draft_invoice))

    def test_overdue_after_due_date(self):
        with freeze_time('2026-03-11'):
            self.assertEqual(self._state_of(self.invoice), 'overdue')
            self.assertEqual(self._search_state('overdue'), self.invoice)
            self.assertFalse(self._search_state('open'))
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.telco_overdue_amount, 60.5)
            self.assertEqual(self.customer.telco_open_amount, 60.5)
            self.assertEqual(self.customer.telco_open_invoice_ids, self.invoice)
            self.assertIn(self.customer, self.env['res.partner'].search([('telco_has_open_debt', '=', True)]))
            self.assertNotIn(self.customer_transfer, self.env['res.partner'].search([('telco_has_open_debt', '=', True)]))

    def test_register_return(self):
        with freeze_time('2026-03-12'):
            self.invoice._telco_register_return('AM04', date(2026, 3, 11))

            self.assertEqual(self.invoice.last_return_reason_code, 'AM04')
            self.assertEqual(self.invoice.last_return_date, date(2026, 3, 11))
            self.assertEqual(self._state_of(self.invoice), 'returned')
            self.assertEqual(self._search_state('returned'), self.invoice)
            self.assertFalse(self._search_state('overdue'))
            self.assertIn('AM04', self.invoice.message_ids[0].body)
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.telco_last_return_reason_code, 'AM04')
            self.assertEqual(self.customer.telco_last_return_date, date(2026, 3, 11))

    def test_paid_after_payment(self):
        self.env['account.payment.register'].with_context(
            active_model='account.move', active_ids=self.invoice.ids,
        ).create({'payment_date': date(2026, 3, 10)})._create_payments()

        expected = {'paid': 'paid', 'in_payment': 'in_collection'}[self.invoice.payment_state]
        with freeze_time('2026-03-20'):
            self.assertEqual(self._state_of(self.invoice), expected)
            self.assertEqual(self._search_state(expected), self.invoice)
            self.customer.invalidate_recordset()
            self.assertEqual(self.customer.telco_overdue_amount, 0.0)
            self.assertNotIn(self.customer, self.env['res.partner'].search([('telco_has_open_debt', '=', True)]))

    def test_search_negation(self):
        with freeze_time('2026-03-11'):
            not_overdue = self.env['account.move'].search([
                ('collection_state', '!=', 'overdue'),
                ('id', 'in', (self.invoice + self.draft_invoice).ids),
            ])
            self.assertEqual(not_overdue, self.draft_invoice)
            undefined = self.env['account.move'].search([
                ('collection_state', '=', False),
                ('id', 'in', (self.invoice + self.draft_invoice).ids),
            ])
            self.assertEqual(undefined, self.draft_invoice)
