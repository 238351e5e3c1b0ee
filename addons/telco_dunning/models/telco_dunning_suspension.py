"""Suspension, restoration and interruption as dunning level actions, and the payment hook."""

from odoo import _, api, fields, models

from telcocollect.dunning import earliest_suspension_date
from telcocollect.suspension import working_days_after

SUSPENSION_LEVEL_ACTIONS = [
    ('partial_suspension', 'Partial suspension (non-voice)'),
    ('full_suspension', 'Full suspension'),
    ('restoration', 'Restoration'),
    ('interruption', 'Definitive interruption'),
]
SUSPENSION_ACTION_TYPES = [key for key, _label in SUSPENSION_LEVEL_ACTIONS]


class TelcoDunningLevel(models.Model):
    _inherit = 'telco.dunning.level'

    action = fields.Selection(
        selection_add=SUSPENSION_LEVEL_ACTIONS,
        ondelete={key: 'set default' for key in SUSPENSION_ACTION_TYPES})


class TelcoDunningAction(models.Model):
    _inherit = 'telco.dunning.action'

    action = fields.Selection(
        selection_add=SUSPENSION_LEVEL_ACTIONS,
        ondelete={key: 'cascade' for key in SUSPENSION_ACTION_TYPES})
    state = fields.Selection(
        selection_add=[('blocked', 'Blocked')], ondelete={'blocked': 'set default'})
    suspension_ids = fields.Many2many(
        'telco.suspension', 'telco_dunning_action_suspension_rel', 'action_id', 'suspension_id',
        string='Suspensions', readonly=True)

    def _execute(self):
        # These actions end 'done' or 'blocked' on their own, so they skip the generic loop,
        # which would mark a blocked action as done. A blocked action does not count as sent,
        # so the next daily run checks the customer again until the measure is lawful.
        ours = self.filtered(lambda a: a.action in SUSPENSION_ACTION_TYPES
                             and a.state in ('planned', 'to_approve'))
        for action in ours:
            blocking = getattr(action, f'_execute_{action.action}')()
            action.write({
                'state': 'blocked' if blocking else 'done',
                'error_message': blocking or False,
            })
        return super(TelcoDunningAction, self - ours)._execute()

    # ------------------------------------------------------------------
    # Notice
    # ------------------------------------------------------------------

    @api.model
    def _compute_suspension_date(self, partner, notice_date, oldest_due_date):
        """Return the planned suspension date, counting the local holidays of the customer's town."""
        subdiv = self.env['telco.suspension']._subdivision_of(partner)
        local_holidays = self.env['telco.local.holiday']._dates_for_partner(partner)

        def days_after(start, days):
            return working_days_after(start, days, subdiv, local_holidays)

        return earliest_suspension_date(notice_date, oldest_due_date, days_after)

    def _execute_suspension_notice(self):
        super()._execute_suspension_notice()
        self._create_suspensions()

    def _create_suspensions(self):
        """Create one notified suspension per contract of the notified invoices."""
        self.ensure_one()
        suspension_model = self.env['telco.suspension'].sudo()
        open_suspensions = suspension_model.search([
            ('partner_id', '=', self.partner_id.id),
            ('company_id', '=', self.company_id.id),
            ('state', 'in', ('planned', 'notified')),
        ])
        # A new notice replaces the earlier ones that have not been executed.
        open_suspensions.write({'state': 'cancelled'})
        created = suspension_model
        for subscription, invoices in self.invoice_ids.grouped('telco_subscription_id').items():
            suspension = suspension_model.create({
                'company_id': self.company_id.id,
                'partner_id': self.partner_id.id,
                'subscription_id': subscription.id,
                'invoice_ids': [fields.Command.set(invoices.ids)],
                'notice_action_id': self.id,
                'state': 'planned',
            })
            suspension.write({
                'state': 'notified',
                'notice_date': self.action_date,
                'planned_date': self.suspension_date,
            })
            suspension._check_suspension(self.suspension_date)
            created |= suspension
        self.suspension_ids = created

    # ------------------------------------------------------------------
    # Execution
    # ------------------------------------------------------------------

    def _suspensions_in(self, states):
        return self.env['telco.suspension'].sudo().search([
            ('partner_id', '=', self.partner_id.id),
            ('company_id', '=', self.company_id.id),
            ('state', 'in', states),
        ])

    def _run_on_suspensions(self, states, method, *args):
        """Apply ``method`` to the customer's suspensions in ``states``; return the blocking text."""
        suspensions = self._suspensions_in(states)
        if not suspensions:
            return _("The customer has no suspension in a state that allows this action. "
                     "A suspension notice must be sent first.")
        self.suspension_ids = suspensions
        blocking = []
        for suspension in suspensions:
            error = getattr(suspension, method)(self.action_date, *args)
            if error:
                blocking.append(f"{suspension.name}: {error}")
        return '\n'.join(blocking) or False

    def _execute_partial_suspension(self):
        return self._run_on_suspensions(('notified',), '_execute_suspension', 'partial')

    def _execute_full_suspension(self):
        return self._run_on_suspensions(('notified',), '_execute_suspension', 'full')

    def _execute_interruption(self):
        return self._run_on_suspensions(('notified', 'executed'), '_execute_interruption')

    def _execute_restoration(self):
        suspensions = self._suspensions_in(('executed',))
        settled = suspensions.filtered(lambda s: s._is_debt_settled())
        if not settled:
            return _("No suspended service can be restored: the debt of every suspension of "
                     "the customer is still unpaid.")
        self.suspension_ids = settled
        settled._restore_after_payment(self.action_date)
        return False


class AccountMove(models.Model):
    _inherit = 'account.move'

    collection_deposit_amount = fields.Monetary(
        string='Deposited Disputed Amount', currency_field='currency_id', copy=False,
        tracking=True,
        help="Disputed amount the customer deposited with the operator or a court. Whether it "
             "blocks suspension is a company setting.")

    def _invoice_paid_hook(self):
        # Called by the reconciliation when an invoice becomes paid or in payment. In Community
        # every payment has a journal entry, so registering a payment always reconciles.
        # NOTE: with Odoo Enterprise a payment without journal entry marks the invoice
        # 'in_payment' without reconciling, so this hook does not run and the daily
        # 'restoration' level action is the fallback.
        result = super()._invoice_paid_hook()
        invoices = self.filtered(lambda move: move.move_type == 'out_invoice')
        if invoices:
            self.env['telco.suspension']._on_invoices_paid(invoices)
        return result


class ResCompany(models.Model):
    _inherit = 'res.company'

    telco_dunning_deposit_blocks_suspension = fields.Boolean(
        string='Deposited Disputed Amount Blocks Suspension', default=True)


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    telco_dunning_deposit_blocks_suspension = fields.Boolean(
        related='company_id.telco_dunning_deposit_blocks_suspension', readonly=False,
        help="When on, an invoice with a deposited disputed amount cannot lead to suspension or "
             "interruption. Since 28 December 2025 a complaint no longer prevents suspension, "
             "and whether a deposit still does is for your legal review.")
    telco_network_mode = fields.Selection(
        [('activity', 'Activity for the network team'),
         ('webhook', 'Webhook (JSON over HTTP)'),
         ('soap', 'SOAP web service')],
        string='Network Orders', default='activity',
        config_parameter='telco_dunning.network_mode',
        help="How suspension, restoration and interruption orders reach the network.")
    telco_network_url = fields.Char(
        string='Webhook URL', config_parameter='telco_dunning.network_url')
    telco_network_secret = fields.Char(
        string='Shared Secret', config_parameter='telco_dunning.network_secret',
        help="Sent in the X-Telco-Secret header of every webhook and SOAP request.")
    telco_network_wsdl = fields.Char(
        string='WSDL URL', config_parameter='telco_dunning.network_wsdl')
    telco_network_soap_suspend = fields.Char(
        string='Suspend Operation', config_parameter='telco_dunning.network_soap_suspend',
        default='SuspendService')
    telco_network_soap_restore = fields.Char(
        string='Restore Operation', config_parameter='telco_dunning.network_soap_restore',
        default='RestoreService')
    telco_network_soap_interrupt = fields.Char(
        string='Interrupt Operation', config_parameter='telco_dunning.network_soap_interrupt',
        default='InterruptService')
    telco_network_timeout = fields.Integer(
        string='Timeout (seconds)', config_parameter='telco_dunning.network_timeout', default=10,
        help="Seconds to wait for each webhook or SOAP call.")
    telco_network_retries = fields.Integer(
        string='Retries', config_parameter='telco_dunning.network_retries', default=2,
        help="Further attempts after a failed call. The wait doubles after each attempt.")
    telco_network_user_id = fields.Many2one(
        'res.users', string='Network Team User', config_parameter='telco_dunning.network_user_id',
        help="User who gets the to-do activities in the Activity mode.")
