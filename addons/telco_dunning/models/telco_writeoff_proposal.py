from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

WRITEOFF_STATES = [
    ('proposed', 'Proposed'),
    ('approved', 'Approved'),
    ('posted', 'Posted'),
    ('refused', 'Refused'),
]
APPROVER_GROUP = 'telco_collections.group_collections_accountant'


class TelcoWriteoffProposal(models.Model):
    """Proposal to write off unrecoverable invoices, approved and posted by an accountant."""

    _name = 'telco.writeoff.proposal'
    _description = 'Write-off Proposal'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date desc, id desc'
    _check_company_auto = True

    name = fields.Char(compute='_compute_name', store=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related='company_id.currency_id')
    partner_id = fields.Many2one('res.partner', string='Customer', required=True, index=True)
    invoice_ids = fields.Many2many(
        'account.move', 'telco_writeoff_proposal_invoice_rel', 'proposal_id', 'move_id',
        string='Invoices', required=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
               "('commercial_partner_id', '=', partner_id), ('amount_residual', '>', 0)]")
    amount = fields.Monetary(
        string='Amount to Write Off', currency_field='currency_id',
        compute='_compute_amount', store=True,
        help="Sum of the residuals of the invoices, in company currency, when they were chosen.")
    reason = fields.Text(required=True,
                         help="Why the debt cannot be recovered (e.g. insolvency, agency "
                              "returned it, debt too small to pursue).")
    date = fields.Date(string='Proposed On', required=True, default=fields.Date.context_today)
    state = fields.Selection(WRITEOFF_STATES, required=True, default='proposed', readonly=True,
                             tracking=True)
    approved_by_id = fields.Many2one('res.users', string='Approved By', readonly=True)
    approval_date = fields.Date(readonly=True)
    move_id = fields.Many2one('account.move', string='Write-off Entry', readonly=True,
                              copy=False)
    action_id = fields.Many2one('telco.dunning.action', string='Dunning Action', readonly=True,
                                ondelete='set null')

    @api.depends('partner_id', 'date')
    def _compute_name(self):
        for proposal in self:
            proposal.name = _("Write-off %(customer)s (%(date)s)",
                              customer=proposal.partner_id.name or '',
                              date=fields.Date.to_string(proposal.date) or '')

    @api.depends('invoice_ids')
    def _compute_amount(self):
        for proposal in self:
            proposal.amount = proposal.currency_id.round(
                sum(proposal.invoice_ids.mapped('amount_residual_signed')))

    @api.model
    def _create_from_action(self, action):
        return self.sudo().create({
            'company_id': action.company_id.id,
            'partner_id': action.partner_id.commercial_partner_id.id,
            'invoice_ids': [fields.Command.set(action.invoice_ids.ids)],
            'date': action.action_date,
            'reason': _("Proposed by dunning level %(level)s: %(days)s days overdue.",
                        level=action.level_id.display_name, days=action.days_overdue),
            'action_id': action.id,
        })

    def _check_approver(self):
        if not self.env.user.has_group(APPROVER_GROUP):
            raise AccessError(_(
                "Only a collections accountant or administrator can approve, refuse or post a "
                "write-off."))

    def action_approve(self):
        self._check_approver()
        if self.filtered(lambda p: p.state != 'proposed'):
            raise UserError(_("Only proposed write-offs can be approved."))
        self.write({
            'state': 'approved',
            'approved_by_id': self.env.user.id,
            'approval_date': fields.Date.context_today(self),
        })
        return True

    def action_refuse(self):
        self._check_approver()
        if self.filtered(lambda p: p.state not in ('proposed', 'approved')):
            raise UserError(_("Only proposed or approved write-offs can be rejected."))
        self.state = 'refused'
        return True

    def action_post(self):
        """Post the write-off entry and reconcile it with the invoices."""
        self._check_approver()
        for proposal in self:
            if proposal.state != 'approved':
                raise UserError(_("Approve the write-off %(name)s before posting it.",
                                  name=proposal.name))
            proposal._post_entry()
        return True

    def _writeoff_journal(self):
        company = self.company_id
        return company.telco_writeoff_journal_id or self.env['account.journal'].search([
            *self.env['account.journal']._check_company_domain(company),
            ('type', '=', 'general'),
        ], limit=1)

    def _post_entry(self):
        """Debit the write-off expense account, credit each invoice's receivable, reconcile."""
        self.ensure_one()
        company = self.company_id
        account = company.telco_writeoff_account_id
        journal = self._writeoff_journal()
        if not account or not journal:
            raise UserError(_(
                "Choose the write-off account (e.g. 650 Pérdidas de créditos comerciales "
                "incobrables) and journal in Settings > Collections > Write-offs."))
        receivables = self.invoice_ids.line_ids.filtered(
            lambda line: line.account_id.account_type == 'asset_receivable'
            and not line.reconciled)
        if not receivables:
            raise UserError(_("The invoices of %(name)s have nothing left to write off.",
                              name=self.name))
        total = company.currency_id.round(sum(receivables.mapped('amount_residual')))
        labels = {
            line: self.env._("Write-off of %(invoice)s", invoice=line.move_id.name)
            for line in receivables
        }
        line_values = [fields.Command.create({
            'name': labels[line],
            'account_id': line.account_id.id,
            'partner_id': line.partner_id.id,
            'credit': line.amount_residual,
        }) for line in receivables]
        line_values.append(fields.Command.create({
            'name': _("Uncollectible debt of %(customer)s", customer=self.partner_id.name),
            'account_id': account.id,
            'partner_id': self.partner_id.id,
            'debit': total,
        }))

        move = self.env['account.move'].sudo().create({
            'move_type': 'entry',
            'company_id': company.id,
            'journal_id': journal.id,
            'date': fields.Date.context_today(self),
            'ref': self.name,
            'line_ids': line_values,
        })
        move.action_post()

        # A write-off settles the receivable in the books but the customer still owes the
        # debt, so the reconciliation must not prompt the removal of a credit bureau report.
        credit_lines = move.line_ids.filtered(lambda line: line.account_id != account)
        for receivable in receivables:
            label = labels[receivable]
            counterpart = credit_lines.filtered(
                lambda line, label=label: line.name == label and not line.reconciled)[:1]
            (receivable + counterpart).with_context(telco_writeoff=True).reconcile()
        self.write({'move_id': move.id, 'state': 'posted'})


class ResCompany(models.Model):
    _inherit = 'res.company'

    telco_writeoff_account_id = fields.Many2one(
        'account.account', string='Write-off Account',
        help="Expense account debited by write-offs, e.g. 650 Pérdidas de créditos comerciales "
             "incobrables in the Spanish chart.")
    telco_writeoff_journal_id = fields.Many2one(
        'account.journal', string='Write-off Journal',
        help="Miscellaneous journal of the write-off entries. When empty, the first "
             "miscellaneous journal of the company.")


class TelcoDunningAction(models.Model):
    _inherit = 'telco.dunning.action'

    writeoff_ids = fields.One2many('telco.writeoff.proposal', 'action_id',
                                   string='Write-off Proposals', readonly=True)

    def _execute_writeoff_proposal(self):
        self.ensure_one()
        self.env['telco.writeoff.proposal']._create_from_action(self)
