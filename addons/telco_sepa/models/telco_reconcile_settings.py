from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = 'res.company'

    telco_writeoff_tolerance = fields.Monetary(
        string='Reconciliation write-off tolerance',
        currency_field='currency_id',
        default=1.0,
        help="Largest difference between a bank movement and the invoices it pays that an "
             "accountant may write off when reconciling, in the company currency.",
    )
    telco_reconcile_writeoff_account_id = fields.Many2one(
        'account.account', string='Reconciliation write-off account',
        domain="[('deprecated', '=', False)]",
        help="Account that receives the small differences written off when reconciling bank "
             "movements.",
    )

    @api.constrains('telco_writeoff_tolerance')
    def _check_telco_writeoff_tolerance(self):
        for company in self:
            if company.currency_id.compare_amounts(company.telco_writeoff_tolerance, 0) < 0:
                raise ValidationError(_(
                    "The reconciliation write-off tolerance must be zero or more, not "
                    "%(amount)s.",
                    amount=company.telco_writeoff_tolerance,
                ))


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    telco_writeoff_tolerance = fields.Monetary(
        related='company_id.telco_writeoff_tolerance', readonly=False,
        currency_field='currency_id',
    )
    telco_reconcile_writeoff_account_id = fields.Many2one(
        related='company_id.telco_reconcile_writeoff_account_id', readonly=False,
    )
