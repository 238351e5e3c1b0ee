from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .selections import COLLECTION_PAYMENT_METHODS

MAX_BILLING_DAY = 28


class TelcoSubscription(models.Model):
    _name = 'telco.subscription'
    _description = 'Telecom subscription'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'name desc, id desc'
    _check_company_auto = True

    name = fields.Char(
        string='Contract reference',
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: _('New'),
        tracking=True,
    )
    partner_id = fields.Many2one(
        'res.partner',
        string='Customer',
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        'res.company',
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        'res.currency',
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    line_ids = fields.One2many('telco.subscription.line', 'subscription_id', string='Services', copy=True)
    billing_day = fields.Integer(
        string='Billing day',
        required=True,
        default=1,
        tracking=True,
        help="Day of the month (1 to 28) on which the subscription is invoiced.",
    )
    next_invoice_date = fields.Date(
        string='Next invoice date',
        index=True,
        tracking=True,
        help="Date of the next billing cycle. The billing run invoices the subscription on or after this date.",
    )
    collection_payment_method = fields.Selection(
        COLLECTION_PAYMENT_METHODS,
        string='Payment method',
        compute='_compute_collection_payment_method',
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    state = fields.Selection(
        [('draft', 'Draft'), ('active', 'Active'), ('closed', 'Closed')],
        required=True,
        default='draft',
        index=True,
        tracking=True,
        copy=False,
    )
    journal_id = fields.Many2one(
        'account.journal',
        string='Sales journal',
        check_company=True,
        domain="[('type', '=', 'sale')]",
        help="Journal of the invoices. Empty: the company's first sales journal.",
    )
    invoice_ids = fields.One2many('account.move', 'telco_subscription_id', string='Invoices', readonly=True)
    invoice_count = fields.Integer(compute='_compute_invoice_count', string='Invoice count')
    amount_untaxed = fields.Monetary(compute='_compute_amount_untaxed', string='Monthly amount (untaxed)')

    _sql_constraints = [
        ('billing_day_range', 'CHECK(billing_day BETWEEN 1 AND 28)', 'The billing day must be between 1 and 28.'),
    ]

    @api.depends('partner_id')
    def _compute_collection_payment_method(self):
        for subscription in self:
            if subscription.partner_id:
                subscription.collection_payment_method = (
                    subscription.partner_id.commercial_partner_id.collection_payment_method
                )
            elif not subscription.collection_payment_method:
                subscription.collection_payment_method = 'direct_debit'

    @api.depends('invoice_ids')
    def _compute_invoice_count(self):
        counts = dict(self.env['account.move']._read_group(
            [('telco_subscription_id', 'in', self.ids)],
            ['telco_subscription_id'],
            ['__count'],
        ))
        for subscription in self:
            subscription.invoice_count = counts.get(subscription, 0)

    @api.depends('line_ids.price_subtotal')
    def _compute_amount_untaxed(self):
        for subscription in self:
            subscription.amount_untaxed = sum(subscription.line_ids.mapped('price_subtotal'))

    @api.constrains('billing_day')
    def _check_billing_day(self):
        for subscription in self:
            if not 1 <= subscription.billing_day <= MAX_BILLING_DAY:
                raise ValidationError(_(
                    "Subscription %(name)s: the billing day must be between 1 and 28, not %(day)s.",
                    name=subscription.name,
                    day=subscription.billing_day,
                ))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get('name', _('New')) == _('New'):
                company = self.env['res.company'].browse(vals.get('company_id')) or self.env.company
                vals['name'] = self.env['ir.sequence'].with_company(company).next_by_code('telco.subscription') or _('New')
        return super().create(vals_list)

    @api.model
    def _next_cycle_date(self, cycle_date, billing_day):
        """Return the billing date one month after ``cycle_date``, on ``billing_day`` (at most 28)."""
        return cycle_date + relativedelta(months=1, day=min(billing_day, MAX_BILLING_DAY))

    def action_activate(self):
        for subscription in self:
            if not subscription.line_ids:
                raise UserError(_(
                    "Subscription %(name)s has no service lines. Add at least one line before activating it.",
                    name=subscription.name,
                ))
            values = {'state': 'active'}
            if not subscription.next_invoice_date:
                today = fields.Date.context_today(subscription)
                first_date = today + relativedelta(day=subscription.billing_day)
                if first_date < today:
                    first_date = self._next_cycle_date(first_date, subscription.billing_day)
                values['next_invoice_date'] = first_date
            subscription.write(values)

    def action_close(self):
        self.write({'state': 'closed'})

    def action_set_draft(self):
        self.write({'state': 'draft'})

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id('account.action_move_out_invoice_type')
        action['domain'] = [('telco_subscription_id', '=', self.id)]
        action['context'] = {'default_move_type': 'out_invoice', 'create': False}
        return action

    def _get_billing_journal(self):
        self.ensure_one()
        if self.journal_id:
            return self.journal_id
        return self.env['account.journal'].search([
            *self.env['account.journal']._check_company_domain(self.company_id),
            ('type', '=', 'sale'),
        ], limit=1)

    def _prepare_invoice_values(self, billing_date, period):
        """Build the values of the customer invoice of this subscription for the cycle ``period``.

        The due date comes from the customer's payment term when it has one, otherwise it is the
        invoice date plus the company's "days from invoice to due date".
        """
        self.ensure_one()
        journal = self._get_billing_journal()
        if not journal:
            raise UserError(_(
                "Company %(company)s has no sales journal. Create one or set a journal on subscription %(name)s.",
                company=self.company_id.name,
                name=self.name,
            ))
        partner = self.partner_id
        payment_term = partner.with_company(self.company_id).property_payment_term_id
        fiscal_position = self.env['account.fiscal.position'].with_company(self.company_id)._get_fiscal_position(partner)
        values = {
            'move_type': 'out_invoice',
            'partner_id': partner.id,
            'company_id': self.company_id.id,
            'journal_id': journal.id,
            'currency_id': self.currency_id.id,
            'invoice_date': billing_date,
            'invoice_origin': self.name,
            'telco_subscription_id': self.id,
            'telco_billing_period': period,
            'fiscal_position_id': fiscal_position.id,
            'collection_payment_method': self.collection_payment_method,
            'invoice_line_ids': [
                fields.Command.create(line._prepare_invoice_line_values(fiscal_position))
                for line in self.line_ids
            ],
        }
        if payment_term:
            values['invoice_payment_term_id'] = payment_term.id
        else:
            values['invoice_payment_term_id'] = False
            values['invoice_date_due'] = billing_date + relativedelta(days=self.company_id.telco_invoice_due_days)
        return values
