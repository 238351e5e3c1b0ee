import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from .telco_dunning_level_actions import EXTRA_DUNNING_ACTIONS

DELIVERY_STATES = [
    ('unknown', 'No proof'),
    ('delivered', 'Delivered'),
]


class TelcoDunningAction(models.Model):
    """Extra action types (SMS, letter, call...) and extra channels of one communication.

    Rule: one action row is one communication. Its main channel comes from the level's action
    and its extra channels from the level's "Also send by". The same run sends all of them for
    the same invoices, so the customer gets one communication per day in several channels,
    never several communications.
    """

    _inherit = 'telco.dunning.action'

    action = fields.Selection(
        selection_add=EXTRA_DUNNING_ACTIONS,
        ondelete={key: 'cascade' for key, _label in EXTRA_DUNNING_ACTIONS})
    channel_ids = fields.Many2many(
        'telco.dunning.channel', 'telco_dunning_action_channel_rel', 'action_id', 'channel_id',
        string='Extra Channels', readonly=True,
        help="Channels used for this communication on top of the main action.")
    sms_ids = fields.Many2many(
        'sms.sms', 'telco_dunning_action_sms_rel', 'action_id', 'sms_id', string='SMS',
        readonly=True)
    letter_attachment_id = fields.Many2one(
        'ir.attachment', string='Letter', readonly=True, ondelete='set null',
        help="PDF letter generated for this action, also attached to the customer's chatter.")
    activity_id = fields.Many2one(
        'mail.activity', string='Call Activity', readonly=True, ondelete='set null')
    is_payment_demand = fields.Boolean(
        string='Payment Demand', readonly=True,
        help="The communication was a formal payment demand (copied from the level when sent).")
    delivery_state = fields.Selection(
        DELIVERY_STATES, string='Delivery', default='unknown', required=True,
        help="Set to Delivered when the carrier or certified email provider confirms delivery "
             "of this payment demand.")
    delivery_proof = fields.Binary(
        string='Proof of Delivery', attachment=True, copy=False,
        help="Certificate of content and delivery (e.g. burofax or certified email receipt).")
    delivery_proof_filename = fields.Char(copy=False)
    has_delivery_proof = fields.Boolean(
        compute='_compute_has_delivery_proof', store=True,
        help="Set when a proof of delivery is attached or the delivery is confirmed.")

    @api.depends('delivery_state', 'delivery_proof')
    def _compute_has_delivery_proof(self):
        for action in self:
            action.has_delivery_proof = bool(
                action.delivery_proof or action.delivery_state == 'delivered')

    # ------------------------------------------------------------------
    # Execution of the main action, then of the extra channels
    # ------------------------------------------------------------------

    def _execute(self):
        pending = self.filtered(lambda a: a.state in ('planned', 'to_approve'))
        result = super()._execute()
        for action in pending.filtered(lambda a: a.state == 'done'):
            action._send_extra_channels()
            if action.level_id.is_payment_demand:
                action._record_payment_demand()
        return result

    def _send_extra_channels(self):
        self.ensure_one()
        self.channel_ids = self.level_id.extra_channel_ids
        for channel in self.channel_ids:
            if channel.code == self.action:
                continue
            if channel.code == 'email':
                self._post_communication()
            elif channel.code == 'sms':
                self._send_sms()
            elif channel.code == 'letter':
                self._send_letter()

    def _record_payment_demand(self):
        """Mark the action as a payment demand and store when the bureaus were named."""
        self.is_payment_demand = True
        if self.level_id.bureau_ids:
            partner = self.partner_id.commercial_partner_id.sudo()
            if not partner.telco_bureau_warning_date:
                partner.telco_bureau_warning_date = self.action_date

    def _execute_sms(self):
        self._send_sms()

    def _execute_letter(self):
        self._send_letter()

    def _execute_call(self):
        self._schedule_call()

    # ------------------------------------------------------------------
    # Channels
    # ------------------------------------------------------------------

    def _send_sms(self):
        """Queue an SMS to the customer's mobile (or phone) and log it on the customer."""
        self.ensure_one()
        template = self.level_id.sms_template_id
        if not template:
            raise UserError(_(
                "Dunning level %(level)s has no SMS template. Choose one in the dunning policy "
                "%(policy)s.", level=self.level_id.display_name,
                policy=self.policy_id.display_name))
        partner = self.partner_id.sudo()
        if not (partner.mobile or partner.phone):
            raise UserError(_(
                "Customer %(partner)s has no mobile or phone number: the dunning SMS cannot be "
                "sent. Add a number to the customer.", partner=partner.display_name))
        lang = partner.lang or self.env.lang
        body = template.sudo().with_context(lang=lang)._render_field('body', self.ids)[self.id]
        # Queued, not sent: Odoo's SMS scheduler sends it after this transaction commits, so a
        # run that rolls back never leaves an SMS behind.
        messages = partner._message_sms(body, partner_ids=partner.ids, put_in_queue=True)
        self.sms_ids = self.env['sms.sms'].sudo().search([('mail_message_id', 'in', messages.ids)])

    def _send_letter(self):
        """Render the dunning letter as PDF, store it on the action and post it on the customer."""
        self.ensure_one()
        partner = self.partner_id.sudo()
        report = self.env.ref('telco_dunning.action_report_dunning_letter').sudo()
        pdf, _report_type = report.with_context(lang=partner.lang or self.env.lang)._render_qweb_pdf(
            report.report_name, res_ids=self.ids)
        filename = _("Dunning letter %(customer)s %(date)s.pdf", customer=partner.name,
                     date=fields.Date.to_string(self.action_date))
        attachment = self.env['ir.attachment'].sudo().create({
            'name': filename,
            'datas': base64.b64encode(pdf),
            'res_model': self._name,
            'res_id': self.id,
            'mimetype': 'application/pdf',
        })
        self.letter_attachment_id = attachment
        partner.message_post(
            body=_("Dunning letter generated for posting: %(level)s.",
                   level=self.level_id.display_name),
            attachment_ids=[attachment.copy({
                'res_model': 'res.partner', 'res_id': partner.id}).id],
            message_type='comment',
            subtype_xmlid='mail.mt_note',
        )

    def _schedule_call(self):
        """Create a "Call the customer" activity with the debt summary for the collections team."""
        self.ensure_one()
        user = self.level_id.activity_user_id or self.run_id.user_id or self.env.user
        lines = [
            self.env._("%(invoice)s, due %(due)s: %(amount)s", invoice=invoice.name,
              due=fields.Date.to_string(invoice.invoice_date_due),
              amount=self._format_money(invoice.amount_residual, invoice.currency_id))
            for invoice in self.invoice_ids
        ]
        note = _("Overdue amount %(amount)s, %(days)s days overdue. Invoices: %(lines)s",
                 amount=self._format_money(self.amount_due, self.currency_id),
                 days=self.days_overdue, lines='; '.join(lines))
        self.activity_id = self.partner_id.sudo().activity_schedule(
            'mail.mail_activity_data_call',
            date_deadline=self.action_date,
            summary=_("Call the customer"),
            note=note,
            user_id=user.id,
        )

    def _format_money(self, amount, currency):
        return format_amount(self.env, amount, currency)

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_confirm_delivery(self):
        """Record that the carrier confirmed delivery of this payment demand."""
        self.write({'delivery_state': 'delivered'})
        return True
