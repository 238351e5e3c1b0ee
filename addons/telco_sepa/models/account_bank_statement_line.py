from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

MATCH_RULES = [
    ('remittance_credit', 'Remittance credit'),
    ('return', 'Direct debit return'),
    ('registered_payment', 'Registered payment'),
    ('invoice_reference', 'Invoice reference'),
    ('known_counterparty', 'Known counterparty'),
    ('manual', 'Manual'),
]


class AccountBankStatementLine(models.Model):
    _inherit = 'account.bank.statement.line'

    telco_import_id = fields.Many2one(
        'telco.statement.import', string='Statement import', readonly=True, index='btree_not_null',
        ondelete='set null',
    )
    telco_import_fingerprint = fields.Char(
        string='Import fingerprint', readonly=True, copy=False,
        help="SHA-256 of the movement's content in the bank file. A movement with the same "
             "fingerprint on the same journal is not imported again.",
    )
    telco_common_concept = fields.Char(
        string='Common concept', readonly=True,
        help="Norma 43 two-digit common concept; 14 marks returns and unpaid items.",
    )
    telco_own_concept = fields.Char(string='Bank concept', readonly=True)
    telco_document_number = fields.Char(string='Document number', readonly=True)
    telco_end_to_end_id = fields.Char(
        string='End-to-end id', readonly=True, index='btree_not_null',
    )
    telco_mandate_reference = fields.Char(string='Mandate reference', readonly=True)
    telco_creditor_identifier = fields.Char(string='Creditor identifier', readonly=True)
    telco_counterparty_iban = fields.Char(string='Counterparty IBAN', readonly=True)
    telco_counterparty_name = fields.Char(string='Counterparty name', readonly=True)
    telco_bank_transaction_code = fields.Char(string='Bank transaction code', readonly=True)
    telco_return_reason = fields.Char(string='Return reason', readonly=True)
    telco_match_rule = fields.Selection(
        MATCH_RULES, string='Matched by', readonly=True, copy=False, index='btree_not_null',
    )
    telco_remittance_id = fields.Many2one(
        'telco.sepa.remittance', string='Remittance', readonly=True, copy=False,
        index='btree_not_null',
    )
    telco_remittance_line_id = fields.Many2one(
        'telco.sepa.remittance.line', string='Returned debit', readonly=True, copy=False,
        index='btree_not_null',
    )
    telco_invoice_ids = fields.Many2many(
        'account.move', 'telco_statement_line_invoice_rel', 'statement_line_id', 'move_id',
        string='Matched invoices', readonly=True, copy=False,
    )
    telco_match_note = fields.Char(
        string='Matching note', readonly=True, copy=False,
        help="Why the automatic matching left this movement for a person.",
    )

    def init(self):
        super().init()
        # The fingerprint identifies a movement within one bank account, so the same file
        # imported into two journals is not blocked, but twice into one journal is.
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS account_bank_statement_line_telco_fingerprint_uniq
                ON account_bank_statement_line (journal_id, telco_import_fingerprint)
             WHERE telco_import_fingerprint IS NOT NULL
        """)

    # -- reconciliation primitive ---------------------------------------------------------

    def _telco_check_reconcilable(self):
        self.ensure_one()
        _liquidity, suspense, other = self._seek_for_lines()
        if not suspense or other:
            raise UserError(_(
                "The bank movement %(line)s is already reconciled. Undo its reconciliation "
                "before matching it again.",
                line=self.display_name,
            ))
        company_currency = self.company_id.currency_id
        if self.foreign_currency_id or (self.journal_id.currency_id or company_currency) \
                != company_currency:
            raise UserError(_(
                "The bank movement %(line)s is in a foreign currency; match it in Accounting.",
                line=self.display_name,
            ))
        return suspense

    def _telco_apply_counterparts(self, parts, partner=None):
        """Replace the suspense item by counterpart items and reconcile them.

        ``parts`` is a list of dicts with ``account`` (account.account), ``amount`` (signed
        balance of the new journal item, in company currency), ``name``, optional
        ``partner`` and ``reconcile_with`` (journal items to reconcile the new item with).
        The amounts must add up to the suspense item's balance, so the entry stays balanced.
        """
        self.ensure_one()
        return self._telco_apply_counterparts_many([(self, parts, partner)])

    @api.model
    def _telco_apply_counterparts_many(self, entries):
        """Apply the counterparts of several movements at once and return the new items.

        ``entries`` is a list of ``(statement line, parts, partner)`` tuples, with ``parts``
        as in ``_telco_apply_counterparts``. All suspense items are deleted with one
        ``unlink``, all counterparts are created with one ``create`` and reconciled with one
        reconciliation plan. Writing each entry's ``line_ids`` instead would run Odoo's
        statement line and journal entry synchronisation once per movement, several times
        slower (docs/benchmarks.md). Odoo still checks the balance of every entry on exit.
        """
        suspense_lines = self.env['account.move.line']
        new_vals = []
        targets = []
        by_partner = defaultdict(lambda: self.env['account.bank.statement.line'])
        for line, parts, partner in entries:
            suspense = line._telco_check_reconcilable()
            currency = line.company_id.currency_id
            total = sum(part['amount'] for part in parts)
            if currency.compare_amounts(total, suspense.balance) != 0:
                raise UserError(_(
                    "The amounts allocated to bank movement %(line)s add up to %(total)s "
                    "instead of %(amount)s.",
                    line=line.display_name,
                    total=format_amount(self.env, total, currency),
                    amount=format_amount(self.env, suspense.balance, currency),
                ))
            if partner and line.partner_id != partner:
                by_partner[partner] |= line
            suspense_lines |= suspense
            for part in parts:
                line_partner = part.get('partner') or partner or line.partner_id
                new_vals.append({
                    'move_id': line.move_id.id,
                    'name': part.get('name') or line.payment_ref,
                    'account_id': part['account'].id,
                    'partner_id': line_partner.id,
                    'currency_id': currency.id,
                    'amount_currency': part['amount'],
                    'balance': part['amount'],
                })
                targets.append(part.get('reconcile_with'))

        # Odoo logs every created, deleted or changed item of a posted entry in its chatter.
        # Unless the company keeps an audit trail, that is three messages per movement which
        # tell nothing that the reconciliation and the stored match rule do not.
        companies = self.env['res.company'].union(*(entry[0].company_id for entry in entries))
        tracking_disable = not any(companies.mapped('check_account_audit_trail'))
        without_sync = self.with_context(
            skip_account_move_synchronization=True, skip_readonly_check=True,
            tracking_disable=tracking_disable,
        )
        # The statement line's partner is its journal entry's partner, and Odoo keeps the
        # liquidity item on the same partner.
        for partner, lines in by_partner.items():
            lines.with_env(without_sync.env).write({'partner_id': partner.id})
            liquidity = self.env['account.move.line'].union(
                *(line._seek_for_lines()[0] for line in lines)
            )
            liquidity.with_env(without_sync.env).write({'partner_id': partner.id})

        moves = suspense_lines.move_id
        items = self.env['account.move.line'].with_context(
            skip_account_move_synchronization=True, check_move_validity=False,
            tracking_disable=tracking_disable,
        )
        with moves._check_balanced({'records': moves}):
            # force_delete: Odoo otherwise refuses to delete items of a posted entry.
            suspense_lines.with_env(items.env).with_context(force_delete=True).unlink()
            new_lines = items.create(new_vals)
        plan = [new_line + target for new_line, target in zip(new_lines, targets) if target]
        if plan:
            self.env['account.move.line']._reconcile_plan(plan)
        return new_lines.with_env(self.env)

    @api.model
    def _telco_open_receivables(self, invoice):
        """Return the unreconciled receivable items of ``invoice``."""
        return invoice.line_ids.filtered(
            lambda aml: aml.account_type == 'asset_receivable' and not aml.reconciled
        )

    def _telco_invoice_parts(self, invoices, amount, on_account_partner=None, allocated=None):
        """Return counterpart parts that pay ``invoices`` in order with ``amount``.

        Each invoice receives at most its residual, so a short payment leaves the last
        invoice partly open. What is left after the last invoice goes to the customer's
        receivable account unreconciled, which Odoo shows as the customer's outstanding credit.
        ``allocated`` maps invoice ids to amounts that payments not yet applied already take
        from their residual.
        """
        currency = self.company_id.currency_id
        allocated = allocated or {}
        parts = []
        remaining = amount
        for invoice in invoices:
            if currency.compare_amounts(remaining, 0) <= 0:
                break
            receivable = self._telco_open_receivables(invoice)
            if not receivable:
                continue
            open_amount = sum(receivable.mapped('amount_residual')) - allocated.get(invoice.id, 0.0)
            allocated_now = min(remaining, open_amount)
            if currency.compare_amounts(allocated_now, 0) <= 0:
                continue
            parts.append({
                'account': receivable[0].account_id,
                'amount': -currency.round(allocated_now),
                'partner': invoice.commercial_partner_id,
                'name': invoice.name,
                'reconcile_with': receivable,
                'invoice': invoice,
            })
            remaining = currency.round(remaining - allocated_now)
        if currency.compare_amounts(remaining, 0) > 0:
            partner = on_account_partner or (invoices[:1].commercial_partner_id)
            if not partner:
                raise UserError(_(
                    "No customer to credit the remaining %(amount)s of bank movement %(line)s "
                    "to.",
                    amount=format_amount(self.env, remaining, currency),
                    line=self.display_name,
                ))
            parts.append({
                'account': partner.with_company(self.company_id).property_account_receivable_id,
                'amount': -remaining,
                'partner': partner,
                'name': _("Payment on account: %(label)s", label=self.payment_ref or ''),
            })
        return parts

    def _telco_invoice_entry(self, invoices, partner=None, extra_parts=(), allocated=None):
        """Return the ``(line, parts, partner)`` entry that pays ``invoices`` in order."""
        self.ensure_one()
        partner = partner or invoices[:1].commercial_partner_id
        # Extra parts (a write-off) change what is left for the invoices: a debit write-off
        # of 0.50 lets a credit of 99.50 settle an invoice of 100.00.
        amount = self.amount + sum(part['amount'] for part in extra_parts)
        parts = self._telco_invoice_parts(invoices, amount, on_account_partner=partner,
                                          allocated=allocated)
        return self, parts + list(extra_parts), partner

    def _telco_record_match(self, rule, invoices):
        """Store the rule that matched this movement and the invoices it paid."""
        self.write({
            'telco_match_rule': rule,
            'telco_invoice_ids': [Command.set(invoices.ids)],
            'telco_match_note': False,
        })

    def _telco_pay_invoices(self, invoices, rule, partner=None, extra_parts=()):
        """Reconcile this credit with ``invoices`` (in the given order) and record the match."""
        entry = self._telco_invoice_entry(invoices, partner=partner, extra_parts=extra_parts)
        self._telco_apply_counterparts_many([entry])
        paid = self.env['account.move'].union(
            *[part['invoice'] for part in entry[1] if part.get('invoice')]
        )
        self._telco_record_match(rule, paid)

    # -- actions ----------------------------------------------------------------------------

    def action_telco_match_again(self):
        """Run the automatic matching rules again on the selected unmatched movements."""
        lines = self.filtered(lambda line: not line.is_reconciled)
        result = self.env['telco.reconcile.engine']._match_statement_lines(lines)
        return {
            'type': 'ir.actions.client',
            'tag': 'display_notification',
            'params': {
                'title': _("Matching finished"),
                'message': _(
                    "%(matched)s of %(total)s movements matched.",
                    matched=result['matched'],
                    total=len(lines),
                ),
                'type': 'success' if result['matched'] else 'warning',
                'next': {'type': 'ir.actions.act_window_close'},
            },
        }

    def action_telco_reconcile(self):
        """Open the candidate invoices of this movement for a manual match."""
        self.ensure_one()
        self._telco_check_reconcilable()
        wizard = self.env['telco.reconcile.wizard'].create({'statement_line_id': self.id})
        wizard._load_candidates()
        return {
            'type': 'ir.actions.act_window',
            'name': _("Reconcile %(line)s", line=self.payment_ref or self.display_name),
            'res_model': 'telco.reconcile.wizard',
            'res_id': wizard.id,
            'view_mode': 'form',
            'target': 'new',
        }

    @api.model
    def _telco_text_of(self, line):
        """Return every free text of a statement line, for reference searches."""
        return " ".join(filter(None, [
            line.payment_ref, line.telco_document_number, line.telco_end_to_end_id,
            line.telco_counterparty_name,
        ]))
