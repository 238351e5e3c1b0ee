from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Action types added to DUNNING_ACTIONS by this file, on both telco.dunning.level and
# telco.dunning.action. Each has an _execute_<type> method on telco.dunning.action.
EXTRA_DUNNING_ACTIONS = [
    ('sms', 'SMS'),
    ('letter', 'Letter'),
    ('call', 'Phone call'),
    ('late_fee', 'Late payment fee'),
    ('credit_bureau', 'Credit bureau report'),
    ('agency', 'Handover to collection agency'),
    ('writeoff_proposal', 'Write-off proposal'),
]
# Action types that send something to the customer: only these may carry extra channels.
COMMUNICATION_ACTIONS = ('email', 'sms', 'letter', 'suspension_notice')


class TelcoDunningLevel(models.Model):
    _inherit = 'telco.dunning.level'

    action = fields.Selection(
        selection_add=EXTRA_DUNNING_ACTIONS,
        ondelete={key: 'set default' for key, _label in EXTRA_DUNNING_ACTIONS})
    extra_channel_ids = fields.Many2many(
        'telco.dunning.channel', 'telco_dunning_level_channel_rel', 'level_id', 'channel_id',
        string='Also Send By',
        help="Channels used on top of the main action for the same communication, e.g. an SMS "
             "with the email. The customer still gets one communication per day.")
    sms_template_id = fields.Many2one(
        'sms.template', string='SMS Template',
        domain="[('model', '=', 'telco.dunning.action')]",
        help="Text sent by SMS to the customer's mobile number.")
    is_payment_demand = fields.Boolean(
        string='Payment Demand',
        help="The communication is a formal payment demand. Debt can be reported to a credit "
             "bureau only after a payment demand with proof of content and delivery.")
    bureau_ids = fields.Many2many(
        'telco.credit.bureau', 'telco_dunning_level_bureau_rel', 'level_id', 'bureau_id',
        string='Credit Bureaus',
        help="For a payment demand: the credit bureaus it names, which sets the customer's "
             "credit bureau warning date. For a credit bureau action: the bureaus reported to.")
    activity_user_id = fields.Many2one(
        'res.users', string='Assign Call To',
        help="Collector who gets the call activity. When empty, the user who runs dunning.")
    agency_id = fields.Many2one(
        'telco.collection.agency', string='Collection Agency',
        help="Agency the debt is handed over to by a handover level.")

    @api.constrains('action', 'extra_channel_ids')
    def _check_extra_channels(self):
        for level in self:
            if level.extra_channel_ids and level.action not in COMMUNICATION_ACTIONS:
                raise ValidationError(_(
                    "Dunning level %(level)s: extra channels can only be added to a level that "
                    "sends a communication (email, SMS, letter or suspension notice).",
                    level=level.display_name))

    @api.constrains('action', 'is_payment_demand')
    def _check_payment_demand(self):
        for level in self:
            if level.is_payment_demand and level.action not in COMMUNICATION_ACTIONS:
                raise ValidationError(_(
                    "Dunning level %(level)s: only a level that sends a communication can be a "
                    "payment demand.", level=level.display_name))


class TelcoDunningPolicy(models.Model):
    _inherit = 'telco.dunning.policy'

    risk_level = fields.Selection(
        [('any', 'Any'), ('high', 'High risk')], string='Risk Level',
        required=True, default='any',
        help="A high-risk policy applies to every high-risk customer without a policy of its "
             "own, before the policies by customer type, and to no other customer.")
