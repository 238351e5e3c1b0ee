from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = 'res.company'

    sepa_require_signed_copy = fields.Boolean(
        string='Require the signed mandate copy',
        help="A mandate can only be validated once the copy signed by the debtor is uploaded.",
    )
    # Spanish salaries and pensions are mostly paid on the last working days of the month, so
    # by the 5th they are on the account even when the month ends on a weekend or holiday.
    sepa_representation_default_day = fields.Integer(
        string='Default re-presentation day',
        default=5,
        help="Day of the month on which a returned debit is presented again when the "
             "customer has no earlier successful debit to learn the usual payday from.",
    )

    @api.constrains('sepa_representation_default_day')
    def _check_sepa_representation_default_day(self):
        for company in self:
            if not 1 <= company.sepa_representation_default_day <= 31:
                raise ValidationError(_(
                    "Invalid default re-presentation day %(day)s: enter a day of the month "
                    "from 1 to 31.",
                    day=company.sepa_representation_default_day,
                ))


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    sepa_require_signed_copy = fields.Boolean(
        related='company_id.sepa_require_signed_copy',
        readonly=False,
    )
    sepa_representation_default_day = fields.Integer(
        related='company_id.sepa_representation_default_day',
        readonly=False,
    )
