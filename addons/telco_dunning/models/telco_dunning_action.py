import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from telcocollect.calendars import spanish_working_days_after
from telcocollect.dunning import earliest_suspension_date
from telcocollect.regions import community_of_province

from .telco_dunning_level import DUNNING_ACTIONS

_logger = logging.getLogger(__name__)

ACTION_STATES = [
    ('planned', 'Planned'),
    ('to_approve', 'To approve'),
    ('done', 'Done'),
    ('failed', 'Failed'),
]


class TelcoDunningAction(models.Model):
    """One dunning communication (or other step) for one customer on one day.

    The row is created before anything is sent, in the same transaction, and the unique
    (partner, date, company) constraint makes a repeated or resumed run skip the customer.
    """

    _name = 'telco.dunning.action'
    _description = 'Dunning Action'
    _order = 'action_date desc, id desc'
    _rec_name = 'partner_id'
    _check_company_auto = True

    run_id = fields.Many2one('telco.dunning.run', index=True, ondelete='set null', readonly=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True, readonly=True,
        default=lambda self: self.env.company)
    currency_id = fields.Many2one(related='company_id.currency_id')
    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True, readonly=True)
    level_id = fields.Many2one(
        'telco.dunning.level', string='Level', index=True, readonly=True, ondelete='restrict')
    policy_id = fields.Many2one(related='level_id.policy_id', store=True, string='Policy')
    action_date = fields.Date(string='Date', required=True, index=True, readonly=True)
    invoice_ids = fields.Many2many(
        'account.move', 'telco_dunning_action_invoice_rel', 'action_id', 'move_id',
        string='Invoices', readonly=True)
    amount_due = fields.Monetary(
        string='Overdue Amount', currency_field='currency_id', readonly=True,
        help="Sum of the residuals of the listed invoices on the action date, in company currency.")
    days_overdue = fields.Integer(
        readonly=True, help="Days overdue of the oldest listed invoice on the action date.")
    oldest_due_date = fields.Date(readonly=True)
    action = fields.Selection(DUNNING_ACTIONS, string='Action Type', required=True, readonly=True)
    state = fields.Selection(ACTION_STATES, required=True, default='planned', index=True)
    mail_message_id = fields.Many2one(
        'mail.message', string='Customer Message', readonly=True, ondelete='set null',
        help="Message posted on the customer and sent by email: the proof of what was sent.")
    suspension_date = fields.Date(
        string='Planned Suspension Date', readonly=True,
        help="First working day on which service may be suspended: at least 15 Spanish working "
             "days after the notice and more than one month after the oldest due date.")
    error_message = fields.Text(readonly=True)
    payment_iban = fields.Char(
        string='IBAN for Payment', compute='_compute_payment_iban',
        help="Company bank account the customer can pay into by bank transfer.")
    affected_services = fields.Char(
        compute='_compute_affected_services',
        help="Services billed on the listed invoices that a suspension would affect.")

    _sql_constraints = [
        ('partner_date_company_unique', 'unique (partner_id, action_date, company_id)',
         'A customer gets at most one dunning action per day and company.'),
    ]

    @api.depends('invoice_ids.partner_bank_id', 'company_id')
    def _compute_payment_iban(self):
        for action in self:
            bank = action.invoice_ids.partner_bank_id[:1] or action.company_id.partner_id.bank_ids[:1]
            action.payment_iban = bank.acc_number or False

    @api.depends('invoice_ids.invoice_line_ids.telco_service_category')
    @api.depends_context('lang')
    def _compute_affected_services(self):
        labels = dict(
            self.env['account.move.line']._fields['telco_service_category']._description_selection(
                self.env))
        for action in self:
            # NOTE: lists every telecom service billed on the overdue invoices. Restricting a
            # suspension to the unpaid non-voice services comes with the suspension workflow.
            lines = action.invoice_ids.invoice_line_ids.filtered(
                lambda line: line.telco_service_category
                and line.telco_service_category != 'non_telecom')
            services = sorted({
                (labels[line.telco_service_category], line.telco_service_identifier or '')
                for line in lines
            })
            action.affected_services = ', '.join(
                f'{label} {identifier}'.strip() for label, identifier in services) or False

    # ------------------------------------------------------------------
    # Execution: one method per action type, so that new channels add a method.
    # ------------------------------------------------------------------

    def _execute(self):
        """Send every planned action of ``self``; the caller handles savepoints and failures."""
        for action in self:
            if action.state not in ('planned', 'to_approve'):
                continue
            executor = getattr(action, f'_execute_{action.action}', None)
            if executor is None:
                raise UserError(_(
                    "Dunning action type %(action)s cannot be executed: no handler is installed "
                    "for it.", action=action.action))
            executor()
            action.state = 'done'

    def _execute_email(self):
        self._post_communication()

    def _execute_suspension_notice(self):
        self._post_communication()
        partner = self.partner_id.with_company(self.company_id)
        partner.telco_suspension_notice_date = self.action_date

    def _render_communication(self):
        """Render the level's template in the customer's language.

        Returns a dict with ``subject``, ``body_html`` and ``email_from``; raises UserError when
        the level has no template.
        """
        self.ensure_one()
        template = self.level_id.mail_template_id
        if not template:
            raise UserError(_(
                "Dunning level %(level)s has no email template. Choose one in the dunning "
                "policy %(policy)s.", level=self.level_id.display_name,
                policy=self.policy_id.display_name))
        fields_to_render = ('subject', 'body_html', 'email_from')
        return template.sudo()._generate_template(self.ids, fields_to_render)[self.id]

    def _post_communication(self):
        """Send the rendered mail to the customer and log it on the customer and each invoice.

        The email goes to the customer's invoice address contact, or to the customer itself.

        The email is queued (not sent at once), so it leaves only after the transaction that
        created this action commits.
        """
        self.ensure_one()
        rendered = self._render_communication()
        subject = rendered.get('subject') or ''
        body = rendered.get('body_html') or ''
        sender = {'email_from': rendered['email_from']} if rendered.get('email_from') else {}
        company_partner = self.company_id.partner_id
        if company_partner.email:
            sender['author_id'] = company_partner.id
        partner = self.partner_id.sudo()
        recipient = partner.browse(partner.address_get(['invoice'])['invoice'])
        message = partner.message_post(
            body=body,
            subject=subject,
            partner_ids=recipient.ids,
            message_type='comment',
            subtype_xmlid='mail.mt_comment',
            email_layout_xmlid='mail.mail_notification_light',
            force_send=False,
            **sender,
        )
        for invoice in self.invoice_ids.sudo():
            invoice.message_post(
                body=body,
                subject=subject,
                message_type='comment',
                subtype_xmlid='mail.mt_note',
                **sender,
            )
        self.mail_message_id = message

    # ------------------------------------------------------------------
    # Suspension date
    # ------------------------------------------------------------------

    @api.model
    def _compute_suspension_date(self, partner, notice_date, oldest_due_date):
        """Return the planned suspension date for a notice sent to ``partner`` on ``notice_date``.

        Holidays are those of Spain plus the region of the partner's province when the partner
        is in Spain; other partners get the national calendar only.
        """
        subdiv = None
        if partner.country_id.code == 'ES':
            subdiv = community_of_province(partner.state_id.code)

        def working_days_after(start, days):
            return spanish_working_days_after(start, days, subdiv)

        return earliest_suspension_date(notice_date, oldest_due_date, working_days_after)

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_approve(self):
        """Send actions waiting for approval."""
        pending = self.filtered(lambda a: a.state == 'to_approve')
        if not pending:
            raise UserError(_("Select dunning actions in the state 'To approve'."))
        pending._execute()
        return True

    def action_retry(self):
        """Send failed actions again; an error raised by a send rolls all of them back."""
        failed = self.filtered(lambda a: a.state == 'failed')
        if not failed:
            raise UserError(_("Select dunning actions in the state 'Failed'."))
        if not all(failed.level_id):
            raise UserError(_(
                "A failed dunning action without a level failed before a level was chosen and "
                "cannot be sent again. An administrator can delete it; the next dunning run "
                "then evaluates the customer again."))
        failed.write({'state': 'planned', 'error_message': False})
        failed._execute()
        return True
