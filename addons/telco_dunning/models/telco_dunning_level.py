from odoo import fields, models

from telcocollect.dunning import DunningLevel
from telcocollect.money import to_cents

# Channels to add later (SMS, letter, call, fee, suspension...) extend this selection with
# selection_add on both telco.dunning.level and telco.dunning.action, and add a matching
# _execute_<action> method on telco.dunning.action.
DUNNING_ACTIONS = [('email', 'Email'), ('suspension_notice', 'Suspension notice')]


class TelcoDunningLevel(models.Model):
    """One step of a dunning policy: when it fires and what it does."""

    _name = 'telco.dunning.level'
    _description = 'Dunning Level'
    _order = 'policy_id, days_after_due, sequence, id'
    _check_company_auto = True

    policy_id = fields.Many2one(
        'telco.dunning.policy', required=True, ondelete='cascade', index=True)
    company_id = fields.Many2one(related='policy_id.company_id', store=True, index=True)
    currency_id = fields.Many2one(related='company_id.currency_id')
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    days_after_due = fields.Integer(
        string='Days After Due Date', required=True,
        help="Days overdue of the customer's oldest overdue invoice from which this level "
             "applies. A negative number is a reminder before the due date.")
    min_overdue_amount = fields.Monetary(
        string='Minimum Overdue Amount', currency_field='currency_id',
        help="The level is not sent when the customer's overdue total is below this amount.")
    action = fields.Selection(DUNNING_ACTIONS, required=True, default='email')
    mail_template_id = fields.Many2one(
        'mail.template', string='Email Template',
        domain="[('model', '=', 'telco.dunning.action')]",
        help="Email sent to the customer and logged on the customer and on each invoice.")
    requires_approval = fields.Boolean(
        help="Actions of this level wait in 'To approve' until a collector approves them.")

    _sql_constraints = [
        ('policy_days_unique', 'unique (policy_id, days_after_due)',
         'A dunning policy cannot have two levels with the same days after the due date.'),
    ]

    def _to_rule(self):
        """Return the level as the Odoo-free DunningLevel, keyed by its database id."""
        self.ensure_one()
        amount = self.currency_id.round(self.min_overdue_amount or 0.0)
        return DunningLevel(
            sequence=self.sequence,
            days_after_due=self.days_after_due,
            min_overdue_cents=to_cents(amount),
            key=str(self.id),
        )
