from odoo import fields, models


class TelcoSepaRemittanceExclusion(models.Model):
    _name = 'telco.sepa.remittance.exclusion'
    _description = 'Invoice excluded from a SEPA remittance'
    _order = 'remittance_id desc, id'

    remittance_id = fields.Many2one(
        'telco.sepa.remittance', required=True, ondelete='cascade', index=True,
    )
    company_id = fields.Many2one(related='remittance_id.company_id', store=True, index=True)
    currency_id = fields.Many2one(related='move_id.currency_id')
    move_id = fields.Many2one('account.move', string='Invoice', required=True, ondelete='cascade')
    partner_id = fields.Many2one(related='move_id.commercial_partner_id', string='Customer')
    amount_residual = fields.Monetary(related='move_id.amount_residual', string='Amount due')
    reason = fields.Char(required=True)
