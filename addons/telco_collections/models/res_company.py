from odoo import fields, models


class ResCompany(models.Model):
    _inherit = 'res.company'

    telco_invoice_due_days = fields.Integer(
        string='Days from invoice to due date',
        default=5,
        help="Days added to the invoice date to get the due date of subscription invoices "
             "when the customer has no payment term. For direct debit this is the collection date.",
    )
