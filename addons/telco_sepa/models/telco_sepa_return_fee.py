from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError


class TelcoSepaBankProfile(models.Model):
    _inherit = 'telco.sepa.bank.profile'

    return_fee_currency_id = fields.Many2one(related='company_id.currency_id')
    return_fee_amount = fields.Monetary(
        string='Return fee', currency_field='return_fee_currency_id',
        help="Amount invoiced to the customer for each debit of this bank that is rejected or "
             "returned. 0 charges nothing.",
    )
    return_fee_product_id = fields.Many2one(
        'product.product', string='Return fee product',
        help="Product of the fee invoice line; its taxes and income account apply.",
    )
    return_fee_consumers = fields.Boolean(
        string='Charge consumers',
        help="Also charge the fee to residential customers. Leave it off unless their "
             "contracts provide for a fixed fee for returned debits: Spanish consumer law "
             "allows such a fee only then.",
    )

    @api.constrains('return_fee_amount', 'return_fee_product_id')
    def _check_return_fee(self):
        for profile in self:
            if profile.return_fee_amount < 0:
                raise ValidationError(_(
                    "Invalid return fee %(amount)s for bank journal %(journal)s: enter 0 or a "
                    "positive amount.",
                    amount=profile.return_fee_amount,
                    journal=profile.journal_id.display_name,
                ))
            if profile.return_fee_amount and not profile.return_fee_product_id:
                raise ValidationError(_(
                    "Choose the return fee product of bank journal %(journal)s, or set the fee "
                    "to 0.",
                    journal=profile.journal_id.display_name,
                ))


class AccountMove(models.Model):
    _inherit = 'account.move'

    telco_sepa_return_fee_line_id = fields.Many2one(
        'telco.sepa.return.line', string='Fee for return', readonly=True, copy=False,
        index='btree_not_null',
        help="Returned debit whose fee this invoice charges.",
    )

    _sql_constraints = [
        ('telco_sepa_return_fee_unique', 'unique (telco_sepa_return_fee_line_id)',
         'A returned debit can be charged a single return fee.'),
    ]


class TelcoSepaRemittanceLine(models.Model):
    _inherit = 'telco.sepa.remittance.line'

    def _apply_reason_treatment(self, return_line):
        super()._apply_reason_treatment(return_line)
        self._charge_return_fee(return_line)

    def _charge_return_fee(self, return_line):
        """Invoice the collecting bank's return fee to the customer, once per return.

        Business customers are always charged when the bank profile has a fee; residential
        customers only when the profile allows it. Refunds claimed by the debtor are never
        charged.
        """
        self.ensure_one()
        profile = self.remittance_id.journal_id.telco_sepa_bank_profile_ids[:1]
        customer = self.partner_id.commercial_partner_id
        if (not profile or not profile.return_fee_amount or return_line.kind == 'refund'
                or self.currency_id.is_zero(profile.return_fee_amount)):
            return self.env['account.move']
        if customer.telco_customer_type != 'business' and not profile.return_fee_consumers:
            return self.env['account.move']
        already = self.env['account.move'].search_count(
            [('telco_sepa_return_fee_line_id', '=', return_line.id)], limit=1,
        )
        if already:
            return self.env['account.move']

        fee = self.env['account.move'].create({
            'move_type': 'out_invoice',
            'company_id': self.company_id.id,
            'partner_id': customer.id,
            'invoice_date': return_line.return_date,
            'telco_sepa_return_fee_line_id': return_line.id,
            'invoice_line_ids': [Command.create({
                'product_id': profile.return_fee_product_id.id,
                'name': _(
                    "Fee for the returned direct debit %(debit)s of invoice %(invoice)s "
                    "(reason %(code)s)",
                    debit=self.end_to_end_id,
                    invoice=self.move_id.name,
                    code=return_line.reason_code or _("none"),
                ),
                'quantity': 1,
                'price_unit': profile.return_fee_amount,
            })],
        })
        fee.action_post()
        self.move_id._message_log(body=_(
            "Return fee of %(amount)s %(currency)s charged in invoice %(fee)s.",
            amount=profile.return_fee_amount,
            currency=self.currency_id.name,
            fee=fee.name,
        ))
        return fee
