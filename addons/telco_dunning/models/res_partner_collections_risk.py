from odoo import fields, models

RISK_LEVELS = [('normal', 'Normal'), ('high', 'High')]


class ResPartner(models.Model):
    _inherit = 'res.partner'

    telco_risk_level = fields.Selection(
        RISK_LEVELS, string='Collection Risk', default='normal', required=True,
        tracking=True,
        help="High-risk customers get the dunning policy marked for high risk, whatever their "
             "customer type, unless they have a policy of their own.")
    telco_bureau_warning_date = fields.Date(
        string='Credit Bureau Warning Date', copy=False, tracking=True,
        help="Date on which the contract or a payment demand informed the customer that unpaid debt "
             "may be reported to the credit bureaus it named. Without it, no debt of this "
             "customer can be reported.")
    telco_bureau_report_ids = fields.One2many(
        'telco.credit.bureau.report', 'partner_id', string='Credit Bureau Reports')
