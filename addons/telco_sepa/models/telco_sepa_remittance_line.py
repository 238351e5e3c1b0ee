from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from telcocollect.charset import to_sepa_text
from telcocollect.identifiers import compact_iban
from telcocollect.sepa.pain008 import DirectDebit, PostalAddress

# Fields that define what is sent to the bank; they are frozen once the file exists.
_DEBIT_FIELDS = {
    'remittance_id', 'move_id', 'partner_id', 'mandate_id', 'amount', 'end_to_end_id',
    'sequence_type',
}


class TelcoSepaRemittanceLine(models.Model):
    _name = 'telco.sepa.remittance.line'
    _description = 'SEPA direct debit'
    _order = 'remittance_id desc, id'
    _rec_name = 'end_to_end_id'
    _check_company_auto = True

    remittance_id = fields.Many2one(
        'telco.sepa.remittance', required=True, ondelete='cascade', index=True,
    )
    remittance_state = fields.Selection(related='remittance_id.state', string='Remittance state')
    company_id = fields.Many2one(related='remittance_id.company_id', store=True, index=True)
    currency_id = fields.Many2one(related='remittance_id.currency_id')
    collection_date = fields.Date(related='remittance_id.collection_date', store=True)
    move_id = fields.Many2one(
        'account.move', string='Invoice', required=True, index=True, check_company=True,
        ondelete='restrict',
    )
    partner_id = fields.Many2one('res.partner', string='Debtor', required=True, index=True)
    mandate_id = fields.Many2one(
        'telco.sepa.mandate', string='Mandate', required=True, index=True, check_company=True,
        ondelete='restrict',
    )
    amount = fields.Monetary(required=True)
    end_to_end_id = fields.Char(
        string='End-to-end id', readonly=True, copy=False, index=True,
        help="Identifier of the debit in the pain.008 file; the bank quotes it in rejects and "
             "returns. It is the remittance reference followed by the debit number.",
    )
    sequence_type = fields.Selection(
        [('FRST', 'First (FRST)'), ('RCUR', 'Recurrent (RCUR)'), ('OOFF', 'One-off (OOFF)'),
         ('FNAL', 'Final (FNAL)')],
        required=True, default='RCUR',
    )
    state = fields.Selection(
        [('pending', 'Pending'), ('sent', 'Sent'), ('returned', 'Returned')],
        required=True, default='pending', index=True, copy=False,
    )
    payment_id = fields.Many2one('account.payment', readonly=True, copy=False)
    return_reason_code = fields.Char(readonly=True, copy=False)
    return_reason_id = fields.Many2one('telco.sepa.return.reason', readonly=True, copy=False)
    return_date = fields.Date(readonly=True, copy=False)
    return_move_id = fields.Many2one(
        'account.move', string='Return entry', readonly=True, copy=False,
        help="Journal entry that reverses the collection after the return.",
    )

    _sql_constraints = [
        ('end_to_end_id_unique', 'unique (end_to_end_id)', 'The end-to-end id must be unique.'),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        for line in lines:
            # The id makes the end-to-end id unique and leads back to this line.
            line.end_to_end_id = f"{line.remittance_id.name}-{line.id}"
        return lines

    def write(self, vals):
        if _DEBIT_FIELDS & set(vals):
            frozen = self.filtered(lambda line: line.remittance_id.state != 'draft')
            if frozen:
                raise UserError(_(
                    "The debit %(debit)s of remittance %(remittance)s cannot be changed once "
                    "the file is generated. Reset the remittance to draft first.",
                    debit=frozen[0].end_to_end_id,
                    remittance=frozen[0].remittance_id.name,
                ))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_generated(self):
        frozen = self.filtered(lambda line: line.remittance_id.state != 'draft')
        if frozen:
            raise UserError(_(
                "The debit %(debit)s of remittance %(remittance)s cannot be deleted once the "
                "file is generated. Reset the remittance to draft first.",
                debit=frozen[0].end_to_end_id,
                remittance=frozen[0].remittance_id.name,
            ))

    def _get_debit_problems(self):
        self.ensure_one()
        problems = []
        mandate = self.mandate_id
        label = self.end_to_end_id
        if mandate.state != 'active':
            problems.append(_(
                "%(debit)s: mandate %(mandate)s is not active.",
                debit=label,
                mandate=mandate.name,
            ))
        partner = self.partner_id.commercial_partner_id
        if not partner.city or not partner.country_id:
            problems.append(_(
                "%(debit)s: the address of %(customer)s has no town or country.",
                debit=label,
                customer=partner.display_name,
            ))
        if self.currency_id.compare_amounts(self.amount, 0) <= 0:
            problems.append(_(
                "%(debit)s: the amount must be positive.", debit=label,
            ))
        return problems

    def _get_pain008_debit(self):
        self.ensure_one()
        mandate = self.mandate_id
        partner = self.partner_id.commercial_partner_id
        bank_account = mandate.partner_bank_id
        invoice = self.move_id
        return DirectDebit(
            end_to_end_id=self.end_to_end_id,
            amount_cents=self.remittance_id._to_cents(self.amount, self.currency_id),
            mandate_id=mandate.name,
            mandate_date=mandate.signature_date,
            debtor_name=to_sepa_text(bank_account.acc_holder_name or partner.name, 70),
            debtor_iban=compact_iban(bank_account.acc_number),
            debtor_bic=mandate.debtor_bic or bank_account.bank_id.bic or None,
            debtor_address=PostalAddress(
                country=partner.country_id.code,
                town=to_sepa_text(partner.city, 35),
                street=to_sepa_text(partner.street or '', 70) or None,
                postcode=to_sepa_text(partner.zip or '', 16) or None,
            ),
            remittance_info=to_sepa_text(invoice.payment_reference or invoice.name, 140),
            sequence_type=self.sequence_type,
            scheme=mandate.scheme,
            collection_date=self.remittance_id.collection_date,
            amendment=mandate._get_pain008_amendment(),
        )

    def _get_receivable_lines(self):
        """Return the open receivable journal items of the invoice."""
        self.ensure_one()
        return self.move_id.line_ids.filtered(
            lambda aml: aml.account_type == 'asset_receivable' and not aml.reconciled
        )

    def _register_return(self, return_lines):
        """Reverse the collection of these debits after a reject or return.

        ``return_lines`` are the matching telco.sepa.return.line records, in the same order.
        Each payment entry is reversed at the return date and the reversal is reconciled with
        it. Reversing first removes the payment's reconciliation with the invoice, so the
        invoice is open again with its residual restored. The payment is then marked rejected.
        """
        payments = self.payment_id
        reversal_vals = []
        for debit, return_line in zip(self, return_lines):
            reversal_vals.append({
                'date': return_line.return_date,
                'ref': _(
                    "Return of %(debit)s, reason %(code)s",
                    debit=debit.end_to_end_id,
                    code=return_line.reason_code or _("none"),
                ),
            })
        reversals = payments.move_id._reverse_moves(reversal_vals, cancel=True)
        payments.write({'state': 'rejected'})

        for debit, return_line, reversal in zip(self, return_lines, reversals):
            debit.payment_id.invoice_ids = [Command.unlink(debit.move_id.id)]
            debit.write({
                'state': 'returned',
                'return_reason_code': return_line.reason_code,
                'return_reason_id': return_line.reason_id.id,
                'return_date': return_line.return_date,
                'return_move_id': reversal.id,
            })
            debit.move_id._telco_register_return(
                return_line.reason_code or '', return_line.return_date,
            )
            debit._apply_reason_treatment(return_line)

    def _apply_reason_treatment(self, return_line):
        self.ensure_one()
        treatment = return_line.reason_id.treatment
        if treatment == 'new_mandate':
            self.mandate_id._cancel_after_return(return_line.reason_code, return_line.return_date)
        elif treatment == 'dispute':
            self.move_id.activity_schedule(
                'mail.mail_activity_data_todo',
                summary=_("Direct debit disputed: %(code)s", code=return_line.reason_code),
                note=_(
                    "The debit %(debit)s was returned with reason %(reason)s. Contact the "
                    "customer before collecting it again.",
                    debit=self.end_to_end_id,
                    reason=return_line.reason_id.display_name,
                ),
                user_id=self.env.user.id,
            )
