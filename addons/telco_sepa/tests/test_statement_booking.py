from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .statement_common import TelcoStatementCommon
from .statement_files import Movement

# Norma 43 common concept of interest, commissions, custody fees and charges.
CHARGES_CONCEPT = '17'


@tagged('post_install', '-at_install')
class TestStatementBooking(TelcoStatementCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expense_account = cls.company_data['default_account_expense']
        cls.income_account = cls.company_data['default_account_revenue']
        cls.receivable_account = cls.company_data['default_account_receivable']

    def _movement_line(self, text, amount_cents, concept=CHARGES_CONCEPT):
        """Import one movement and return its statement line, which no rule matches."""
        movement = Movement(date(2025, 3, 12), amount_cents, concept, concepts=[('01', text)])
        record = self._import(self._n43([movement]))
        line = record.statement_line_ids
        self.assertEqual(len(line), 1)
        self.assertFalse(line.is_reconciled)
        return line

    def _wizard(self, line):
        action = line.action_telco_reconcile()
        return self.env['telco.reconcile.wizard'].browse(action['res_id'])

    def _items_on(self, line, account):
        return line.move_id.line_ids.filtered(lambda aml: aml.account_id == account)

    def test_bank_fee_booked_to_expense(self):
        line = self._movement_line('COMISION MANTENIMIENTO CUENTA', -1250)
        line.telco_match_note = "Left for the accountant"
        wizard = self._wizard(line)
        self.assertEqual(wizard.counterpart_label, line.payment_ref)
        wizard.counterpart_account_id = self.expense_account

        action = wizard.action_book_to_account()

        self.assertEqual(action, {'type': 'ir.actions.act_window_close'})
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.telco_match_rule, 'manual')
        self.assertFalse(line.telco_match_note)
        expense = self._items_on(line, self.expense_account)
        self.assertEqual(len(expense), 1)
        self.assertEqual(expense.balance, 12.5)
        self.assertEqual(expense.name, line.payment_ref)
        self.assertFalse(self._items_on(line, line.journal_id.suspense_account_id))
        self.assertEqual(line.move_id.state, 'posted')

    def test_booking_without_account_raises(self):
        line = self._movement_line('COMISION TRANSFERENCIA', -300)
        wizard = self._wizard(line)
        with self.assertRaisesRegex(UserError, 'Choose the account'):
            wizard.action_book_to_account()
        self.assertFalse(line.is_reconciled)
        self.assertFalse(line.telco_match_rule)

    def test_interest_booked_to_income(self):
        line = self._movement_line('LIQUIDACION INTERESES', 345)
        wizard = self._wizard(line)
        wizard.write({
            'counterpart_account_id': self.income_account.id,
            'counterpart_label': 'Intereses marzo',
        })
        wizard.action_book_to_account()

        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.telco_match_rule, 'manual')
        income = self._items_on(line, self.income_account)
        self.assertEqual(len(income), 1)
        self.assertEqual(income.balance, -3.45)
        self.assertEqual(income.name, 'Intereses marzo')

    def test_booking_sets_partner(self):
        line = self._movement_line('APORTACION CAPITAL SOCIO', 500000, concept='02')
        partner = self.env['res.partner'].create({'name': 'Socio Aportante'})
        equity = self.env['account.account'].create({
            'name': 'Capital contribution',
            'code': '118999',
            'account_type': 'equity',
        })
        wizard = self._wizard(line)
        wizard.write({'counterpart_account_id': equity.id, 'partner_id': partner.id})
        wizard.action_book_to_account()

        self.assertTrue(line.is_reconciled)
        item = self._items_on(line, equity)
        self.assertEqual(item.balance, -5000.0)
        self.assertEqual(item.partner_id, partner)
        self.assertEqual(line.partner_id, partner)

    def test_refund_booked_to_customer_receivable(self):
        line = self._movement_line('DEVOLUCION IMPORTE CLIENTE', -2000, concept='04')
        wizard = self._wizard(line)
        wizard.counterpart_account_id = self.receivable_account
        with self.assertRaisesRegex(UserError, 'Choose the partner'):
            wizard.action_book_to_account()
        self.assertFalse(line.is_reconciled)

        contact = self.env['res.partner'].create({
            'name': 'Contacto Facturacion',
            'parent_id': self.debtor.id,
        })
        wizard.partner_id = contact
        wizard.action_book_to_account()
        self.assertTrue(line.is_reconciled)
        receivable = self._items_on(line, self.receivable_account)
        self.assertEqual(receivable.balance, 20.0)
        self.assertEqual(receivable.partner_id, self.debtor)

    def test_booking_to_bank_account_raises(self):
        line = self._movement_line('COMISION CUSTODIA', -150)
        wizard = self._wizard(line)
        for account in (line.journal_id.default_account_id, line.journal_id.suspense_account_id):
            wizard.counterpart_account_id = account
            with self.assertRaisesRegex(UserError, 'bank or suspense account'):
                wizard.action_book_to_account()
        self.assertFalse(line.is_reconciled)

    def test_credit_actions_on_outgoing_raise(self):
        line = self._movement_line('COMISION TARJETAS', -1250)
        wizard = self._wizard(line)
        wizard.partner_id = self.debtor
        actions = {
            'split': wizard.action_split,
            'write off': wizard.action_write_off,
            'on account': wizard.action_on_account,
        }
        for name, action in actions.items():
            with self.subTest(action=name), \
                    self.assertRaisesRegex(UserError, 'not an incoming payment.*Book to account'):
                action()
        self.assertFalse(line.is_reconciled)
