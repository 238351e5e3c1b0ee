from odoo import fields, models


class TelcoDunningChannel(models.Model):
    """Communication channel a dunning level can use on top of its main action.

    The email, SMS and letter sent by one action are one communication in several channels:
    they share the action row, and the unique (customer, date, company) constraint on
    telco.dunning.action keeps every customer to at most one communication per day.
    """

    _name = 'telco.dunning.channel'
    _description = 'Dunning Channel'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        [('email', 'Email'), ('sms', 'SMS'), ('letter', 'Letter')], required=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ('code_unique', 'unique (code)', 'Each dunning channel exists once.'),
    ]
