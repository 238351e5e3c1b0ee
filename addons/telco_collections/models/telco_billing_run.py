import logging

from odoo import _, api, fields, models, modules
from odoo.exceptions import UserError

from .res_config_settings import BATCH_SIZE_PARAM, DEFAULT_BATCH_SIZE

_logger = logging.getLogger(__name__)


class TelcoBillingRun(models.Model):
    """One billing cycle of one company: invoices every active subscription due on ``date``.

    The run is processed in batches. Each batch creates the invoices of up to ``batch_size``
    subscriptions, advances their next invoice date and posts the invoices, all in one transaction,
    so a crash between batches leaves either the whole batch done or none of it. A subscription is
    never invoiced twice for the same billing period (see the unique index on ``account.move``).
    """

    _name = 'telco.billing.run'
    _description = 'Billing run'
    _inherit = ['mail.thread']
    _order = 'date desc, id desc'
    _rec_name = 'date'
    _check_company_auto = True

    date = fields.Date(
        string='Billing date',
        required=True,
        default=fields.Date.context_today,
        help="Invoice date of the invoices. Active subscriptions whose next invoice date is on or "
             "before this date are invoiced.",
    )
    company_id = fields.Many2one('res.company', required=True, default=lambda self: self.env.company)
    state = fields.Selection(
        [('draft', 'Draft'), ('running', 'In progress'), ('done', 'Done')],
        required=True,
        default='draft',
        readonly=True,
        tracking=True,
    )
    invoice_ids = fields.One2many('account.move', 'telco_billing_run_id', string='Invoices', readonly=True)
    invoice_count = fields.Integer(compute='_compute_counts', string='Invoices created')
    invoice_posted_count = fields.Integer(compute='_compute_counts', string='Invoices posted')
    failed_subscription_ids = fields.Many2many(
        'telco.subscription',
        string='Failed subscriptions',
        readonly=True,
        help="Subscriptions that could not be invoiced in this run. Running billing again retries them.",
    )
    error_count = fields.Integer(compute='_compute_counts', string='Errors')
    error_log = fields.Text(string='Error log', readonly=True)

    _sql_constraints = [
        ('date_company_uniq', 'UNIQUE(date, company_id)', 'There is already a billing run for this date and company.'),
    ]

    @api.depends('date')
    def _compute_display_name(self):
        # Computed and not stored, so each user reads the name in their own language.
        for run in self:
            run.display_name = _("Billing %(date)s", date=fields.Date.to_string(run.date)) if run.date else _("Billing")

    @api.depends('invoice_ids.state', 'failed_subscription_ids')
    def _compute_counts(self):
        for run in self:
            run.invoice_count = len(run.invoice_ids)
            run.invoice_posted_count = len(run.invoice_ids.filtered(lambda move: move.state == 'posted'))
            run.error_count = len(run.failed_subscription_ids)

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    @api.model
    def run_billing(self, date=None, batch_size=None, commit=False):
        """Invoice every active subscription with ``next_invoice_date <= date``.

        Creates or reuses one run per company and billing date, retries the subscriptions that
        failed in an earlier attempt of the same run, and processes all batches. With
        ``commit=True`` each batch is committed, except while tests run.

        :return: the billing runs (``telco.billing.run``), one per company with due subscriptions.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        batch_size = batch_size or self._get_batch_size()
        runs = self._get_or_create_runs(date)
        runs.write({'failed_subscription_ids': [fields.Command.clear()], 'state': 'running'})
        for run in runs:
            while run.state == 'running':
                run._process_batch(batch_size)
                if commit:
                    run._commit_batch()
        return runs

    def action_run(self):
        """Run billing for this run's date and company ("Run billing" button).

        Processes the first batch at once. When more remain, the billing cron finishes the run in
        the background, committing after each batch.
        """
        self.ensure_one()
        if self.state == 'done' and not self._get_due_subscriptions(limit=1):
            raise UserError(_(
                "Billing run %(name)s has nothing left to invoice: no active subscription is due on or before %(date)s.",
                name=self.display_name,
                date=fields.Date.to_string(self.date),
            ))
        self.write({'failed_subscription_ids': [fields.Command.clear()], 'state': 'running'})
        self._process_batch(self._get_batch_size())
        if self.state == 'running':
            self.env.ref('telco_collections.ir_cron_telco_billing')._trigger()
        return True

    @api.model
    def _cron_run_billing(self):
        """Process one batch of billing per call and report progress to the cron.

        The cron framework calls this again at once while work remains, so a large billing cycle
        is committed batch by batch and resumes after a crash or a worker restart.
        """
        today = fields.Date.context_today(self)
        self._get_or_create_runs(today).filtered(lambda run: run.state == 'draft').state = 'running'
        runs = self.search([('state', '=', 'running')], order='date, id')
        batch_size = self._get_batch_size()
        done = 0
        for run in runs:
            processed = run._process_batch(batch_size)
            if processed:
                done = processed
                break
        remaining = sum(run._count_due_subscriptions() for run in runs.filtered(lambda run: run.state == 'running'))
        self._commit_batch()
        self.env['ir.cron']._notify_progress(done=done, remaining=remaining)

    # ------------------------------------------------------------------
    # Batch processing
    # ------------------------------------------------------------------

    @api.model
    def _get_batch_size(self):
        value = self.env['ir.config_parameter'].sudo().get_param(BATCH_SIZE_PARAM)
        try:
            batch_size = int(value) if value else DEFAULT_BATCH_SIZE
        except ValueError:
            _logger.warning("Invalid billing batch size %r in %s, using %s", value, BATCH_SIZE_PARAM, DEFAULT_BATCH_SIZE)
            batch_size = DEFAULT_BATCH_SIZE
        return max(batch_size, 1)

    @api.model
    def _get_or_create_runs(self, date):
        """Return the runs of ``date`` for every company with active subscriptions due by then."""
        groups = self.env['telco.subscription']._read_group(
            [('state', '=', 'active'), ('next_invoice_date', '<=', date)],
            ['company_id'],
        )
        companies = self.env['res.company'].union(*(company for (company,) in groups))
        runs = self.search([('date', '=', date), ('company_id', 'in', companies.ids)])
        missing = companies - runs.company_id
        if missing:
            runs |= self.create([{'date': date, 'company_id': company.id} for company in missing])
        return runs

    def _due_subscription_domain(self):
        self.ensure_one()
        return [
            ('company_id', '=', self.company_id.id),
            ('state', '=', 'active'),
            ('next_invoice_date', '<=', self.date),
            ('id', 'not in', self.failed_subscription_ids.ids),
        ]

    def _get_due_subscriptions(self, limit=None):
        self.ensure_one()
        return self.env['telco.subscription'].search(
            self._due_subscription_domain(), limit=limit, order='next_invoice_date, id',
        )

    def _count_due_subscriptions(self):
        self.ensure_one()
        return self.env['telco.subscription'].search_count(self._due_subscription_domain())

    def _process_batch(self, batch_size):
        """Invoice and post the next ``batch_size`` due subscriptions of this run.

        Sets the run to ``done`` when no due subscription is left.

        :return: the number of subscriptions processed (invoiced or failed).
        """
        self.ensure_one()
        subscriptions = self._get_due_subscriptions(limit=batch_size)
        if not subscriptions:
            self.state = 'done'
            return 0

        invoices = self.env['account.move']
        for subscription in subscriptions:
            try:
                with self.env.cr.savepoint():
                    invoices |= self._invoice_subscription(subscription)
            except Exception as error:  # noqa: BLE001 - one bad subscription must not stop the cycle
                self._register_failure(subscription, error)

        self._post_invoices(invoices)
        if not self._get_due_subscriptions(limit=1):
            self.state = 'done'
        _logger.info(
            "Billing run %s (company %s): processed %s subscriptions, created %s invoices",
            self.id, self.company_id.id, len(subscriptions), len(invoices),
        )
        return len(subscriptions)

    def _invoice_subscription(self, subscription):
        """Create the draft invoice of the subscription's current cycle and advance its next invoice date.

        When the cycle already has a non-cancelled invoice (the next invoice date was moved back by
        hand or restored from a backup), only the date is advanced.
        """
        period = subscription.next_invoice_date
        already_invoiced = self.env['account.move'].search_count([
            ('telco_subscription_id', '=', subscription.id),
            ('telco_billing_period', '=', period),
            ('state', '!=', 'cancel'),
        ], limit=1)
        invoice = self.env['account.move']
        if not already_invoiced:
            values = subscription._prepare_invoice_values(self.date, period)
            values['telco_billing_run_id'] = self.id
            invoice = self.env['account.move'].with_company(subscription.company_id).create(values)
        subscription.next_invoice_date = subscription._next_cycle_date(period, subscription.billing_day)
        return invoice

    def _post_invoices(self, invoices):
        """Post ``invoices`` together, or one by one when posting them together fails."""
        if not invoices:
            return
        try:
            with self.env.cr.savepoint():
                invoices.action_post()
            return
        except Exception:  # noqa: BLE001 - retried one by one below to find the failing invoices
            _logger.warning("Billing run %s: posting %s invoices together failed, posting them one by one",
                            self.id, len(invoices), exc_info=True)
        for invoice in invoices:
            try:
                with self.env.cr.savepoint():
                    invoice.action_post()
            except Exception as error:  # noqa: BLE001 - the invoice stays in draft and is reported
                self._register_failure(invoice.telco_subscription_id, error, invoice=invoice)

    def _register_failure(self, subscription, error, invoice=None):
        """Record on the run and on the subscription's chatter why the subscription was not billed."""
        _logger.warning(
            "Billing run %s: subscription %s failed: %s", self.id, subscription.id, error, exc_info=not isinstance(error, UserError),
        )
        message = str(error.args[0]) if isinstance(error, UserError) and error.args else str(error)
        if invoice:
            line = _(
                "%(subscription)s: invoice %(invoice)s left in draft, posting failed: %(error)s",
                subscription=subscription.name, invoice=invoice.display_name, error=message,
            )
        else:
            line = _(
                "%(subscription)s: invoicing failed: %(error)s",
                subscription=subscription.name, error=message,
            )
        self.write({
            'failed_subscription_ids': [fields.Command.link(subscription.id)],
            'error_log': '\n'.join(filter(None, [self.error_log, line])),
        })
        subscription._message_log(body=_(
            "Billing run %(run)s could not bill this subscription: %(error)s",
            run=self.display_name, error=message,
        ))

    def _commit_batch(self):
        # Tests run in one transaction that is rolled back at the end: never commit there.
        if not modules.module.current_test:
            self.env.cr.commit()
