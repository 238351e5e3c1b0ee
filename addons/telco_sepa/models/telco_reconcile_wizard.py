from difflib import SequenceMatcher

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import format_amount

from .telco_reconcile_rules import open_invoice_domain, text_tokens
from .telco_statement_import import sanitize_account_number

# Points of the candidate score (at most 100): amount, customer, reference, date.
SCORE_SAME_AMOUNT = 40
SCORE_AMOUNT_WITHIN_TOLERANCE = 15
SCORE_SAME_PARTNER = 25
SCORE_REFERENCE = 20
SCORE_DATE = 15
# Days between the movement and the due date after which the date adds nothing.
DATE_HORIZON_DAYS = 60
CANDIDATE_SEARCH_LIMIT = 80
CANDIDATES_SHOWN = 10


def reference_similarity(tokens, references):
    """Return 0-1: how closely a token of the bank text resembles one of the references."""
    best = 0.0
    for reference in filter(None, references):
        reference = reference.upper()
        for token in tokens:
            if token == reference:
                return 1.0
            best = max(best, SequenceMatcher(None, token, reference).ratio())
    return best


def candidate_score(same_amount, within_tolerance, same_partner, similarity, days_apart):
    """Return the 0-100 score of a candidate invoice for a bank movement."""
    score = 0.0
    if same_amount:
        score += SCORE_SAME_AMOUNT
    elif within_tolerance:
        score += SCORE_AMOUNT_WITHIN_TOLERANCE
    if same_partner:
        score += SCORE_SAME_PARTNER
    score += SCORE_REFERENCE * similarity
    score += SCORE_DATE * max(0.0, 1.0 - abs(days_apart) / DATE_HORIZON_DAYS)
    return round(score, 1)


class TelcoReconcileWizard(models.TransientModel):
    _name = 'telco.reconcile.wizard'
    _description = 'Reconcile a bank movement'
    _check_company_auto = True

    statement_line_id = fields.Many2one(
        'account.bank.statement.line', string='Bank movement', required=True, readonly=True,
        ondelete='cascade',
    )
    company_id = fields.Many2one(related='statement_line_id.company_id')
    currency_id = fields.Many2one(related='statement_line_id.company_id.currency_id')
    date = fields.Date(related='statement_line_id.date')
    amount = fields.Monetary(related='statement_line_id.amount')
    payment_ref = fields.Char(related='statement_line_id.payment_ref', string='Label')
    counterparty_name = fields.Char(related='statement_line_id.telco_counterparty_name')
    counterparty_iban = fields.Char(related='statement_line_id.telco_counterparty_iban')
    partner_id = fields.Many2one(
        'res.partner', string='Customer',
        help="Customer credited with what the selected invoices do not absorb, or with the "
             "whole amount for a payment on account. When the movement is booked to an "
             "account, the optional partner of the journal item.",
    )
    candidate_ids = fields.One2many(
        'telco.reconcile.wizard.candidate', 'wizard_id', string='Candidate invoices',
    )
    selected_total = fields.Monetary(compute='_compute_selected_total')
    writeoff_tolerance = fields.Monetary(related='company_id.telco_writeoff_tolerance')
    # The movement's own journal items use these two accounts, so booking to either of them
    # would leave the movement unreconciled.
    journal_account_id = fields.Many2one(related='statement_line_id.journal_id.default_account_id')
    suspense_account_id = fields.Many2one(
        related='statement_line_id.journal_id.suspense_account_id',
    )
    counterpart_account_id = fields.Many2one(
        'account.account', string='Account', check_company=True,
        domain="[('deprecated', '=', False),"
               " ('id', 'not in', [journal_account_id, suspense_account_id]),"
               " ('account_type', 'not in', ['off_balance'] if partner_id"
               "  else ['off_balance', 'asset_receivable', 'liability_payable'])]",
        help="Account that receives the whole movement, such as an expense account for bank "
             "fees or an income account for interest. A receivable or payable account needs "
             "a partner.",
    )
    counterpart_label = fields.Char(
        string='Item label', compute='_compute_counterpart_label', store=True, readonly=False,
        help="Label of the journal item booked to the account. By default the movement's label.",
    )

    @api.depends('candidate_ids.selected', 'candidate_ids.allocation')
    def _compute_selected_total(self):
        for wizard in self:
            wizard.selected_total = sum(
                wizard.candidate_ids.filtered('selected').mapped('allocation')
            )

    @api.depends('statement_line_id')
    def _compute_counterpart_label(self):
        for wizard in self:
            wizard.counterpart_label = wizard.statement_line_id.payment_ref

    # -- candidates -----------------------------------------------------------------------------

    def _load_candidates(self):
        """Search and rank the open invoices this movement may pay."""
        self.ensure_one()
        line = self.statement_line_id
        company = line.company_id
        currency = company.currency_id
        tokens = text_tokens(self.env['account.bank.statement.line']._telco_text_of(line))
        partners = (self.partner_id | line.partner_id).commercial_partner_id
        number = sanitize_account_number(line.telco_counterparty_iban)
        if number:
            partners |= self.env['res.partner.bank'].search([
                ('sanitized_acc_number', '=', number),
            ]).partner_id.commercial_partner_id
        amount = abs(line.amount)
        tolerance = company.telco_writeoff_tolerance
        alternatives = [
            [('amount_residual', '>=', amount - tolerance),
             ('amount_residual', '<=', amount + tolerance)],
        ]
        if partners:
            alternatives.append([('commercial_partner_id', 'in', partners.ids)])
        if tokens:
            alternatives.append(['|', ('name', 'in', list(tokens)),
                                 ('payment_reference', 'in', list(tokens))])
        invoices = self.env['account.move'].search(
            expression.AND([open_invoice_domain(company), expression.OR(alternatives)]),
            order='invoice_date_due, id', limit=CANDIDATE_SEARCH_LIMIT,
        )
        scored = []
        for invoice in invoices:
            residual = invoice.amount_residual
            due = invoice.invoice_date_due or invoice.invoice_date or line.date
            score = candidate_score(
                same_amount=currency.compare_amounts(residual, amount) == 0,
                within_tolerance=currency.compare_amounts(abs(residual - amount), tolerance) <= 0,
                same_partner=invoice.commercial_partner_id in partners,
                similarity=reference_similarity(tokens, [invoice.name, invoice.payment_reference]),
                days_apart=(line.date - due).days,
            )
            scored.append((score, invoice))
        scored.sort(key=lambda item: (-item[0], item[1].invoice_date_due or line.date))
        self.candidate_ids = [Command.clear()] + [
            Command.create({
                'invoice_id': invoice.id,
                'score': score,
                'allocation': min(invoice.amount_residual, amount),
            })
            for score, invoice in scored[:CANDIDATES_SHOWN]
        ]
        if not self.partner_id:
            self.partner_id = partners[:1] if len(partners) == 1 else False

    # -- actions --------------------------------------------------------------------------------

    def action_search_candidates(self):
        """Search the candidates again, including the invoices of the chosen customer."""
        self.ensure_one()
        self._load_candidates()
        return {
            'type': 'ir.actions.act_window',
            'res_model': self._name,
            'res_id': self.id,
            'view_mode': 'form',
            'target': 'new',
        }

    def _check_credit(self):
        if self.currency_id.compare_amounts(self.amount, 0) <= 0:
            raise UserError(_(
                "Bank movement %(line)s of %(amount)s is not an incoming payment, so it cannot "
                "pay customer invoices. To reconcile it, choose an account under \"Book to an "
                "account\" and click \"Book to account\".",
                line=self.statement_line_id.display_name,
                amount=format_amount(self.env, self.amount, self.currency_id),
            ))

    def _selected(self):
        selected = self.candidate_ids.filtered('selected')
        if not selected:
            raise UserError(_("Select at least one candidate invoice."))
        return selected

    def _done(self):
        return {'type': 'ir.actions.act_window_close'}

    def action_split(self):
        """Pay the selected invoices with the amounts in the Allocation column."""
        self.ensure_one()
        self._check_credit()
        selected = self._selected()
        currency = self.currency_id
        if currency.compare_amounts(self.selected_total, self.amount) > 0:
            raise UserError(_(
                "The allocations add up to %(total)s, more than the movement's %(amount)s.",
                total=format_amount(self.env, self.selected_total, currency),
                amount=format_amount(self.env, self.amount, currency),
            ))
        line = self.statement_line_id
        parts = []
        for candidate in selected:
            if currency.compare_amounts(candidate.allocation, 0) <= 0 or currency.compare_amounts(
                candidate.allocation, candidate.invoice_id.amount_residual
            ) > 0:
                raise UserError(_(
                    "The allocation to %(invoice)s must be more than zero and at most its "
                    "amount due %(residual)s.",
                    invoice=candidate.invoice_id.name,
                    residual=format_amount(self.env, candidate.invoice_id.amount_residual,
                                           currency),
                ))
            parts += line._telco_invoice_parts(candidate.invoice_id, candidate.allocation)
        rest = currency.round(self.amount - self.selected_total)
        partner = self.partner_id or selected.invoice_id.commercial_partner_id[:1]
        if currency.compare_amounts(rest, 0) > 0:
            parts.append(self._on_account_part(partner, rest))
        line._telco_apply_counterparts(parts, partner=partner)
        line.write({
            'telco_match_rule': 'manual',
            'telco_invoice_ids': [Command.set(selected.invoice_id.ids)],
            'telco_match_note': False,
        })
        return self._done()

    def action_write_off(self):
        """Settle the selected invoices in full and book the small difference as a write-off."""
        self.ensure_one()
        self._check_credit()
        selected = self._selected()
        company = self.company_id
        currency = self.currency_id
        invoices = selected.invoice_id.sorted(lambda inv: (inv.invoice_date_due, inv.id))
        difference = currency.round(sum(invoices.mapped('amount_residual')) - self.amount)
        if currency.compare_amounts(abs(difference), company.telco_writeoff_tolerance) > 0:
            raise UserError(_(
                "The difference %(difference)s is larger than the write-off tolerance "
                "%(tolerance)s set in Collections settings. Split the payment or assign the "
                "rest to the customer instead.",
                difference=format_amount(self.env, difference, currency),
                tolerance=format_amount(self.env, company.telco_writeoff_tolerance, currency),
            ))
        if currency.is_zero(difference):
            extra = []
        else:
            if not company.telco_reconcile_writeoff_account_id:
                raise UserError(_(
                    "Set the reconciliation write-off account in Collections settings first.",
                ))
            extra = [{
                'account': company.telco_reconcile_writeoff_account_id,
                'amount': difference,
                'name': _("Write-off: %(label)s", label=self.payment_ref or ''),
                'partner': invoices[:1].commercial_partner_id,
            }]
        self.statement_line_id._telco_pay_invoices(invoices, 'manual', extra_parts=extra)
        return self._done()

    def action_on_account(self):
        """Book the whole movement as a payment on account of the customer."""
        self.ensure_one()
        self._check_credit()
        if not self.partner_id:
            raise UserError(_("Choose the customer who receives the payment on account."))
        partner = self.partner_id.commercial_partner_id
        line = self.statement_line_id
        line._telco_apply_counterparts([self._on_account_part(partner, self.amount)],
                                       partner=partner)
        line.write({'telco_match_rule': 'manual', 'telco_match_note': False})
        return self._done()

    def action_book_to_account(self):
        """Book the whole movement to the chosen account, whatever its direction."""
        self.ensure_one()
        account = self.counterpart_account_id
        if not account:
            raise UserError(_(
                "No account chosen for bank movement %(line)s. Choose the account to book it "
                "to under \"Book to an account\".",
                line=self.statement_line_id.display_name,
            ))
        self._check_counterpart_account(account)
        line = self.statement_line_id
        # The commercial partner, as for a payment on account, so that a receivable item
        # appears among the outstanding debits of the customer's credit notes.
        partner = self.partner_id.commercial_partner_id
        line._telco_apply_counterparts([{
            'account': account,
            'amount': -line.amount,
            'name': self.counterpart_label or line.payment_ref,
            'partner': partner,
        }], partner=partner or None)
        line.write({'telco_match_rule': 'manual', 'telco_match_note': False})
        return self._done()

    def _check_counterpart_account(self, account):
        """Enforce the field's domain on the server, which the client alone applies.

        The company and the deprecated flag are left to ``check_company`` and to Odoo's
        journal item checks.
        """
        line = self.statement_line_id
        if account in line.journal_id.default_account_id | line.journal_id.suspense_account_id:
            raise UserError(_(
                "Account %(account)s is the bank or suspense account of journal %(journal)s, "
                "which the movement already uses. Choose the account of the other side, such "
                "as an expense or income account.",
                account=account.display_name,
                journal=line.journal_id.display_name,
            ))
        if account.account_type == 'off_balance':
            raise UserError(_(
                "Account %(account)s is off-balance and cannot be used in a bank movement's "
                "journal entry. Choose another account.",
                account=account.display_name,
            ))
        if account.account_type in ('asset_receivable', 'liability_payable') \
                and not self.partner_id:
            raise UserError(_(
                "Account %(account)s is a receivable or payable account, so the journal item "
                "needs a partner. Choose the partner as well.",
                account=account.display_name,
            ))

    def _on_account_part(self, partner, amount):
        if not partner:
            raise UserError(_("Choose the customer who receives the rest of the payment."))
        return {
            'account': partner.with_company(self.company_id).property_account_receivable_id,
            'amount': -amount,
            'partner': partner,
            'name': _("Payment on account: %(label)s", label=self.payment_ref or ''),
        }


class TelcoReconcileWizardCandidate(models.TransientModel):
    _name = 'telco.reconcile.wizard.candidate'
    _description = 'Candidate invoice for a bank movement'
    _order = 'score desc, id'

    wizard_id = fields.Many2one('telco.reconcile.wizard', required=True, ondelete='cascade')
    currency_id = fields.Many2one(related='wizard_id.currency_id')
    invoice_id = fields.Many2one('account.move', string='Invoice', required=True, readonly=True)
    partner_id = fields.Many2one(related='invoice_id.commercial_partner_id', string='Customer')
    invoice_date_due = fields.Date(related='invoice_id.invoice_date_due', string='Due date')
    payment_reference = fields.Char(related='invoice_id.payment_reference')
    amount_residual = fields.Monetary(related='invoice_id.amount_residual', string='Amount due')
    score = fields.Float(
        readonly=True, digits=(4, 1),
        help="0-100: same amount 40 (15 within the write-off tolerance), same customer 25, "
             "reference similarity up to 20, due date close to the movement up to 15.",
    )
    selected = fields.Boolean(string='Select')
    allocation = fields.Monetary(help="Part of the movement applied to this invoice.")

    def action_confirm(self):
        """Pay this invoice with the movement; any excess becomes the customer's credit."""
        self.ensure_one()
        wizard = self.wizard_id
        wizard._check_credit()
        wizard.statement_line_id._telco_pay_invoices(
            self.invoice_id, 'manual',
            partner=self.invoice_id.commercial_partner_id,
        )
        return wizard._done()
