from odoo import api, fields, models

TREATMENTS = [
    ('represent', 'Re-present'),
    ('new_mandate', 'Invalidate mandate, ask for a new IBAN'),
    ('dispute', 'Open a dispute activity'),
    ('fix_data', 'Fix the data'),
    ('none', 'No action'),
]


class TelcoSepaReturnReason(models.Model):
    _name = 'telco.sepa.return.reason'
    _description = 'SEPA reject and return reason'
    _order = 'code'
    _rec_names_search = ['code', 'name']

    code = fields.Char(required=True, help="ISO 20022 reason code, such as AM04.")
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    treatment = fields.Selection(
        TREATMENTS, required=True, default='none',
        help="What importing a return with this reason does with the debit and its mandate.",
    )
    represent_max = fields.Integer(
        string='Maximum re-presentations',
        help="How many times a debit returned with this reason may be presented again.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ('code_unique', 'unique (code)', 'The reason code must be unique.'),
        ('represent_max_positive', 'CHECK (represent_max >= 0)',
         'The maximum number of re-presentations cannot be negative.'),
    ]

    @api.depends('code', 'name')
    def _compute_display_name(self):
        for reason in self:
            reason.display_name = f"{reason.code} - {reason.name}"
