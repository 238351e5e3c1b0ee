from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import format_amount

from .statement_common import TelcoStatementCommon
from .statement_files import Movement, sepa_debit_concepts


@tagged('post_install', '-at_install')
class TestStatementMatching(TelcoStatementCommon):

    def _transfer_customer(self, name, vat=None):
        partner = self.env['res.partner'].create({
            'name': name,
            'vat': vat,
            'country_id': self.env.ref('base.es').id,
            'collection_payment_method': 'transfer',
        })
        return partner

    def _line(self, record):
        self.assertEqual(len(record.statement_line_ids), 1)
        return record.statement_line_ids

    # -- rule a -------------------------------------------------------------------------------

    def test_remittance_credit_by_amount(self):
        invoices = self._invoice(self.debtor, 100) | self._invoice(self.debtor_b, 50)
        remittance = self._sent_remittance(invoices)
        total = self._cents(remittance.amount_total)
        record = self._import(self._n43([self._transfer('ABONO REMESA SEPA', total, day=5)]))
        line = self._line(record)

        self.assertEqual(line.telco_match_rule, 'remittance_credit')
        self.assertEqual(line.telco_remittance_id, remittance)
        self.assertTrue(line.is_reconciled)
        self.assertEqual(remittance.state, 'credited')
        outstanding = remittance.line_ids.payment_id.move_id.line_ids.filtered(
            lambda aml: aml.account_id == remittance.line_ids.payment_id.outstanding_account_id)
        self.assertTrue(all(outstanding.mapped('reconciled')))
        self.assertEqual(set(invoices.mapped('payment_state')), {'paid'})

    def test_remittance_credit_by_reference(self):
        first = self._sent_remittance(self._invoice(self.debtor, 100))
        second = self._sent_remittance(self._invoice(self.debtor_b, 100))
        # Both remittances have the same total, so only the reference distinguishes them.
        self.assertEqual(first.amount_total, second.amount_total)
        text = f'ABONO {second.message_id}'
        record = self._import(self._n43([
            self._transfer(text, self._cents(second.amount_total), day=5)]))
        self.assertEqual(self._line(record).telco_remittance_id, second)
        self.assertEqual(second.state, 'credited')
        self.assertEqual(first.state, 'sent')

    def test_remittance_credit_ambiguous_amount(self):
        self._sent_remittance(self._invoice(self.debtor, 100))
        remittance = self._sent_remittance(self._invoice(self.debtor_b, 100))
        record = self._import(self._n43([
            self._transfer('ABONO REMESA', self._cents(remittance.amount_total), day=5)]))
        self.assertFalse(self._line(record).telco_match_rule)

    def test_user_without_email_matches_returns(self):
        # The remittance and the invoice log notes in their chatter, which must not require
        # the importing user to have an email address.
        accountant = new_test_user(
            self.env,
            login='contable_sin_correo',
            groups='base.group_user,telco_collections.group_collections_accountant',
            company_id=self.company.id,
            company_ids=[self.company.id],
            email=False,
        )
        self.assertFalse(accountant.email)
        invoices = self._invoice(self.debtor, 100) | self._invoice(self.debtor_b, 50)
        remittance = self._sent_remittance(invoices)
        debit = remittance.line_ids.filtered(lambda d: d.partner_id == self.debtor)
        credit = self._transfer('ABONO REMESA', self._cents(remittance.amount_total), day=5)
        record = self.Import.with_user(accountant).import_file(
            self._n43([credit, self._return_movement(debit)]), 'sin_correo.n43')
        self.env['telco.reconcile.engine'].with_user(accountant)._match_statement_lines(
            record.statement_line_ids)

        lines = record.statement_line_ids.sorted('amount')
        self.assertEqual(lines.mapped('telco_match_rule'), ['return', 'remittance_credit'])
        self.assertEqual(lines.mapped('telco_match_note'), [False, False])
        self.assertEqual(remittance.state, 'credited')
        self.assertEqual(debit.state, 'returned')

    def test_camt053_batch_entries(self):
        invoices = self._invoice(self.debtor, 100) | self._invoice(self.debtor_b, 50)
        remittance = self._sent_remittance(invoices)
        first, second = remittance.line_ids.sorted('id')
        template = self._data('camt053_batch.xml').decode()
        data = template.format(
            closing=f'{1000 + remittance.amount_total - first.amount:.2f}',
            total=f'{remittance.amount_total:.2f}',
            e2e_1=first.end_to_end_id, mandate_1=first.mandate_id.name,
            amount_1=f'{first.amount:.2f}', debtor_1='Pena Iniguez',
            e2e_2=second.end_to_end_id, mandate_2=second.mandate_id.name,
            amount_2=f'{second.amount:.2f}', debtor_2='Comercial Norte SL',
            return_amount=f'{first.amount:.2f}',
        ).encode()
        record = self._import(data, 'camt.xml')

        self.assertEqual(record.file_format, 'camt.053')
        lines = record.statement_line_ids.sorted('amount')
        self.assertEqual(len(lines), 3)
        self.assertEqual(lines.mapped('telco_match_rule'),
                         ['return', 'remittance_credit', 'remittance_credit'])
        self.assertEqual(lines[0].telco_return_reason, 'AM04')
        self.assertEqual(first.state, 'returned')
        self.assertEqual(first.return_reason_code, 'AM04')
        self.assertEqual(first.move_id.amount_residual, first.amount)
        self.assertEqual(second.move_id.payment_state, 'paid')
        self.assertTrue(all(lines.mapped('is_reconciled')))

    # -- rule b -------------------------------------------------------------------------------

    def _return_movement(self, debit, day=7):
        return Movement(
            date(2025, 3, day), -self._cents(debit.amount), '14', reference1='DEVOLUCION',
            concepts=sepa_debit_concepts(self.creditor_id, debit.mandate_id.name,
                                         debit.end_to_end_id, debit.partner_id.name),
        )

    def test_return_by_end_to_end_id(self):
        invoices = self._invoice(self.debtor, 100) | self._invoice(self.debtor_b, 50)
        remittance = self._sent_remittance(invoices)
        debit = remittance.line_ids.filtered(lambda d: d.partner_id == self.debtor)
        credit = self._transfer('ABONO REMESA', self._cents(remittance.amount_total), day=5)
        record = self._import(self._n43([credit, self._return_movement(debit)]))

        lines = record.statement_line_ids.sorted('amount')
        self.assertEqual(lines.mapped('telco_match_rule'), ['return', 'remittance_credit'])
        self.assertEqual(lines[0].telco_remittance_line_id, debit)
        self.assertEqual(debit.state, 'returned')
        self.assertEqual(debit.move_id.amount_residual, debit.amount)
        self.assertTrue(all(lines.mapped('is_reconciled')))
        # Outstanding receipts of the remittance net to zero and are all reconciled.
        account = debit.payment_id.outstanding_account_id
        items = lines.move_id.line_ids.filtered(lambda aml: aml.account_id == account)
        self.assertTrue(all(items.mapped('reconciled')))
        self.assertEqual(self.env['telco.sepa.return.file'].search_count(
            [('line_ids.remittance_line_id', '=', debit.id)]), 1)

    def test_return_before_credit_in_separate_files(self):
        invoices = self._invoice(self.debtor, 100) | self._invoice(self.debtor_b, 50)
        remittance = self._sent_remittance(invoices)
        debit = remittance.line_ids.filtered(lambda d: d.partner_id == self.debtor)
        returned = self._import(self._n43([self._return_movement(debit)]), 'returns.n43')
        credit = self._import(self._n43([
            self._transfer('ABONO REMESA', self._cents(remittance.amount_total), day=5)]),
            'credit.n43')
        self.assertEqual(returned.statement_line_ids.telco_match_rule, 'return')
        self.assertEqual(credit.statement_line_ids.telco_match_rule, 'remittance_credit')
        account = debit.payment_id.outstanding_account_id
        items = (returned.statement_line_ids | credit.statement_line_ids).move_id.line_ids \
            .filtered(lambda aml: aml.account_id == account)
        self.assertTrue(all(items.mapped('reconciled')))

    def test_return_after_return_file_reversed_once(self):
        invoices = self._invoice(self.debtor, 100) | self._invoice(self.debtor_b, 50)
        remittance = self._sent_remittance(invoices)
        debit = remittance.line_ids.filtered(lambda d: d.partner_id == self.debtor)
        credit = self._transfer('ABONO REMESA', self._cents(remittance.amount_total), day=5)
        self._import(self._n43([credit]), 'credit.n43')

        from .test_return_import import PAIN002_TEMPLATE
        pain002 = PAIN002_TEMPLATE.format(
            message_id='DA20250307000001', original_message_id=remittance.message_id,
            end_to_end_id=debit.end_to_end_id, reason='AM04', amount=f'{debit.amount:.2f}',
            mandate=debit.mandate_id.name,
        ).encode()
        self.env['telco.sepa.return.file'].import_return_file(pain002, 'returns.xml')
        reversal = debit.return_move_id
        self.assertTrue(reversal)

        record = self._import(self._n43([self._return_movement(debit)]), 'returns.n43')
        line = self._line(record)
        self.assertEqual(line.telco_match_rule, 'return')
        self.assertTrue(line.is_reconciled)
        self.assertEqual(debit.return_move_id, reversal)
        self.assertEqual(self.env['account.move'].search_count(
            [('reversed_entry_id', '=', debit.payment_id.move_id.id)]), 1)
        self.assertEqual(debit.move_id.amount_residual, debit.amount)
        self.assertEqual(self.env['telco.sepa.return.line'].search_count(
            [('remittance_line_id', '=', debit.id), ('state', '=', 'applied')]), 1)
        account = debit.payment_id.outstanding_account_id
        self.assertTrue(all(line.move_id.line_ids.filtered(
            lambda aml: aml.account_id == account).mapped('reconciled')))

    def test_return_by_mandate_and_amount(self):
        invoices = self._invoice(self.debtor, 100) | self._invoice(self.debtor_b, 50)
        remittance = self._sent_remittance(invoices)
        debit = remittance.line_ids.filtered(lambda d: d.partner_id == self.debtor)
        movement = Movement(
            date(2025, 3, 7), -self._cents(debit.amount), '14',
            concepts=sepa_debit_concepts(self.creditor_id, debit.mandate_id.name, 'NOTPROVIDED',
                                         'Pena'),
        )
        line = self._line(self._import(self._n43([movement])))
        self.assertEqual(line.telco_remittance_line_id, debit)
        self.assertEqual(debit.state, 'returned')

    # -- rule c -------------------------------------------------------------------------------

    def test_invoice_reference_full(self):
        customer = self._transfer_customer('Cliente Transferencia')
        invoice = self._invoice(customer, 100)
        line = self._line(self._import(self._n43([
            self._transfer(f'PAGO FACTURA {invoice.name}.', self._cents(invoice.amount_total))])))
        self.assertEqual(line.telco_match_rule, 'invoice_reference')
        self.assertEqual(line.telco_invoice_ids, invoice)
        self.assertEqual(invoice.payment_state, 'paid')
        self.assertEqual(line.partner_id, customer)

    def test_invoice_reference_partial(self):
        customer = self._transfer_customer('Cliente Parcial')
        invoice = self._invoice(customer, 100)
        self._import(self._n43([self._transfer(f'PAGO {invoice.name}', 5000)]))
        self.assertEqual(invoice.payment_state, 'partial')
        self.assertAlmostEqual(invoice.amount_residual, invoice.amount_total - 50)

    def test_invoice_reference_overpayment(self):
        customer = self._transfer_customer('Cliente Exceso')
        invoice = self._invoice(customer, 100)
        paid = self._cents(invoice.amount_total) + 2000
        self._import(self._n43([self._transfer(f'PAGO {invoice.name}', paid)]))
        self.assertEqual(invoice.payment_state, 'paid')
        credit = self.env['account.move.line'].search([
            ('partner_id', '=', customer.id), ('account_type', '=', 'asset_receivable'),
            ('reconciled', '=', False), ('parent_state', '=', 'posted'),
        ])
        self.assertEqual(sum(credit.mapped('amount_residual')), -20.0)

    def test_invoice_reference_several_invoices(self):
        customer = self._transfer_customer('Cliente Dos Facturas')
        first = self._invoice(customer, 100)
        second = self._invoice(customer, 40)
        total = self._cents(first.amount_total + second.amount_total)
        line = self._line(self._import(self._n43([
            self._transfer(f'FRAS {first.name} {second.name}', total)])))
        self.assertEqual(line.telco_invoice_ids, first | second)
        self.assertEqual(set((first | second).mapped('payment_state')), {'paid'})

    def test_two_payments_same_invoice(self):
        customer = self._transfer_customer('Cliente Dos Pagos')
        invoice = self._invoice(customer, 100)
        first = self._cents(invoice.amount_total) - 3000
        record = self._import(self._n43([
            self._transfer(f'PAGO {invoice.name} 1/2', first),
            self._transfer(f'PAGO {invoice.name} 2/2', 3000, day=11),
        ]))
        lines = record.statement_line_ids.sorted('id')
        self.assertEqual(lines.mapped('telco_match_rule'), ['invoice_reference'] * 2)
        self.assertEqual(lines.mapped('is_reconciled'), [True, True])
        self.assertEqual(invoice.payment_state, 'paid')
        self.assertEqual(lines[1].telco_invoice_ids, invoice)

    def test_second_payment_of_paid_invoice(self):
        # Both movements name the invoice in one batch. The first settles it, so the second
        # no longer has an invoice to pay and stays for the accountant.
        customer = self._transfer_customer('Cliente Pago Doble')
        invoice = self._invoice(customer, 100)
        amount = self._cents(invoice.amount_total)
        record = self._import(self._n43([
            self._transfer(f'PAGO {invoice.name}', amount),
            self._transfer(f'PAGO {invoice.name}', amount, day=11),
        ]))
        first, second = record.statement_line_ids.sorted('id')
        self.assertEqual(first.telco_match_rule, 'invoice_reference')
        self.assertFalse(second.telco_match_rule)
        self.assertFalse(second.is_reconciled)
        self.assertEqual(invoice.payment_state, 'paid')

    def test_batches_smaller_than_file(self):
        customer = self._transfer_customer('Cliente Lotes')
        invoices = [self._invoice(customer, 10 + index) for index in range(5)]
        record = self._import(self._n43([
            self._transfer(f'PAGO {invoice.name}', self._cents(invoice.amount_total))
            for invoice in invoices
        ]), match=False)
        result = self.env['telco.reconcile.engine']._match_statement_lines(
            record.statement_line_ids, batch_size=2)
        self.assertEqual(result, {'matched': 5})
        self.assertEqual({invoice.payment_state for invoice in invoices}, {'paid'})

    def test_failed_payment_keeps_others(self):
        customer = self._transfer_customer('Cliente Fallo')
        invoices = [self._invoice(customer, 20 + index) for index in range(3)]
        record = self._import(self._n43([
            self._transfer(f'PAGO {invoice.name}', self._cents(invoice.amount_total))
            for invoice in invoices
        ]), match=False)
        failing = record.statement_line_ids.sorted('id')[1]
        StatementLine = type(self.env['account.bank.statement.line'])
        original = StatementLine._telco_apply_counterparts_many

        def apply_failing(model, entries):
            if any(entry[0] == failing for entry in entries):
                raise UserError("Cuenta bloqueada")
            return original(model, entries)

        with patch.object(StatementLine, '_telco_apply_counterparts_many', apply_failing):
            result = self.env['telco.reconcile.engine']._match_statement_lines(
                record.statement_line_ids)
        self.assertEqual(result, {'matched': 2})
        self.assertEqual([invoice.payment_state for invoice in invoices],
                         ['paid', 'not_paid', 'paid'])
        self.assertFalse(failing.telco_match_rule)
        self.assertEqual(failing.telco_match_note, "Cuenta bloqueada")

    def test_reference_amount_picks_invoice(self):
        # The text names two open invoices of the customer and the amount is exactly one of
        # them: that one is paid, the other stays open.
        customer = self._transfer_customer('Cliente Dos Referencias')
        first = self._invoice(customer, 100)
        second = self._invoice(customer, 40)
        line = self._line(self._import(self._n43([
            self._transfer(f'PAGO {first.name} {second.name}', self._cents(second.amount_total))])))
        self.assertEqual(line.telco_invoice_ids, second)
        self.assertEqual(second.payment_state, 'paid')
        self.assertEqual(first.payment_state, 'not_paid')

    def test_reference_after_prefix(self):
        customer = self._transfer_customer('Cliente Prefijo')
        invoice = self._invoice(customer, 100)
        line = self._line(self._import(self._n43([
            self._transfer(f'REF.{invoice.name}', self._cents(invoice.amount_total))])))
        self.assertEqual(line.telco_match_rule, 'invoice_reference')
        self.assertEqual(invoice.payment_state, 'paid')

    def test_unmatched_note_names_reason(self):
        customer = self._transfer_customer('Cliente Ya Pagado')
        invoice = self._invoice(customer, 100)
        amount = self._cents(invoice.amount_total)
        self._import(self._n43([self._transfer(f'PAGO {invoice.name}', amount)]))
        self.assertEqual(invoice.payment_state, 'paid')
        repeated = self._line(self._import(self._n43([
            self._transfer(f'PAGO OTRA VEZ {invoice.name}', amount, day=12)]), 'second.n43'))
        self.assertFalse(repeated.telco_match_rule)
        self.assertIn(invoice.name, repeated.telco_match_note)
        nothing = self._line(self._import(self._n43([
            self._transfer('INGRESO VARIOS', 1234, day=13)]), 'third.n43'))
        self.assertTrue(nothing.telco_match_note)

    def test_registered_payment_cleared(self):
        # The invoice was paid with Register Payment before the statement arrived. Its bank
        # movement clears that payment instead of paying another invoice of the customer.
        customer = self._transfer_customer('Cliente Pago Registrado')
        bank = self.env['res.partner.bank'].create({
            'partner_id': customer.id, 'acc_number': 'ES7921000813610123456789'})
        invoice = self._invoice(customer, 100, invoice_date='2025-02-01')
        later = self._invoice(customer, 100, invoice_date='2025-03-01')
        payment = self._register_payment(invoice, invoice.amount_total)
        self.assertFalse(payment.is_matched)
        self.assertIn(invoice.payment_state, ('paid', 'in_payment'))

        data = self._data('camt053_transfer.xml').decode().format(
            amount=f'{invoice.amount_total:.2f}', name=f'PAGO {invoice.name}',
            iban=bank.sanitized_acc_number,
        ).encode()
        line = self._line(self._import(data, 'registered.xml'))
        self.assertEqual(line.telco_match_rule, 'registered_payment')
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.telco_invoice_ids, invoice)
        self.assertTrue(payment.is_matched)
        self.assertEqual(later.payment_state, 'not_paid')

    def _register_payment(self, invoice, amount, payment_date='2025-03-05'):
        return self.env['account.payment.register'].with_context(
            active_model='account.move', active_ids=invoice.ids,
        ).create({
            'journal_id': self.journal.id,
            'payment_date': payment_date,
            'amount': amount,
        })._create_payments()

    def test_registered_partial_payment_cleared(self):
        customer = self._transfer_customer('Cliente Pago Parcial Registrado')
        invoice = self._invoice(customer, 100)
        payment = self._register_payment(invoice, 50)
        self.assertEqual(invoice.payment_state, 'partial')
        line = self._line(self._import(self._n43([
            self._transfer(f'PAGO PARCIAL {invoice.name}', 5000)])))
        self.assertEqual(line.telco_match_rule, 'registered_payment')
        self.assertTrue(payment.is_matched)
        self.assertEqual(invoice.payment_state, 'partial')
        self.assertAlmostEqual(invoice.amount_residual, invoice.amount_total - 50)

    def test_equal_registered_payments_oldest_first(self):
        customer = self._transfer_customer('Cliente Dos Pagos Iguales')
        invoice = self._invoice(customer, 100)
        half = invoice.amount_total / 2
        first = self._register_payment(invoice, half, payment_date='2025-03-04')
        second = self._register_payment(invoice, invoice.amount_residual, payment_date='2025-03-06')
        self.assertEqual(first.amount, second.amount)
        line = self._line(self._import(self._n43([
            self._transfer(f'PAGO {invoice.name}', self._cents(half))])))
        self.assertEqual(line.telco_match_rule, 'registered_payment')
        self.assertTrue(first.is_matched)
        self.assertFalse(second.is_matched)

    def test_registered_payment_other_amount_noted(self):
        customer = self._transfer_customer('Cliente Importe Distinto')
        invoice = self._invoice(customer, 100)
        payment = self._register_payment(invoice, invoice.amount_total)
        line = self._line(self._import(self._n43([
            self._transfer(f'PAGO {invoice.name}', self._cents(invoice.amount_total) - 47)])))
        self.assertFalse(line.telco_match_rule)
        self.assertIn(payment.name, line.telco_match_note)
        self.assertFalse(payment.is_matched)

    # -- rule d -------------------------------------------------------------------------------

    def test_known_iban_oldest_first(self):
        customer = self._transfer_customer('Cliente IBAN')
        bank = self.env['res.partner.bank'].create({
            'partner_id': customer.id, 'acc_number': 'ES7921000813610123456789'})
        oldest = self._invoice(customer, 100, invoice_date='2025-01-10')
        newest = self._invoice(customer, 100, invoice_date='2025-02-10')
        data = self._data('camt053_transfer.xml').decode().format(
            amount=f'{oldest.amount_total:.2f}', name='CLIENTE IBAN', iban=bank.sanitized_acc_number,
        ).encode()
        line = self._line(self._import(data, 'transfer.xml'))
        self.assertEqual(line.telco_counterparty_iban, bank.sanitized_acc_number)
        self.assertEqual(line.partner_id, customer)
        self.assertEqual(line.telco_match_rule, 'known_counterparty')
        self.assertEqual(oldest.payment_state, 'paid')
        self.assertEqual(newest.payment_state, 'not_paid')

    def test_known_nif(self):
        customer = self._transfer_customer('Cliente NIF SL', vat='ESB12345674')
        invoice = self._invoice(customer, 80)
        line = self._line(self._import(self._n43([
            self._transfer('TRANSFERENCIA B12345674 SERVICIOS', self._cents(invoice.amount_total))])))
        self.assertEqual(line.telco_match_rule, 'known_counterparty')
        self.assertEqual(invoice.payment_state, 'paid')

    def test_unmatched_left_for_accountant(self):
        line = self._line(self._import(self._n43([self._transfer('INGRESO VARIOS', 1234)])))
        self.assertFalse(line.telco_match_rule)
        self.assertFalse(line.is_reconciled)

    # -- manual -------------------------------------------------------------------------------

    def _wizard(self, line):
        action = line.action_telco_reconcile()
        return self.env['telco.reconcile.wizard'].browse(action['res_id'])

    def test_candidates_ranked(self):
        customer = self._transfer_customer('Cliente Candidato')
        other = self._transfer_customer('Otro Cliente')
        target = self._invoice(customer, 100)
        self._invoice(other, 70)
        line = self._line(self._import(self._n43([
            self._transfer('PAGO SIN REFERENCIA', self._cents(target.amount_total))])))
        wizard = self._wizard(line)
        self.assertEqual(wizard.candidate_ids[0].invoice_id, target)
        wizard.candidate_ids[0].action_confirm()
        self.assertEqual(line.telco_match_rule, 'manual')
        self.assertEqual(target.payment_state, 'paid')

    def test_split_over_invoices(self):
        customer = self._transfer_customer('Cliente Reparto')
        first = self._invoice(customer, 100)
        second = self._invoice(customer, 100)
        line = self._line(self._import(self._n43([self._transfer('PAGO', 15000)])))
        wizard = self._wizard(line)
        self.assertFalse(wizard.candidate_ids)
        wizard.partner_id = customer
        wizard.action_search_candidates()
        self.assertEqual(wizard.candidate_ids.invoice_id, first | second)
        for candidate in wizard.candidate_ids:
            candidate.write({'selected': True, 'allocation': 75})
        wizard.action_split()
        self.assertEqual(line.telco_invoice_ids, first | second)
        self.assertEqual(first.amount_residual, first.amount_total - 75)
        self.assertEqual(second.amount_residual, second.amount_total - 75)

    def test_write_off_within_tolerance(self):
        customer = self._transfer_customer('Cliente Redondeo')
        invoice = self._invoice(customer, 100)
        self.company.telco_writeoff_tolerance = 1.0
        self.company.telco_reconcile_writeoff_account_id = self.company_data['default_account_expense']
        line = self._line(self._import(self._n43([
            self._transfer('PAGO', self._cents(invoice.amount_total) - 50)])))
        wizard = self._wizard(line)
        wizard.candidate_ids.filtered(lambda c: c.invoice_id == invoice).selected = True
        wizard.action_write_off()
        self.assertEqual(invoice.payment_state, 'paid')
        writeoff = line.move_id.line_ids.filtered(
            lambda aml: aml.account_id == self.company.telco_reconcile_writeoff_account_id)
        self.assertEqual(writeoff.balance, 0.5)

    def test_write_off_beyond_tolerance(self):
        from odoo.exceptions import UserError
        customer = self._transfer_customer('Cliente Diferencia')
        invoice = self._invoice(customer, 100)
        self.company.telco_writeoff_tolerance = 1.0
        line = self._line(self._import(self._n43([
            self._transfer('PAGO', self._cents(invoice.amount_total) - 500)])))
        wizard = self._wizard(line)
        wizard.partner_id = customer
        wizard.action_search_candidates()
        wizard.candidate_ids.filtered(lambda c: c.invoice_id == invoice).selected = True
        with self.assertRaisesRegex(UserError, 'larger than the write-off tolerance') as caught:
            wizard.action_write_off()
        # Amounts are formatted with the currency, not shown as raw floats.
        expected = format_amount(self.env, 1.0, self.company.currency_id)
        self.assertIn(f'tolerance {expected}', str(caught.exception))

    def test_payment_on_account(self):
        customer = self._transfer_customer('Cliente A Cuenta')
        line = self._line(self._import(self._n43([self._transfer('ANTICIPO', 3000)])))
        wizard = self._wizard(line)
        wizard.partner_id = customer
        wizard.action_on_account()
        self.assertTrue(line.is_reconciled)
        self.assertEqual(line.telco_match_rule, 'manual')
        self.assertEqual(customer.credit, -30.0)

    def test_match_again(self):
        customer = self._transfer_customer('Cliente Tardio')
        line = self._line(self._import(self._n43([self._transfer('PAGO FRA-TARDIA', 12100)])))
        self.assertFalse(line.telco_match_rule)
        invoice = self._invoice(customer, 100, payment_reference='FRA-TARDIA')
        line.action_telco_match_again()
        self.assertEqual(line.telco_match_rule, 'invoice_reference')
        self.assertEqual(invoice.payment_state, 'paid')

    # -- dunning ------------------------------------------------------------------------------

    def test_matched_invoice_not_overdue(self):
        customer = self._transfer_customer('Cliente Moroso')
        invoice = self._invoice(customer, 100, invoice_date='2025-01-10',
                                invoice_date_due='2025-01-10')
        with freeze_time('2025-03-20'):
            self.assertEqual(invoice.collection_state, 'overdue')
            self._import(self._n43([
                self._transfer(f'PAGO {invoice.name}', self._cents(invoice.amount_total))]))
            invoice.invalidate_recordset(['collection_state'])
            self.assertEqual(invoice.collection_state, 'paid')
            self.assertNotIn(invoice, self.env['account.move'].search(
                [('collection_state', '=', 'overdue')]))
