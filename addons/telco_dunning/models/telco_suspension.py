import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_repr

from telcocollect import suspension as rules
from telcocollect.money import to_cents
from telcocollect.regions import community_of_province

from .telco_network import NetworkOrderError

_logger = logging.getLogger(__name__)

SUSPENSION_STATES = [
    ('planned', 'Planned'),
    ('notified', 'Notified'),
    ('executed', 'Suspended'),
    ('restored', 'Restored'),
    ('interrupted', 'Interrupted'),
    ('cancelled', 'Cancelled'),
]
SUSPENSION_SCOPES = [
    ('partial', 'Partial (non-voice services)'),
    ('full', 'Full'),
]
# Invoices in these payment states no longer hold a debt that can keep a service suspended.
SETTLED_PAYMENT_STATES = ('paid', 'in_payment', 'reversed')


class TelcoLocalHoliday(models.Model):
    """Local public holiday of a town, which is not a working day for its customers."""

    _name = 'telco.local.holiday'
    _description = 'Local Public Holiday'
    _order = 'date desc, id'

    name = fields.Char(required=True, translate=True)
    date = fields.Date(required=True, index=True)
    country_id = fields.Many2one(
        'res.country', required=True, default=lambda self: self.env.ref('base.es'))
    state_id = fields.Many2one(
        'res.country.state', string='Province', required=True,
        domain="[('country_id', '=', country_id)]")
    city = fields.Char(
        string='Town', required=True,
        help="Town as written in the customer's address; compared without regard to case.")

    @api.model
    def _dates_for_partner(self, partner):
        """Return the local holidays of ``partner``'s town as a frozenset of dates."""
        if not partner.state_id or not partner.city:
            return frozenset()
        holidays = self.sudo().search([('state_id', '=', partner.state_id.id)])
        town = partner.city.strip().casefold()
        return frozenset(h.date for h in holidays if h.city.strip().casefold() == town)


class TelcoSuspension(models.Model):
    """Temporary suspension, and possibly definitive interruption, of one subscription's services.

    Created in 'Notified' when the suspension notice is sent, executed by a dunning level once
    every legal check passes, and restored when the debt it concerns is paid.
    """

    _name = 'telco.suspension'
    _description = 'Service Suspension'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'id desc'
    _check_company_auto = True

    name = fields.Char(
        string='Reference', required=True, readonly=True, copy=False, default=lambda self: _('New'))
    company_id = fields.Many2one(
        'res.company', required=True, index=True, readonly=True,
        default=lambda self: self.env.company)
    currency_id = fields.Many2one(related='company_id.currency_id')
    partner_id = fields.Many2one(
        'res.partner', string='Customer', required=True, index=True, readonly=True)
    subscription_id = fields.Many2one(
        'telco.subscription', string='Contract', index=True, readonly=True, check_company=True)
    line_ids = fields.Many2many(
        'telco.subscription.line', 'telco_suspension_line_rel', 'suspension_id', 'line_id',
        string='Services', readonly=True,
        help="Services suspended, or to be suspended: with a partial suspension only the "
             "non-voice services whose charges are unpaid.")
    service_summary = fields.Char(string='Affected Services', compute='_compute_service_summary')
    invoice_ids = fields.Many2many(
        'account.move', 'telco_suspension_invoice_rel', 'suspension_id', 'move_id',
        string='Invoices', readonly=True, help="Unpaid invoices that the notice demanded.")
    amount_due = fields.Monetary(compute='_compute_amount_due', currency_field='currency_id')
    notice_action_id = fields.Many2one(
        'telco.dunning.action', string='Notice', readonly=True, ondelete='restrict',
        help="Dunning action that sent the notice: its message is the proof of content.")
    notice_date = fields.Date(readonly=True, tracking=True)
    planned_date = fields.Date(
        string='Suspension Date Stated', readonly=True, tracking=True,
        help="Suspension date stated in the notice. Service is never suspended before it.")
    executed_date = fields.Date(string='Suspended On', readonly=True, tracking=True)
    restoration_due = fields.Date(
        readonly=True, tracking=True,
        help="Service must be restored by the end of this day: the next working day after the "
             "payment became known.")
    restored_date = fields.Date(string='Restored On', readonly=True, tracking=True)
    interrupted_date = fields.Date(string='Interrupted On', readonly=True, tracking=True)
    state = fields.Selection(
        SUSPENSION_STATES, required=True, default='planned', index=True, readonly=True,
        tracking=True)
    scope = fields.Selection(SUSPENSION_SCOPES, readonly=True, tracking=True)
    keeps_incoming_and_emergency = fields.Boolean(
        string='Keeps Incoming and Emergency Calls', default=True, readonly=True,
        help="Incoming calls (except reverse-charge) and emergency calls stay available. The "
             "law requires it, so it is always set and is stated in the notice and in the order "
             "to the network.")
    legal_check = fields.Text(
        string='Legal Check Results', readonly=True,
        help="Outcome of the last legal check: the bills that support the measure, those left "
             "out and what blocked it.")
    network_call_ids = fields.One2many(
        'telco.network.call.log', 'suspension_id', string='Network Orders', readonly=True)

    @api.constrains('keeps_incoming_and_emergency')
    def _check_keeps_incoming_and_emergency(self):
        if not all(self.mapped('keeps_incoming_and_emergency')):
            raise ValidationError(_(
                "Incoming calls (except reverse-charge) and emergency calls must stay available "
                "during a suspension."))

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env['ir.sequence']
        for vals in vals_list:
            if vals.get('name', _('New')) == _('New'):
                vals['name'] = sequence.next_by_code('telco.suspension') or _('New')
        return super().create(vals_list)

    @api.depends('line_ids.service_identifier', 'line_ids.service_category')
    @api.depends_context('lang')
    def _compute_service_summary(self):
        labels = dict(self.env['telco.subscription.line']._fields['service_category']
                      ._description_selection(self.env))
        for suspension in self:
            suspension.service_summary = ', '.join(
                f"{labels.get(line.service_category, '')} {line.service_identifier or ''}".strip()
                for line in suspension.line_ids) or False

    @api.depends('invoice_ids.amount_residual_signed')
    def _compute_amount_due(self):
        for suspension in self:
            suspension.amount_due = sum(suspension.invoice_ids.mapped('amount_residual_signed'))

    # ------------------------------------------------------------------
    # Calendar of the customer
    # ------------------------------------------------------------------

    @api.model
    def _subdivision_of(self, partner):
        """Return the ISO 3166-2:ES community of ``partner``'s province, or None outside Spain."""
        if partner.country_id.code != 'ES':
            return None
        return community_of_province(partner.state_id.code)

    def _calendar(self):
        self.ensure_one()
        partner = self.partner_id
        return (self._subdivision_of(partner),
                self.env['telco.local.holiday']._dates_for_partner(partner))

    # ------------------------------------------------------------------
    # Legal checks
    # ------------------------------------------------------------------

    @api.model
    def _cents(self, amount, currency):
        return to_cents(float_repr(currency.round(amount), currency.decimal_places))

    @api.model
    def _bills_of(self, invoices):
        """Return ``invoices`` as the bills of the Odoo-free rules, amounts in company currency."""
        bills = []
        for invoice in invoices:
            currency = invoice.currency_id
            charges = tuple(
                rules.Charge(line.telco_service_category or None,
                             self._cents(line.price_total, currency))
                for line in invoice.invoice_line_ids.filtered(lambda l: l.display_type == 'product')
            )
            bills.append(rules.Bill(
                reference=invoice.name,
                due_date=invoice.invoice_date_due,
                total_cents=self._cents(invoice.amount_total, currency),
                residual_cents=self._cents(invoice.amount_residual, currency),
                charges=charges,
                deposit_cents=self._cents(invoice.collection_deposit_amount, currency),
            ))
        return bills

    def _deposit_blocks(self):
        return self.company_id.telco_dunning_deposit_blocks_suspension

    def _check_suspension(self, on_date):
        """Run the suspension checks for ``on_date`` and store their outcome in ``legal_check``."""
        self.ensure_one()
        subdiv, local_holidays = self._calendar()
        result = rules.suspension_eligibility(
            self._bills_of(self.invoice_ids), on_date, self.notice_date, self.planned_date,
            subdiv, local_holidays, deposit_blocks=self._deposit_blocks())
        self.legal_check = self._describe_check(result, on_date)
        return result

    def _earlier_suspension_count(self):
        self.ensure_one()
        return self.search_count([
            ('partner_id', '=', self.partner_id.id),
            ('company_id', '=', self.company_id.id),
            ('executed_date', '!=', False),
        ])

    def _check_interruption(self, on_date):
        self.ensure_one()
        subdiv, local_holidays = self._calendar()
        result = rules.interruption_eligibility(
            self._bills_of(self.invoice_ids), on_date, self.notice_date, self.planned_date,
            self._earlier_suspension_count(), subdiv, local_holidays,
            deposit_blocks=self._deposit_blocks())
        self.legal_check = self._describe_check(result, on_date)
        return result

    @api.model
    def _reason_text(self, reason):
        texts = {
            rules.REASON_NOTHING_UNPAID: _("nothing is unpaid"),
            rules.REASON_NO_BREAKDOWN: _(
                "the invoice does not break its charges down by service, so its non-payment "
                "cannot lead to suspension"),
            rules.REASON_TELECOM_PART_PAID: _(
                "the telecom charges of this invoice are paid, only non-telecom charges are "
                "unpaid"),
            rules.REASON_DEPOSIT: _("the disputed amount was deposited"),
            rules.REASON_NOT_OVERDUE_ENOUGH: _(
                "no unpaid invoice is more than %(months)s month(s) overdue", months=reason.value),
            rules.REASON_NO_NOTICE: _("no suspension notice was sent"),
            rules.REASON_NOTICE_WITHOUT_DATE: _("the notice does not state the suspension date"),
            rules.REASON_NOTICE_TOO_LATE: _(
                "the notice was sent only %(days)s working days before, 15 are required",
                days=reason.value),
            rules.REASON_BEFORE_STATED_DATE: _(
                "the date is before the date stated in the notice (%(date)s)", date=reason.value),
            rules.REASON_NON_WORKING_DAY: _(
                "%(date)s is not a working day for the customer", date=reason.value),
        }
        text = texts.get(reason.code, reason.code)
        if reason.reference:
            return _("%(invoice)s: %(reason)s", invoice=reason.reference, reason=text)
        return text

    def _describe_check(self, result, on_date):
        lines = [_("Legal check on %(date)s:", date=fields.Date.to_string(on_date))]
        if result.allowed:
            scope = dict(SUSPENSION_SCOPES)[result.scope]
            lines.append(_("Allowed, scope: %(scope)s. Supported by: %(invoices)s.",
                           scope=scope, invoices=', '.join(result.basis)))
        else:
            lines.append(_("Not allowed."))
        lines.extend(f"- {self._reason_text(reason)}" for reason in result.reasons)
        return '\n'.join(lines)

    # ------------------------------------------------------------------
    # Network orders
    # ------------------------------------------------------------------

    def _lines_in_scope(self, scope, categories):
        """Return the contract's services that a suspension of ``scope`` affects."""
        self.ensure_one()
        lines = self.subscription_id.line_ids.filtered(
            lambda line: line.service_category in rules.TELECOM_CATEGORIES)
        if scope == rules.SCOPE_PARTIAL:
            lines = lines.filtered(lambda line: line.service_category in categories)
        return lines

    def _network_payload(self, operation):
        self.ensure_one()
        return {
            'operation': operation,
            'order_id': f"{self.name}-{operation}",
            'customer': self.partner_id.ref or str(self.partner_id.id),
            'contract': self.subscription_id.name or None,
            'scope': self.scope or 'full',
            'services': [
                {'identifier': line.service_identifier or '', 'category': line.service_category}
                for line in self.line_ids
            ],
            'keeps_incoming_and_emergency': self.keeps_incoming_and_emergency,
            'effective_date': fields.Date.to_string(self._network_deadline(operation)),
        }

    def _network_deadline(self, operation):
        if operation == 'restore':
            return self.restoration_due or fields.Date.context_today(self)
        return fields.Date.context_today(self)

    def _network_instructions(self, operation):
        instructions = {
            'suspend': _("Suspend the listed services. Keep incoming calls (except reverse-charge) "
                         "and emergency calls available."),
            'restore': _("Restore the listed services by the end of the due date."),
            'interrupt': _("Definitively interrupt the listed services."),
        }
        return instructions[operation]

    def _send_network_order(self, operation):
        """Send ``operation`` to the network; return the error text, or False when confirmed."""
        self.ensure_one()
        try:
            self.env['telco.network.adapter'].send_order(self, operation)
        except NetworkOrderError as error:
            self._message_log(body=str(error))
            return str(error)
        return False

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def _execute_suspension(self, on_date, requested_scope):
        """Suspend on ``on_date`` when the checks pass; return the blocking text or False.

        ``requested_scope`` 'partial' suspends only the unpaid non-voice services even where a
        full suspension is allowed. A 'full' request is narrowed to 'partial' when only non-voice
        charges are unpaid, because the law allows no more.
        """
        self.ensure_one()
        result = self._check_suspension(on_date)
        if not result.allowed:
            return self.legal_check
        scope = rules.SCOPE_PARTIAL if rules.SCOPE_PARTIAL in (requested_scope, result.scope) \
            else rules.SCOPE_FULL
        categories = result.unpaid_categories & frozenset(rules.NON_VOICE_CATEGORIES) \
            if scope == rules.SCOPE_PARTIAL else result.unpaid_categories
        if not categories:
            # A partial suspension was requested, but only voice charges are unpaid.
            self.legal_check += '\n' + _("No non-voice charge is unpaid: a partial suspension "
                                         "has no service to suspend.")
            return self.legal_check
        self.write({'scope': scope, 'line_ids': [fields.Command.set(
            self._lines_in_scope(scope, categories).ids)]})
        error = self._send_network_order('suspend')
        if error:
            return error
        self.write({'state': 'executed', 'executed_date': on_date})
        return False

    def _execute_interruption(self, on_date):
        self.ensure_one()
        # NOTE: the interruption relies on the suspension notice (its date and the date it
        # stated). No separate interruption notice exists yet, so that notice must also warn
        # of the definitive interruption.
        result = self._check_interruption(on_date)
        if not result.allowed:
            return self.legal_check
        self.write({
            'scope': result.scope,
            'line_ids': [fields.Command.set(
                self._lines_in_scope(result.scope, result.unpaid_categories).ids)],
        })
        error = self._send_network_order('interrupt')
        if error:
            return error
        self.write({'state': 'interrupted', 'interrupted_date': on_date})
        return False

    def _is_debt_settled(self):
        self.ensure_one()
        return all(invoice.payment_state in SETTLED_PAYMENT_STATES for invoice in self.invoice_ids)

    def _restore_after_payment(self, paid_on):
        """Set the restoration deadline from ``paid_on`` and send the restore order at once.

        Planned or notified suspensions whose debt is paid are cancelled instead.
        """
        for suspension in self:
            if suspension.state in ('planned', 'notified'):
                suspension.state = 'cancelled'
                suspension._message_log(
                    body=_("The debt was paid before the suspension: cancelled."),
                )
                continue
            if suspension.state != 'executed':
                continue
            subdiv, local_holidays = suspension._calendar()
            suspension.restoration_due = rules.restoration_due_date(paid_on, subdiv, local_holidays)
            error = suspension._send_network_order('restore')
            if error:
                suspension.activity_schedule(
                    'mail.mail_activity_data_todo',
                    date_deadline=suspension.restoration_due,
                    summary=_("Restore service: the network order failed"),
                    note=error,
                )
                continue
            suspension.write({'state': 'restored', 'restored_date': paid_on})

    @api.model
    def _on_invoices_paid(self, invoices):
        """Restore the suspensions whose whole debt ``invoices`` just settled.

        Runs inside the payment's transaction, so a webhook or SOAP restore order leaves before
        the payment commits. A restore order for a payment later rolled back is harmless.
        """
        suspensions = self.sudo().search([
            ('invoice_ids', 'in', invoices.ids),
            ('state', 'in', ('planned', 'notified', 'executed')),
        ])
        settled = suspensions.filtered(lambda s: s._is_debt_settled())
        for company, group in settled.grouped('company_id').items():
            group.with_company(company)._restore_after_payment(
                fields.Date.context_today(group.with_company(company)))

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------

    def action_restore(self):
        """Restore suspended services now, for example after a payment plan was agreed."""
        suspended = self.filtered(lambda s: s.state == 'executed')
        if not suspended:
            raise UserError(_("Select suspensions in the state 'Suspended'."))
        suspended._restore_after_payment(fields.Date.context_today(self))
        return True

    def action_cancel(self):
        pending = self.filtered(lambda s: s.state in ('planned', 'notified'))
        if not pending:
            raise UserError(_("Only planned or notified suspensions can be cancelled."))
        pending.state = 'cancelled'
        return True
