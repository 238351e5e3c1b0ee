from odoo import api, fields, models

from .selections import COLLECTION_PAYMENT_METHODS

OPEN_PAYMENT_STATES = ('not_paid', 'partial')


class ResPartner(models.Model):
    _inherit = 'res.partner'

    telco_customer_type = fields.Selection(
        [('residential', 'Residential'), ('business', 'Business')],
        string='Customer type',
        default='residential',
        help="Residential customers are consumers: late-payment interest and fixed compensation "
             "of the late payment law apply only to business customers.",
    )
    collection_payment_method = fields.Selection(
        COLLECTION_PAYMENT_METHODS,
        string='Payment method',
        default='direct_debit',
        help="How the customer pays: copied to new subscriptions and invoices.",
    )
    telco_subscription_ids = fields.One2many('telco.subscription', 'partner_id', string='Subscriptions')
    telco_subscription_count = fields.Integer(compute='_compute_telco_subscription_count', string='Subscription count')
    telco_currency_id = fields.Many2one('res.currency', compute='_compute_telco_debt', string='Debt currency')
    telco_overdue_amount = fields.Monetary(
        string='Overdue amount',
        compute='_compute_telco_debt',
        currency_field='telco_currency_id',
        help="Unpaid amount of posted customer invoices past their due date, in the company currency.",
    )
    telco_open_amount = fields.Monetary(
        string='Open debt',
        compute='_compute_telco_debt',
        currency_field='telco_currency_id',
        help="Unpaid amount of all posted customer invoices, due or not, in the company currency.",
    )
    telco_has_open_debt = fields.Boolean(
        string='Has open debt',
        compute='_compute_telco_debt',
        search='_search_telco_has_open_debt',
    )
    telco_open_invoice_ids = fields.Many2many(
        'account.move',
        string='Open invoices',
        compute='_compute_telco_debt',
    )
    telco_last_return_reason_code = fields.Char(string='Last return reason', compute='_compute_telco_debt')
    telco_last_return_date = fields.Date(string='Last return date', compute='_compute_telco_debt')

    @api.model
    def _telco_open_invoice_domain(self):
        return [
            ('state', '=', 'posted'),
            ('move_type', 'in', ('out_invoice', 'out_refund', 'out_receipt')),
            ('payment_state', 'in', OPEN_PAYMENT_STATES),
            ('company_id', 'in', self.env.companies.ids),
        ]

    def _compute_telco_subscription_count(self):
        counts = dict(self.env['telco.subscription']._read_group(
            [('partner_id', 'child_of', self.commercial_partner_id.ids)],
            ['partner_id'],
            ['__count'],
        ))
        for partner in self:
            partner.telco_subscription_count = sum(
                count for sub_partner, count in counts.items()
                if sub_partner.commercial_partner_id == partner.commercial_partner_id
            )

    @api.depends_context('company', 'allowed_company_ids')
    def _compute_telco_debt(self):
        today = fields.Date.context_today(self)
        # NOTE: residuals are summed in company currency, so with several allowed companies of
        # different currencies the total is only meaningful per company.
        currency = self.env.company.currency_id
        commercial_partners = self.commercial_partner_id
        invoices = self.env['account.move'].search([
            *self._telco_open_invoice_domain(),
            ('commercial_partner_id', 'in', commercial_partners.ids),
        ], order='invoice_date_due, id')
        returned = self.env['account.move'].search([
            ('commercial_partner_id', 'in', commercial_partners.ids),
            ('company_id', 'in', self.env.companies.ids),
            ('last_return_date', '!=', False),
        ], order='last_return_date desc, id desc')
        for partner in self:
            partner_invoices = invoices.filtered(
                lambda move, commercial=partner.commercial_partner_id: move.commercial_partner_id == commercial
            )
            overdue = partner_invoices.filtered(lambda move: move.invoice_date_due and move.invoice_date_due < today)
            last_returned = returned.filtered(
                lambda move, commercial=partner.commercial_partner_id: move.commercial_partner_id == commercial
            )[:1]
            partner.telco_currency_id = currency
            partner.telco_open_invoice_ids = partner_invoices
            partner.telco_open_amount = currency.round(sum(partner_invoices.mapped('amount_residual_signed')))
            partner.telco_overdue_amount = currency.round(sum(overdue.mapped('amount_residual_signed')))
            partner.telco_has_open_debt = partner.telco_open_amount > 0
            partner.telco_last_return_reason_code = last_returned.last_return_reason_code
            partner.telco_last_return_date = last_returned.last_return_date

    def _search_telco_has_open_debt(self, operator, value):
        if operator not in ('=', '!='):
            return NotImplemented
        groups = self.env['account.move']._read_group(
            self._telco_open_invoice_domain(),
            ['commercial_partner_id'],
            ['amount_residual_signed:sum'],
        )
        partner_ids = [partner.id for partner, amount in groups if amount > 0]
        positive = (operator == '=') == bool(value)
        return [('id', 'in' if positive else 'not in', partner_ids)]

    def action_view_telco_subscriptions(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id('telco_collections.telco_subscription_action')
        action['domain'] = [('partner_id', 'child_of', self.commercial_partner_id.id)]
        action['context'] = {'default_partner_id': self.commercial_partner_id.id}
        return action
