from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    telco_dunning_interest_enabled = fields.Boolean(
        related='company_id.telco_dunning_interest_enabled', readonly=False,
        string='Late Payment Interest',
        help="Charge business customers the statutory late payment interest (ECB rate plus 8 "
             "points) from the due date, per invoice, with late fee levels.")
    telco_dunning_compensation_enabled = fields.Boolean(
        related='company_id.telco_dunning_compensation_enabled', readonly=False,
        string='Fixed Compensation',
        help="Charge business customers EUR 40 per overdue invoice, once, with late fee levels.")
    telco_dunning_consumer_fee_enabled = fields.Boolean(
        related='company_id.telco_dunning_consumer_fee_enabled', readonly=False,
        string='Consumer Collection Fee',
        help="Charge consumers a fixed collection fee, once per debt and only after a "
             "collector approves it. Enable only when the contract provides for it.")
    telco_dunning_consumer_fee_amount = fields.Monetary(
        related='company_id.telco_dunning_consumer_fee_amount', readonly=False,
        currency_field='currency_id')
    telco_dunning_fee_product_id = fields.Many2one(
        related='company_id.telco_dunning_fee_product_id', readonly=False)
    telco_writeoff_account_id = fields.Many2one(
        related='company_id.telco_writeoff_account_id', readonly=False)
    telco_writeoff_journal_id = fields.Many2one(
        related='company_id.telco_writeoff_journal_id', readonly=False)
