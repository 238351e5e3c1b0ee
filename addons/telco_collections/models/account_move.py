from odoo import _, api, fields, models
from odoo.osv import expression

from .selections import COLLECTION_PAYMENT_METHODS, COLLECTION_STATES

PAID_PAYMENT_STATES = ('paid', 'reversed')


def _negate(domain):
    return ['!', *expression.normalize_domain(domain)]


class AccountMove(models.Model):
    _inherit = 'account.move'

    telco_subscription_id = fields.Many2one(
        'telco.subscription',
        string='Subscription',
        index='btree_not_null',
        readonly=True,
        copy=False,
        check_company=True,
    )
    telco_billing_period = fields.Date(
        string='Billing period',
        readonly=True,
        copy=False,
        help="Billing date of the cycle this invoice bills: the subscription's next invoice date when "
             "it was billed. A subscription gets at most one non-cancelled invoice per billing period.",
    )
    telco_billing_run_id = fields.Many2one(
        'telco.billing.run',
        string='Billing run',
        index='btree_not_null',
        readonly=True,
        copy=False,
    )
    collection_payment_method = fields.Selection(
        COLLECTION_PAYMENT_METHODS,
        string='Collection method',
        compute='_compute_collection_payment_method',
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    last_return_reason_code = fields.Char(
        string='Last return reason',
        readonly=True,
        copy=False,
        tracking=True,
        help="Reason code (ISO 20022, e.g. AM04 insufficient funds) of the last returned or rejected direct debit.",
    )
    last_return_date = fields.Date(string='Last return date', readonly=True, copy=False, tracking=True)
    collection_dispute = fields.Boolean(
        string='Disputed',
        copy=False,
        tracking=True,
        help="The customer disputes this invoice. A disputed invoice is left out of remittances and dunning.",
    )
    collection_in_plan = fields.Boolean(
        string='In a payment plan',
        copy=False,
        tracking=True,
        help="The debt of this invoice is being paid in instalments under a payment plan. It is left "
             "out of remittances and dunning while the plan is kept.",
    )
    collection_promise_date = fields.Date(
        string='Promised payment date',
        copy=False,
        tracking=True,
        help="Date by which the customer promised to pay. Dunning leaves the invoice out until then.",
    )
    collection_state = fields.Selection(
        COLLECTION_STATES,
        string='Collection status',
        compute='_compute_collection_state',
        search='_search_collection_state',
        help="Open: not yet due. Sent to bank: payment sent for collection and not yet booked by the bank. "
             "Paid: fully paid. Returned: the last direct debit was returned and the invoice is unpaid. "
             "Overdue: unpaid after its due date.",
    )

    def init(self):
        super().init()
        # One live invoice per subscription and billing period, so a billing run that is re-run or
        # resumed after a crash cannot invoice a cycle twice. Cancelled invoices do not count.
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_telco_billing_period_uniq
                ON account_move (telco_subscription_id, telco_billing_period)
             WHERE telco_subscription_id IS NOT NULL
               AND telco_billing_period IS NOT NULL
               AND state != 'cancel'
        """)

    @api.depends('partner_id')
    def _compute_collection_payment_method(self):
        for move in self:
            if not move.is_sale_document(include_receipts=True):
                move.collection_payment_method = False
            elif move.partner_id:
                move.collection_payment_method = move.partner_id.commercial_partner_id.collection_payment_method
            elif not move.collection_payment_method:
                move.collection_payment_method = 'direct_debit'

    @api.model
    def _telco_in_collection_domain(self):
        """Return the domain of invoices whose payment was sent to the bank and is not booked yet.

        Addons that send payments to the bank (direct debit remittances) extend this domain.
        """
        return [('payment_state', '=', 'in_payment')]

    @api.depends('state', 'move_type', 'payment_state', 'invoice_date_due', 'last_return_date', 'amount_residual')
    @api.depends_context('date')
    def _compute_collection_state(self):
        today = fields.Date.context_today(self)
        invoices = self.filtered(lambda m: m.state == 'posted' and m.is_sale_document(include_receipts=True))
        (self - invoices).collection_state = False
        in_collection = invoices.filtered_domain(self._telco_in_collection_domain())
        for move in invoices:
            if move.payment_state in PAID_PAYMENT_STATES:
                move.collection_state = 'paid'
            elif move in in_collection:
                move.collection_state = 'in_collection'
            elif move.last_return_date:
                move.collection_state = 'returned'
            elif move.invoice_date_due and move.invoice_date_due < today:
                move.collection_state = 'overdue'
            else:
                move.collection_state = 'open'

    def _search_collection_state(self, operator, value):
        if operator in ('=', '!=') and not isinstance(value, (list, tuple)):
            values = [value]
            positive = operator == '='
        elif operator in ('in', 'not in'):
            values = list(value)
            positive = operator == 'in'
        else:
            return NotImplemented
        domains = [self._collection_state_domain(state) for state in values if state]
        domain = expression.OR(domains) if domains else expression.FALSE_DOMAIN
        if False in values:
            domain = expression.OR([domain, self._collection_state_undefined_domain()])
        return domain if positive else _negate(domain)

    @api.model
    def _collection_state_undefined_domain(self):
        return ['|', ('state', '!=', 'posted'), ('move_type', 'not in', self.get_sale_types(include_receipts=True))]

    @api.model
    def _collection_state_domain(self, state):
        """Return the domain of the posted customer documents whose collection status is ``state``."""
        today = fields.Date.context_today(self)
        base = [('state', '=', 'posted'), ('move_type', 'in', self.get_sale_types(include_receipts=True))]
        paid = [('payment_state', 'in', PAID_PAYMENT_STATES)]
        in_collection = self._telco_in_collection_domain()
        returned = [('last_return_date', '!=', False)]
        overdue = [('invoice_date_due', '<', today)]
        not_before = expression.AND([_negate(paid), _negate(in_collection)])
        if state == 'paid':
            return expression.AND([base, paid])
        if state == 'in_collection':
            return expression.AND([base, _negate(paid), in_collection])
        if state == 'returned':
            return expression.AND([base, not_before, returned])
        if state == 'overdue':
            return expression.AND([base, not_before, _negate(returned), overdue])
        if state == 'open':
            return expression.AND([base, not_before, _negate(returned), _negate(overdue)])
        return expression.FALSE_DOMAIN

    def _telco_register_return(self, reason_code, return_date):
        """Record a returned or rejected direct debit on the invoices and log it in their chatter.

        :param str reason_code: ISO 20022 reason code of the return, e.g. ``AM04``.
        :param date return_date: date of the return as reported by the bank.
        """
        return_date = fields.Date.to_date(return_date)
        self.write({
            'last_return_reason_code': reason_code,
            'last_return_date': return_date,
        })
        for move in self:
            move._message_log(body=_(
                "Direct debit returned by the bank on %(date)s, reason code %(reason)s.",
                date=fields.Date.to_string(return_date),
                reason=reason_code,
            ))
        return True
