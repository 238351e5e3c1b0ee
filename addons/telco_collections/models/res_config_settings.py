from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

BATCH_SIZE_PARAM = 'telco_collections.billing_batch_size'
DEFAULT_BATCH_SIZE = 500


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    telco_invoice_due_days = fields.Integer(
        related='company_id.telco_invoice_due_days',
        readonly=False,
    )
    telco_billing_batch_size = fields.Integer(
        string='Billing batch size',
        config_parameter=BATCH_SIZE_PARAM,
        default=DEFAULT_BATCH_SIZE,
        help="Number of subscriptions invoiced and committed together by the billing cron.",
    )

    @api.constrains('telco_invoice_due_days', 'telco_billing_batch_size')
    def _check_telco_billing_settings(self):
        for settings in self:
            if settings.telco_invoice_due_days < 0:
                raise ValidationError(_(
                    "Days from invoice to due date must be zero or more, not %(days)s.",
                    days=settings.telco_invoice_due_days,
                ))
            if settings.telco_billing_batch_size < 1:
                raise ValidationError(_(
                    "Billing batch size must be at least 1, not %(size)s.",
                    size=settings.telco_billing_batch_size,
                ))
