import logging
import re
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from telcocollect.returns import ReturnFile, ReturnTransaction

from .telco_statement_import import sanitize_account_number

_logger = logging.getLogger(__name__)

# Words of a bank text that may be an invoice number, a payment reference, a remittance
# reference or an end-to-end id: letters, digits and the separators Odoo sequences use.
_TOKEN_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9/\-_.]{2,}[A-Z0-9]")
# Norma 43 common concept of returned and unpaid items.
_RETURN_CONCEPT = '14'


def text_tokens(text):
    """Return the candidate reference tokens of ``text``, in upper case.

    Invoice numbers such as INV/2025/00012 are kept whole; a trailing dot or comma of the
    sentence is not part of the token.
    """
    return set(_TOKEN_PATTERN.findall((text or '').upper()))


def open_invoice_domain(company):
    return [
        ('company_id', '=', company.id),
        ('move_type', '=', 'out_invoice'),
        ('state', '=', 'posted'),
        ('payment_state', 'in', ('not_paid', 'partial')),
    ]


class TelcoReconcileEngine(models.AbstractModel):
    """Automatic matching of imported bank movements, rule by rule.

    Rules, tried in this order on each movement: remittance credit, direct debit return,
    invoice reference in the texts, counterparty IBAN or NIF of exactly one customer. Each
    lookup collects the tokens of all movements of the batch first and runs one indexed
    search (``name in tokens``), so the cost grows with the movements, not with movements
    times open invoices.
    """

    _name = 'telco.reconcile.engine'
    _description = 'Bank statement matching rules'

    @api.model
    def _match_statement_lines(self, lines):
        """Match ``lines`` and return {'matched': n}; one savepoint per movement."""
        lines = lines.filtered(lambda line: not line.is_reconciled and not line.telco_match_rule)
        if not lines:
            return {'matched': 0}
        context = self._prepare_context(lines)
        matched = 0
        for line in lines:
            try:
                with self.env.cr.savepoint():
                    if self._match_one(line, context):
                        matched += 1
            except (UserError, ValidationError) as error:
                _logger.warning("Statement line %s not matched: %s", line.id, error)
                line.telco_match_note = str(error)[:250]
        return {'matched': matched}

    @api.model
    def _match_one(self, line, context):
        currency = line.company_id.currency_id
        if currency.is_zero(line.amount):
            return False
        if line.amount > 0 and self._match_remittance_credit(line, context):
            return True
        if line.amount < 0 and self._is_return(line):
            return self._match_return(line, context)
        if line.amount > 0 and self._match_invoice_reference(line, context):
            return True
        if line.amount > 0 and self._match_known_counterparty(line, context):
            return True
        return False

    # -- batch lookups --------------------------------------------------------------------

    @api.model
    def _prepare_context(self, lines):
        """Run the indexed searches for every movement of the batch at once."""
        company = lines.company_id[:1]
        tokens_by_line = {
            line.id: text_tokens(self.env['account.bank.statement.line']._telco_text_of(line))
            for line in lines
        }
        all_tokens = list(set().union(*tokens_by_line.values()))

        invoices = self.env['account.move'].search(
            open_invoice_domain(company) + [
                '|', ('name', 'in', all_tokens), ('payment_reference', 'in', all_tokens),
            ],
            order='invoice_date_due, id',
        ) if all_tokens else self.env['account.move']
        invoices_by_token = defaultdict(lambda: self.env['account.move'])
        for invoice in invoices:
            invoices_by_token[invoice.name.upper()] |= invoice
            if invoice.payment_reference:
                invoices_by_token[invoice.payment_reference.upper()] |= invoice

        remittances = self.env['telco.sepa.remittance'].search([
            ('company_id', '=', company.id),
            ('state', '=', 'sent'),
        ])
        return {
            'tokens': tokens_by_line,
            'invoices_by_token': invoices_by_token,
            'remittances': remittances,
        }

    # -- rule a: remittance credit ------------------------------------------------------------

    @api.model
    def _match_remittance_credit(self, line, context):
        if line.telco_end_to_end_id and self._match_debit_credit(line):
            return True
        remittances = context['remittances'].filtered(lambda r: r.state == 'sent')
        tokens = context['tokens'][line.id]
        named = remittances.filtered(
            lambda r: (r.message_id and r.message_id.upper() in tokens) or r.name.upper() in tokens
        )
        currency = line.company_id.currency_id
        if not named:
            named = remittances.filtered(
                lambda r: r.journal_id == line.journal_id
                and currency.compare_amounts(r.amount_total, line.amount) == 0
            )
        if len(named) != 1:
            return False
        remittance = named
        payment_lines = self._remittance_open_lines(remittance)
        account = payment_lines.account_id[:1] or remittance.line_ids.payment_id.outstanding_account_id[:1]
        if not account:
            return False
        open_total = sum(payment_lines.mapped('amount_residual'))
        parts = [{
            'account': account,
            'amount': -min(line.amount, open_total) if open_total > 0 else -line.amount,
            'name': _("Remittance %(name)s", name=remittance.name),
            'partner': remittance.company_id.partner_id,
            'reconcile_with': payment_lines,
        }]
        rest = currency.round(line.amount + parts[0]['amount'])
        if currency.compare_amounts(rest, 0) > 0:
            # The bank credited more than what is still open (some debits were returned
            # before the credit): the difference stays on the outstanding receipts account,
            # where the return movement of the statement closes it.
            parts.append({
                'account': account,
                'amount': -rest,
                'name': _("Remittance %(name)s: returned debits", name=remittance.name),
                'partner': remittance.company_id.partner_id,
            })
        line._telco_apply_counterparts(parts, partner=remittance.company_id.partner_id)
        line.write({
            'telco_match_rule': 'remittance_credit',
            'telco_remittance_id': remittance.id,
            'telco_match_note': False,
        })
        remittance._telco_mark_credited(line)
        return True

    @api.model
    def _match_debit_credit(self, line):
        """Match a credit for one debit of a remittance, by its end-to-end id.

        camt.053 reports a batch-booked remittance as one entry with a detail per debit, and
        the parser makes one movement of each detail.
        """
        debit = self.env['telco.sepa.remittance.line'].search([
            ('company_id', '=', line.company_id.id),
            ('end_to_end_id', '=', line.telco_end_to_end_id),
            ('state', '=', 'sent'),
        ], limit=1)
        currency = line.company_id.currency_id
        if not debit or currency.compare_amounts(debit.amount, line.amount) != 0:
            return False
        account = debit.payment_id.outstanding_account_id
        payment_lines = debit.payment_id.move_id.line_ids.filtered(
            lambda aml: aml.account_id == account and not aml.reconciled
        )
        if not payment_lines:
            return False
        line._telco_apply_counterparts([{
            'account': account,
            'amount': -line.amount,
            'name': debit.end_to_end_id,
            'partner': debit.partner_id.commercial_partner_id,
            'reconcile_with': payment_lines,
        }], partner=debit.partner_id.commercial_partner_id)
        line.write({
            'telco_match_rule': 'remittance_credit',
            'telco_remittance_id': debit.remittance_id.id,
            'telco_invoice_ids': [fields.Command.set(debit.move_id.ids)],
            'telco_match_note': False,
        })
        remittance = debit.remittance_id
        if remittance.state == 'sent' and not self._remittance_open_lines(remittance).filtered(
            lambda aml: aml.balance > 0 and aml.payment_id
        ):
            remittance._telco_mark_credited(line)
        return True

    @api.model
    def _remittance_open_lines(self, remittance):
        """Return the open outstanding receipts items of the remittance.

        These are the debit items of its non-returned payments, plus the debit items of
        return movements matched on a statement before the credit was.
        """
        payments = remittance.line_ids.filtered(lambda debit: debit.state == 'sent').payment_id
        accounts = payments.outstanding_account_id
        payment_lines = payments.move_id.line_ids.filtered(
            lambda aml: aml.account_id in accounts and not aml.reconciled
        )
        returns = self.env['account.bank.statement.line'].search([
            ('telco_match_rule', '=', 'return'),
            ('telco_remittance_line_id.remittance_id', '=', remittance.id),
        ])
        return_lines = returns.move_id.line_ids.filtered(
            lambda aml: aml.account_id in accounts and not aml.reconciled
        )
        return payment_lines | return_lines

    # -- rule b: return -------------------------------------------------------------------------

    @api.model
    def _is_return(self, line):
        return line.telco_common_concept == _RETURN_CONCEPT or bool(line.telco_return_reason)

    @api.model
    def _find_returned_debit(self, line, context):
        Debit = self.env['telco.sepa.remittance.line']
        company_domain = [('company_id', '=', line.company_id.id),
                          ('state', 'in', ('sent', 'returned'))]
        candidates = set(context['tokens'][line.id])
        if line.telco_end_to_end_id:
            candidates.add(line.telco_end_to_end_id)
        debit = Debit.search(company_domain + [('end_to_end_id', 'in', list(candidates))],
                             limit=2) if candidates else Debit
        if len(debit) == 1:
            return debit
        if line.telco_mandate_reference:
            debits = Debit.search(company_domain + [
                ('mandate_id.name', '=', line.telco_mandate_reference),
            ], order='collection_date desc, id desc')
            currency = line.company_id.currency_id
            debits = debits.filtered(
                lambda d: currency.compare_amounts(d.amount, -line.amount) == 0
            )
            # The latest debit of that amount under the mandate: a return arrives within
            # days of its collection, long before the next one.
            return debits[:1]
        return Debit

    @api.model
    def _match_return(self, line, context):
        debit = self._find_returned_debit(line, context)
        if not debit:
            line.telco_match_note = _("Return movement: no direct debit found for it.")
            return False
        currency = line.company_id.currency_id
        if currency.compare_amounts(debit.amount, -line.amount) != 0:
            line.telco_match_note = _(
                "Return of %(amount)s but debit %(debit)s collected %(collected)s.",
                amount=-line.amount, debit=debit.end_to_end_id, collected=debit.amount,
            )
            return False
        if debit.state == 'sent':
            self._apply_return(line, debit)
        # else: a return file already reversed the payment; the movement is only reconciled.
        account = debit.payment_id.outstanding_account_id
        # The remittance credit, when already matched, left the returned amount open on the
        # outstanding receipts account (a return file reversing the payment unreconciles it
        # from the credit). Without a matched credit yet, this movement's item stays open and
        # the credit's matching picks it up.
        credit_lines = self._remittance_credit_open_lines(debit.remittance_id, account)
        line._telco_apply_counterparts([{
            'account': account,
            'amount': -line.amount,
            'name': _("Return of %(debit)s", debit=debit.end_to_end_id),
            'partner': debit.partner_id.commercial_partner_id,
            'reconcile_with': credit_lines,
        }], partner=debit.partner_id.commercial_partner_id)
        line.write({
            'telco_match_rule': 'return',
            'telco_remittance_id': debit.remittance_id.id,
            'telco_remittance_line_id': debit.id,
            'telco_invoice_ids': [fields.Command.set(debit.move_id.ids)],
            'telco_match_note': False,
        })
        return True

    @api.model
    def _remittance_credit_open_lines(self, remittance, account):
        credits = self.env['account.bank.statement.line'].search([
            ('telco_match_rule', '=', 'remittance_credit'),
            ('telco_remittance_id', '=', remittance.id),
        ])
        return credits.move_id.line_ids.filtered(
            lambda aml: aml.account_id == account and not aml.reconciled and aml.balance < 0
        )

    @api.model
    def _apply_return(self, line, debit):
        """Reverse the debit's collection through the return-file service.

        The statement import becomes the source of a return record, so the return shows in
        the list of returns with its reason like one read from a return file.
        """
        statement_import = line.telco_import_id
        transaction = ReturnTransaction(
            end_to_end_id=debit.end_to_end_id,
            reason_code=line.telco_return_reason or None,
            amount_cents=debit.remittance_id._to_cents(debit.amount, debit.currency_id),
            mandate_id=debit.mandate_id.name,
            original_message_id=debit.remittance_id.message_id or None,
            return_date=line.date,
            kind='return',
            debtor_name=line.telco_counterparty_name or None,
            source_line=None,
        )
        parsed = ReturnFile(
            format=statement_import.file_format or 'statement',
            message_id='',
            created=None,
            transactions=(transaction,),
            warnings=(),
        )
        return_file = self.env['telco.sepa.return.file'].create({
            'name': _("Return on statement line %(line)s (%(file)s)",
                      line=line.id, file=statement_import.name or line.statement_id.name or ''),
            'company_id': line.company_id.id,
            # One return record per statement movement: its fingerprint is unique per journal.
            'file_sha256': line.telco_import_fingerprint or f"statement-line-{line.id}",
            'file_format': parsed.format,
        })
        return_file._apply_transactions(parsed)
        if debit.state != 'returned':
            raise UserError(_(
                "The return of debit %(debit)s could not be applied: %(message)s",
                debit=debit.end_to_end_id,
                message=return_file.line_ids[:1].message or '',
            ))

    # -- rule c: invoice reference -----------------------------------------------------------

    @api.model
    def _match_invoice_reference(self, line, context):
        invoices = self.env['account.move']
        for token in context['tokens'][line.id]:
            invoices |= context['invoices_by_token'].get(token, self.env['account.move'])
        invoices = invoices.filtered(lambda inv: inv.payment_state in ('not_paid', 'partial'))
        if not invoices or len(invoices.commercial_partner_id) != 1:
            return False
        line._telco_pay_invoices(invoices.sorted(lambda inv: (inv.invoice_date_due, inv.id)),
                                 'invoice_reference')
        return True

    # -- rule d: known counterparty ----------------------------------------------------------

    @api.model
    def _match_known_counterparty(self, line, context):
        partner = self._known_partner(line, context)
        if not partner:
            return False
        invoices = self.env['account.move'].search(
            open_invoice_domain(line.company_id) + [('commercial_partner_id', '=', partner.id)],
            order='invoice_date_due, invoice_date, id',
        )
        if not invoices:
            return False
        line._telco_pay_invoices(invoices, 'known_counterparty', partner=partner)
        return True

    @api.model
    def _known_partner(self, line, context):
        """Return the one customer owning the movement's IBAN or a NIF in its texts, if any."""
        Partner = self.env['res.partner']
        partners = Partner
        number = sanitize_account_number(line.telco_counterparty_iban or line.account_number)
        if number:
            partners = self.env['res.partner.bank'].search([
                ('sanitized_acc_number', '=', number),
            ]).partner_id.commercial_partner_id
        if not partners:
            tokens = context['tokens'][line.id]
            vats = list(tokens | {f"ES{token}" for token in tokens if not token.startswith('ES')})
            if vats:
                partners = Partner.search([('vat', 'in', vats)]).commercial_partner_id
        if len(partners) != 1:
            return Partner
        return partners
