from datetime import timedelta

from odoo import _, api, models
from odoo.tools import float_repr

from telcocollect.dunning import days_overdue, reached_level
from telcocollect.money import to_cents


class TelcoDunningRun(models.Model):
    """Pre-due reminders: levels with a negative days_after_due, for customers who do not pay
    by direct debit (direct-debit customers get the SEPA pre-notification instead)."""

    _inherit = 'telco.dunning.run'

    @api.model
    def _predue_invoice_domain(self, company, run_date, max_days_before):
        return [
            ('company_id', '=', company.id),
            ('move_type', '=', 'out_invoice'),
            ('state', '=', 'posted'),
            ('amount_residual', '>', 0),
            ('invoice_date_due', '>=', run_date),
            ('invoice_date_due', '<=', run_date + timedelta(days=max_days_before)),
            ('collection_payment_method', '!=', 'direct_debit'),
            ('collection_dispute', '=', False),
        ]

    def _process_predue(self, batch_size, auto_commit):
        """Send the pre-due reminders of the run's date, in batches of ``batch_size`` customers.

        Each invoice gets each pre-due level at most once per due date. A customer already
        handled that day by the overdue pass is skipped, and gets the reminder on a later run
        while the level still applies.
        """
        self.ensure_one()
        levels = self.env['telco.dunning.level'].search([
            ('company_id', '=', self.company_id.id),
            ('days_after_due', '<', 0),
            ('policy_id.active', '=', True),
        ])
        if not levels:
            return
        max_days_before = max(-level.days_after_due for level in levels)
        domain = self._predue_invoice_domain(self.company_id, self.date, max_days_before)
        partner_ids = sorted(
            partner.id for [partner] in
            self.env['account.move']._read_group(domain, ['commercial_partner_id']))
        for start in range(0, len(partner_ids), batch_size):
            partners = self.env['res.partner'].browse(partner_ids[start:start + batch_size])
            self._process_predue_batch(partners, domain)
            if auto_commit:
                self.env.cr.commit()
        self._append_log(_("Pre-due reminders: %(count)s customers with invoices soon due.",
                           count=len(partner_ids)))

    def _process_predue_batch(self, partners, domain):
        invoices = self.env['account.move'].search(
            domain + [('commercial_partner_id', 'in', partners.ids)],
            order='invoice_date_due, id')
        handled_today = set(self.env['telco.dunning.action'].search([
            ('company_id', '=', self.company_id.id),
            ('action_date', '=', self.date),
            ('partner_id', 'in', partners.ids),
        ]).partner_id.ids)
        predue_run = self.with_context(telco_dunning_predue=True)
        for partner, partner_invoices in invoices.grouped('commercial_partner_id').items():
            if partner.id not in handled_today:
                predue_run._process_partner(partner, partner_invoices)

    def _plan_action(self, partner, invoices):
        if self.env.context.get('telco_dunning_predue'):
            return self._plan_predue_action(partner, invoices)
        return super()._plan_action(partner, invoices)

    def _plan_predue_action(self, partner, invoices):
        """Create the reminder of the latest pre-due level that ``invoices`` reached, if new."""
        policy = self.env['telco.dunning.policy']._find_for_partner(partner, self.company_id)
        levels = policy.level_ids.filtered(lambda level: level.days_after_due < 0)
        if not levels:
            return None
        rules = [level._to_rule() for level in levels]
        to_remind = self.env['account.move']
        chosen = levels.browse()
        for invoice in invoices:
            rule = reached_level(rules, days_overdue(invoice.invoice_date_due, self.date))
            if rule is None:
                continue
            level = levels.browse(int(rule.key))
            if self._already_reminded(invoice, level):
                continue
            to_remind |= invoice
            if not chosen or (level.days_after_due, level.sequence) > (
                    chosen.days_after_due, chosen.sequence):
                chosen = level
        if not to_remind:
            return None

        currency = self.company_id.currency_id
        total = currency.round(sum(to_remind.mapped('amount_residual_signed')))
        if to_cents(float_repr(total, currency.decimal_places)) < chosen._to_rule().min_overdue_cents:
            return None
        values = self._prepare_action_values(partner, to_remind, chosen)
        return self.env['telco.dunning.action'].create(values)

    def _already_reminded(self, invoice, level):
        """Check whether ``invoice`` already got ``level`` for its current due date.

        Only reminders sent since the level's first day for that due date count, so a due date
        moved later gets the reminder again.
        """
        window_start = invoice.invoice_date_due + timedelta(days=level.days_after_due)
        return bool(self.env['telco.dunning.action'].search_count([
            ('company_id', '=', self.company_id.id),
            ('level_id', '=', level.id),
            ('invoice_ids', 'in', invoice.ids),
            ('action_date', '>=', window_start),
            ('state', 'in', ('planned', 'to_approve', 'done')),
        ], limit=1))
