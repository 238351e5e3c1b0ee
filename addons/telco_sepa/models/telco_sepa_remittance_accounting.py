from collections import defaultdict

import logging

from odoo import Command, _, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# Debits posted and reconciled together. Larger batches need fewer queries but hold locks
# on the invoices and the journal's sequence for longer.
MARK_SENT_BATCH_SIZE = 1000


class TelcoSepaRemittance(models.Model):
    """Accounting of a remittance sent to the bank (Odoo's outstanding receipts model)."""

    _inherit = 'telco.sepa.remittance'

    mark_sent_requested = fields.Boolean(
        string='Being marked as sent', readonly=True, copy=False,
        help="Set while a background job posts the payments of a large remittance.",
    )

    def action_mark_sent(self, batch_size=MARK_SENT_BATCH_SIZE):
        """Record that the file was sent: post one payment per debit and match it.

        Each payment debits the journal's outstanding receipts account and is reconciled with
        the invoice's receivable line, so the invoice shows "In payment" until the bank credit
        is matched on a statement. Debits are processed in batches of ``batch_size``.
        """
        self._check_state(('generated',), _("mark as sent"))
        for remittance in self:
            if remittance.line_count > batch_size and not self.env.context.get('telco_sepa_inline'):
                # A web request posting more than one batch would run into the request's
                # time limit and hold one huge transaction, so the cron does it instead.
                remittance._check_invoices_unchanged()
                remittance.mark_sent_requested = True
                remittance._message_log(body=_(
                    "Marking as sent requested by %(user)s: the %(count)s payments are posted "
                    "in the background in batches of %(size)s.",
                    user=self.env.user.name,
                    count=remittance.line_count,
                    size=batch_size,
                ))
                self.env.ref('telco_sepa.ir_cron_telco_sepa_mark_sent')._trigger()
                continue
            remittance._mark_sent(batch_size=batch_size)

    def _cron_mark_sent(self, batch_size=MARK_SENT_BATCH_SIZE):
        """Post the payments of the remittances waiting to be marked as sent, committing per batch."""
        remittances = self.search([('state', '=', 'generated'), ('mark_sent_requested', '=', True)])
        for remittance in remittances:
            remittance._mark_sent(batch_size=batch_size, commit=True)
            self.env.cr.commit()

    def _mark_sent(self, batch_size=MARK_SENT_BATCH_SIZE, commit=False):
        """Post and reconcile the payments of the pending debits, ``batch_size`` at a time.

        With ``commit`` each batch is committed, so a remittance of 100,000 debits does not
        hold one transaction and a crash resumes with the debits still pending. Only a cron
        or queue job may pass ``commit``, never a request of the web client.
        """
        self.ensure_one()
        self._check_invoices_unchanged()
        pending = self.line_ids.filtered(lambda line: line.state == 'pending')
        for start in range(0, len(pending), batch_size):
            batch = pending[start:start + batch_size]
            self._mark_batch_sent(batch)
            if commit:
                self.env.cr.commit()
                _logger.info(
                    "Remittance %s: %d of %d debits posted", self.name,
                    min(start + batch_size, len(pending)), len(pending),
                )
        self.write({
            'state': 'sent',
            'sent_date': fields.Date.context_today(self),
            'mark_sent_requested': False,
        })

    def _check_invoices_unchanged(self):
        """Raise if an invoice of a pending debit owes less than its debit now."""
        problems = []
        for line in self.line_ids.filtered(lambda line: line.state == 'pending'):
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

    def _mark_batch_sent(self, lines):
        payments = self._create_payments(lines)
        for line, payment in zip(lines, payments):
            line.write({'state': 'sent', 'payment_id': payment.id})
        self._reconcile_payments(lines)
        self._update_mandate_last_debit(lines)

    def _create_payments(self, lines):
        """Create and post one inbound payment per debit, in the order of ``lines``."""
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
        } for line in lines]
        payments = self.env['account.payment'].create(vals_list)
        for payment in payments.filtered(lambda p: not p.outstanding_account_id):
            # Without an outstanding account Odoo posts no journal entry, and the invoice
            # could not be reconciled with the payment.
            payment.outstanding_account_id = payment._get_outstanding_account('inbound')
        payments.action_post()
        return payments

    def _reconcile_payments(self, lines):
        plan = []
        for line in lines:
            receivable_lines = line._get_receivable_lines()
            payment_lines = line.payment_id.move_id.line_ids.filtered(
                lambda aml: aml.account_id in receivable_lines.account_id and not aml.reconciled
            )
            plan.append(receivable_lines + payment_lines)
        self.env['account.move.line']._reconcile_plan(plan)

    def _update_mandate_last_debit(self, lines):
        mandates_by_date = defaultdict(lambda: self.env['telco.sepa.mandate'])
        for line in lines:
            mandates_by_date[line.collection_date] |= line.mandate_id
        for collection_date, mandates in mandates_by_date.items():
            mandates.last_debit_date = collection_date
