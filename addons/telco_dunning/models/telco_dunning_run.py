import logging

from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models, modules
from odoo.tools import float_repr

from telcocollect.dunning import days_overdue, next_level_to_send, select_level
from telcocollect.money import to_cents

_logger = logging.getLogger(__name__)

RUN_STATES = [('draft', 'Draft'), ('running', 'Running'), ('done', 'Done')]


class TelcoDunningRun(models.Model):
    """Dunning run that evaluates every customer with overdue debt on one date and company."""

    _name = 'telco.dunning.run'
    _description = 'Dunning Run'
    _order = 'date desc, id desc'
    _check_company_auto = True

    name = fields.Char(compute='_compute_name')
    date = fields.Date(
        required=True, default=fields.Date.context_today, index=True,
        help="Date on which overdue days are counted. Invoices due before it are overdue.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company)
    state = fields.Selection(RUN_STATES, required=True, default='draft', readonly=True)
    user_id = fields.Many2one(
        'res.users', string='Started By', readonly=True, default=lambda self: self.env.user)
    action_ids = fields.One2many('telco.dunning.action', 'run_id', string='Actions', readonly=True)
    partner_count = fields.Integer(
        string='Customers Evaluated', readonly=True,
        help="Customers with overdue debt that this run looked at, including those skipped.")
    skipped_count = fields.Integer(
        string='Customers Skipped', readonly=True,
        help="Customers with overdue debt but no level to send: none reached, amount below the "
             "level's minimum, level already sent, or already handled earlier that day.")
    action_count = fields.Integer(string='Number of Actions', compute='_compute_counts')
    done_count = fields.Integer(string='Sent', compute='_compute_counts')
    failed_count = fields.Integer(string='Failed', compute='_compute_counts')
    to_approve_count = fields.Integer(string='To Approve', compute='_compute_counts')
    log = fields.Text(readonly=True)

    @api.depends('date', 'company_id')
    def _compute_name(self):
        for run in self:
            run.name = _("Dunning run %(date)s", date=fields.Date.to_string(run.date) or '')

    @api.depends('action_ids.state')
    def _compute_counts(self):
        for run in self:
            states = run.action_ids.mapped('state')
            run.action_count = len(states)
            run.done_count = states.count('done')
            run.failed_count = states.count('failed')
            run.to_approve_count = states.count('to_approve')

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    @api.model
    def run_dunning(self, date=None, batch_size=500):
        """Run dunning for the current company on ``date`` (default: today) and return the run.

        A run already started that day for the company and not finished is resumed. Customers
        handled earlier that day are skipped, so calling this twice sends nothing twice. Never
        commits: the daily cron commits per batch.
        """
        self.check_access('create')
        run_date = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        run = self._get_or_create_run(run_date, self.env.company)
        run._process(batch_size=batch_size, auto_commit=False)
        return run

    def action_run(self):
        """Process a draft or interrupted run (button "Run now")."""
        self.check_access('write')
        for run in self.filtered(lambda r: r.state != 'done'):
            run.with_company(run.company_id)._process(batch_size=500, auto_commit=False)
        return True

    @api.model
    def action_run_today(self):
        """Run dunning for today in the current company and open the run."""
        run = self.run_dunning()
        return {
            'type': 'ir.actions.act_window',
            'res_model': self._name,
            'res_id': run.id,
            'view_mode': 'form',
        }

    @api.model
    def _cron_run_dunning(self, batch_size=500):
        """Run dunning for today in every company that has a dunning policy.

        Commits after each batch of customers so that a crash loses at most one batch, and the
        next call resumes the unfinished run without contacting anyone twice.
        """
        auto_commit = not modules.module.current_test
        # A system job: it covers every company, whatever the companies of the cron's user.
        runs = self.sudo()
        companies = runs.env['telco.dunning.policy'].search([]).company_id
        for company in companies:
            company_runs = runs.with_company(company)
            run_date = fields.Date.context_today(company_runs)
            run = company_runs._get_or_create_run(run_date, company)
            run._process(batch_size=batch_size, auto_commit=auto_commit)

    # ------------------------------------------------------------------
    # Processing
    # ------------------------------------------------------------------

    @api.model
    def _get_or_create_run(self, run_date, company):
        run = self.search([
            ('company_id', '=', company.id),
            ('date', '=', run_date),
            ('state', '!=', 'done'),
        ], order='id', limit=1)
        return run or self.create({'date': run_date, 'company_id': company.id})

    @api.model
    def _overdue_invoice_domain(self, company, run_date):
        """Return the domain of the invoices that dunning reminds on ``run_date``."""
        # NOTE: unreconciled credit notes are not deducted from the overdue total.
        # Pre-due levels (negative days_after_due) are sent by _process_predue.
        return [
            ('company_id', '=', company.id),
            ('move_type', '=', 'out_invoice'),
            ('state', '=', 'posted'),
            ('amount_residual', '>', 0),
            ('invoice_date_due', '<', run_date),
            ('collection_dispute', '=', False),
            ('collection_in_plan', '=', False),
            '|', ('collection_promise_date', '=', False),
            ('collection_promise_date', '<', run_date),
        ]

    def _process(self, batch_size, auto_commit):
        """Evaluate every customer with overdue debt, in batches of ``batch_size`` customers."""
        self.ensure_one()
        run = self.sudo()
        run.state = 'running'
        move_model = run.env['account.move']
        domain = run._overdue_invoice_domain(run.company_id, run.date)
        partner_ids = sorted(
            partner.id for [partner] in move_model._read_group(domain, ['commercial_partner_id']))
        run._append_log(_("Started: %(count)s customers with overdue debt.",
                          count=len(partner_ids)))
        if auto_commit:
            run.env.cr.commit()

        done = 0
        for start in range(0, len(partner_ids), batch_size):
            batch_ids = partner_ids[start:start + batch_size]
            run._process_batch(run.env['res.partner'].browse(batch_ids), domain)
            done += len(batch_ids)
            run.env['ir.cron']._notify_progress(done=done, remaining=len(partner_ids) - done)
            if auto_commit:
                run.env.cr.commit()

        run._process_predue(batch_size, auto_commit)
        run.state = 'done'
        run._append_log(_("Finished: %(sent)s sent, %(approve)s to approve, %(failed)s failed, "
                          "%(skipped)s skipped.", sent=run.done_count,
                          approve=run.to_approve_count, failed=run.failed_count,
                          skipped=run.skipped_count))
        if auto_commit:
            run.env.cr.commit()

    def _process_batch(self, partners, domain):
        action_model = self.env['telco.dunning.action']
        invoices = self.env['account.move'].search(
            domain + [('commercial_partner_id', 'in', partners.ids)],
            order='invoice_date_due, id')
        invoices_by_partner = invoices.grouped('commercial_partner_id')
        handled_today = set(action_model.search([
            ('company_id', '=', self.company_id.id),
            ('action_date', '=', self.date),
            ('partner_id', 'in', partners.ids),
        ]).partner_id.ids)

        self.partner_count += len(partners)
        for partner in partners:
            partner_invoices = invoices_by_partner.get(partner)
            if partner.id in handled_today or not partner_invoices:
                self.skipped_count += 1
                continue
            self._process_partner(partner, partner_invoices)

    def _process_partner(self, partner, invoices):
        """Plan and send the action of one customer; a failure is stored on the action."""
        try:
            with self.env.cr.savepoint():
                action = self._plan_action(partner, invoices)
        except pg_errors.UniqueViolation:
            # Another worker handled this customer today after this batch was read.
            self.skipped_count += 1
            return
        except Exception as error:  # noqa: BLE001 - one customer must not stop the run
            _logger.exception("Dunning of partner %s failed in run %s", partner.id, self.id)
            self._record_failure(partner, invoices, error)
            return

        if not action:
            self.skipped_count += 1
            return
        if action.state != 'planned' or self.env.context.get('telco_dunning_preview'):
            return
        try:
            with self.env.cr.savepoint():
                action._execute()
        except Exception as error:  # noqa: BLE001 - one customer must not stop the run
            _logger.exception("Dunning action %s of partner %s failed", action.id, partner.id)
            action.write({'state': 'failed', 'error_message': str(error)})
            self._append_log(_("Customer %(partner)s failed: %(error)s",
                               partner=partner.display_name, error=str(error)))

    def _record_failure(self, partner, invoices, error):
        """Store a failed action without level, so the customer is not retried the same day."""
        values = self._prepare_action_values(partner, invoices, level=None)
        values.update({'state': 'failed', 'error_message': str(error)})
        try:
            with self.env.cr.savepoint():
                self.env['telco.dunning.action'].create(values)
        except pg_errors.UniqueViolation:
            pass
        self._append_log(_("Customer %(partner)s failed: %(error)s",
                           partner=partner.display_name, error=str(error)))

    def _plan_action(self, partner, invoices):
        """Create the action row for ``partner`` when a new level is due, else return None."""
        policy = self.env['telco.dunning.policy']._find_for_partner(partner, self.company_id)
        levels = policy.level_ids
        if not levels:
            return None

        rules = [level._to_rule() for level in levels]
        oldest_due = min(invoices.mapped('invoice_date_due'))
        currency = self.company_id.currency_id
        total = currency.round(sum(invoices.mapped('amount_residual_signed')))
        total_cents = to_cents(float_repr(total, currency.decimal_places))

        reached = select_level(rules, days_overdue(oldest_due, self.date), total_cents)
        last_action = self._last_episode_action(partner, invoices)
        last_key = str(last_action.level_id.id) if last_action.level_id else None
        to_send = next_level_to_send(rules, reached, last_key)
        if to_send is None:
            return None

        level = levels.browse(int(to_send.key))
        values = self._prepare_action_values(partner, invoices, level)
        if level.action == 'suspension_notice':
            values['suspension_date'] = self.env['telco.dunning.action']._compute_suspension_date(
                partner, self.date, oldest_due)
        return self.env['telco.dunning.action'].create(values)

    def _prepare_action_values(self, partner, invoices, level):
        currency = self.company_id.currency_id
        oldest_due = min(invoices.mapped('invoice_date_due'))
        return {
            'run_id': self.id,
            'company_id': self.company_id.id,
            'partner_id': partner.id,
            'level_id': level.id if level else False,
            'action': level.action if level else 'email',
            'action_date': self.date,
            'invoice_ids': [fields.Command.set(invoices.ids)],
            'amount_due': currency.round(sum(invoices.mapped('amount_residual_signed'))),
            'oldest_due_date': oldest_due,
            'days_overdue': days_overdue(oldest_due, self.date),
            'state': 'to_approve' if level and level.requires_approval else 'planned',
        }

    def _last_episode_action(self, partner, invoices):
        """Return the latest action of the customer's current overdue episode, if any.

        The episode goes on while an invoice listed by an earlier action is still overdue: once
        all of them are paid, newly overdue invoices start again from the first level.
        """
        return self.env['telco.dunning.action'].search([
            ('company_id', '=', self.company_id.id),
            ('partner_id', '=', partner.id),
            ('action_date', '<', self.date),
            ('state', 'in', ('planned', 'to_approve', 'done')),
            ('level_id', '!=', False),
            ('invoice_ids', 'in', invoices.ids),
        ], order='action_date desc, id desc', limit=1)

    def _append_log(self, line):
        stamp = fields.Datetime.to_string(fields.Datetime.now())
        self.log = f"{self.log or ''}{stamp} {line}\n"
