from collections import defaultdict

from odoo import Command, _, fields, models
from odoo.exceptions import UserError


class TelcoSepaRemittance(models.Model):
    """Accounting of a remittance sent to the bank (Odoo's outstanding receipts model)."""

    _inherit = 'telco.sepa.remittance'

    def action_mark_sent(self):
        """Record that the file was sent: post one payment per debit and match it.

        Each payment debits the journal's outstanding receipts account and is reconciled with
        the invoice's receivable line, so the invoice shows "In payment" until the bank credit
        is matched on a statement.
        """
        self._check_state(('generated',), _("mark as sent"))
        for remittance in self:
            remittance._mark_sent()

    def _mark_sent(self):
        self.ensure_one()
        problems = []
        for line in self.line_ids:
            invoice = line.move_id
            if invoice.state != 'posted' or invoice.currency_id.compare_amounts(
                invoice.amount_residual, line.amount
            ) < 0:
                problems.append(_(
                    "Invoice %(invoice)s now has %(residual)s due, less than the debit "
                    "%(debit)s of %(amount)s.",
                    invoice=invoice.name,
                    residual=invoice.amount_residual,
                    debit=line.end_to_end_id,
                    amount=line.amount,
                ))
        if problems:
            raise UserError(_(
                "Remittance %(name)s cannot be marked as sent because invoices changed after "
                "the file was generated. Reset it to draft, remove or update these debits and "
                "generate the file again:\n%(problems)s",
                name=self.name,
                problems="\n".join(f"- {problem}" for problem in problems),
            ))

        # NOTE: the whole remittance is posted and reconciled in one transaction. Remittances
        # of tens of thousands of debits would need batches with a commit each, not done yet.
        payments = self._create_payments()
        self.line_ids.write({'state': 'sent'})
        for line, payment in zip(self.line_ids, payments):
            line.payment_id = payment
        self._reconcile_payments()
        self._update_mandate_last_debit()
        self.write({'state': 'sent', 'sent_date': fields.Date.context_today(self)})

    def _create_payments(self):
        """Create and post one inbound payment per debit, in the order of ``line_ids``."""
        method_line = self.journal_id._get_telco_sepa_payment_method_line()
        vals_list = [{
            'payment_type': 'inbound',
            'partner_type': 'customer',
            'partner_id': line.partner_id.id,
            'amount': line.amount,
            'currency_id': line.currency_id.id,
            'date': self.collection_date,
            'journal_id': self.journal_id.id,
            'company_id': self.company_id.id,
            'payment_method_line_id': method_line.id,
            'memo': line.end_to_end_id,
            'partner_bank_id': False,
            'destination_account_id': line._get_receivable_lines().account_id[:1].id,
            'invoice_ids': [Command.set(line.move_id.ids)],
        } for line in self.line_ids]
        payments = self.env['account.payment'].create(vals_list)
        for payment in payments.filtered(lambda p: not p.outstanding_account_id):
            # Without an outstanding account Odoo posts no journal entry, and the invoice
            # could not be reconciled with the payment.
            payment.outstanding_account_id = payment._get_outstanding_account('inbound')
        payments.action_post()
        return payments

    def _reconcile_payments(self):
        plan = []
        for line in self.line_ids:
            receivable_lines = line._get_receivable_lines()
            payment_lines = line.payment_id.move_id.line_ids.filtered(
                lambda aml: aml.account_id in receivable_lines.account_id and not aml.reconciled
            )
            plan.append(receivable_lines + payment_lines)
        self.env['account.move.line']._reconcile_plan(plan)

    def _update_mandate_last_debit(self):
        mandates_by_date = defaultdict(lambda: self.env['telco.sepa.mandate'])
        for line in self.line_ids:
            mandates_by_date[line.collection_date] |= line.mandate_id
        for collection_date, mandates in mandates_by_date.items():
            mandates.last_debit_date = collection_date
