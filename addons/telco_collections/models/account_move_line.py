from odoo import fields, models

from .selections import SERVICE_CATEGORIES


class AccountMoveLine(models.Model):
    _inherit = 'account.move.line'

    telco_service_category = fields.Selection(
        SERVICE_CATEGORIES,
        string='Service category',
        help="Kind of telecom service billed on this line. Suspension rules depend on it: "
             "unpaid non-voice charges only allow suspending those services.",
    )
    telco_service_identifier = fields.Char(
        string='Service identifier',
        help="Phone number (MSISDN) or line id of the service billed on this line.",
    )
