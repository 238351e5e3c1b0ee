import logging
import re
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

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
    sentence is not part of the token. A word with inner dots, such as REF.INV/2025/00012,
    also gives its parts, since a dot is no separator of Odoo sequences.
    """
    tokens = set(_TOKEN_PATTERN.findall((text or '').upper()))
    for token in [token for token in tokens if '.' in token]:
        for part in token.split('.'):
            tokens.update(_TOKEN_PATTERN.findall(part))
    return tokens


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
    lookup collects the tokens of all movements of the batch first and runs indexed searches
    (``name in tokens``), so the cost grows with the movements, not with movements times open
    invoices.

    Remittance credits and returns are applied as soon as they match. Payments of customer
    invoices, the bulk of a statement, are queued and applied together at the end of each
    batch: one ``unlink``, one ``create`` and one reconciliation plan for the whole batch.
    """

    _name = 'telco.reconcile.engine'
    _description = 'Bank statement matching rules'

    @api.model
    def _match_statement_lines(self, lines, batch_size=500):
        """Match ``lines`` in batches of ``batch_size`` and return {'matched': n}."""
        lines = lines.filtered(lambda line: not line.is_reconciled and not line.telco_match_rule)
        matched = 0
        for start in range(0, len(lines), batch_size):
            matched += self._match_batch(lines[start:start + batch_size])
        return {'matched': matched}

    @api.model
    def _match_batch(self, lines):
        """Match one batch of movements and return how many were matched."""
        context = self._prepare_context(lines)
        matched = 0
        for line in lines:
            try:
                with self.env.cr.savepoint():
                    if self._match_one(line, context):
                        matched += 1
                    elif not (line.amount < 0 and self._is_return(line)):
                        # The return rule writes its own note.
                        line.telco_match_note = self._unmatched_reason(line, context)
            except (UserError, ValidationError) as error:
                self._note_failure(line, error)
        failed = self._apply_queued_payments(context['queued'])
        return matched - failed

    @api.model
    def _unmatched_reason(self, line, context):
        """Return the note that explains to the accountant why no rule matched ``line``."""
        currency = line.company_id.currency_id
        if currency.is_zero(line.amount):
            return _("Movement of zero amount: nothing to match.")
        if line.amount < 0:
            return _(
                "Outgoing movement that is not a direct debit return: book it to an account "
                "with Reconcile."
            )
        tokens = list(context['tokens'][line.id])
        named = self.env['account.move'].search([
            ('company_id', '=', line.company_id.id),
            ('move_type', '=', 'out_invoice'),
            ('state', '=', 'posted'),
            ('name', 'in', tokens),
        ], limit=5) if tokens else self.env['account.move']
        pending = self._pending_payments(named)
        if pending:
            return _(
                "The movement names %(invoices)s, which has registered payments waiting for "
                "the bank of other amounts: %(payments)s. Check with the customer what was "
                "paid, correct the registered payment, then click Match again.",
                invoices=", ".join(named.mapped('name')),
                payments=", ".join(
                    f"{payment.name} ({format_amount(self.env, payment.amount, payment.currency_id)})"
                    for payment, _liquidity in pending
                ),
            )
        if named and all(invoice.payment_state in ('paid', 'in_payment', 'reversed')
                         for invoice in named):
            return _(
                "The movement names invoices already paid: %(invoices)s. Check whether it is a "
                "duplicate payment, and refund it or keep it as the customer's credit with "
                "Reconcile.",
                invoices=", ".join(named.mapped('name')),
            )
        if len(named.commercial_partner_id) > 1:
            return _(
                "The movement names invoices of several customers (%(invoices)s). Split it "
                "with Reconcile.",
                invoices=", ".join(named.mapped('name')),
            )
        return _(
            "No open invoice number or payment reference, and no IBAN or NIF of a single "
            "customer, was found in the movement. Choose the invoices with Reconcile."
        )

    @api.model
    def _note_failure(self, line, error):
        _logger.warning("Statement line %s not matched: %s", line.id, error)
        line.telco_match_note = str(error)[:250]

    @api.model
    def _apply_queued_payments(self, queued):
        """Apply the queued invoice payments together and return how many failed.

        When the batch fails as a whole, each payment is applied on its own, so that one
        movement that cannot be reconciled leaves the others matched, with its error noted.
        """
        if not queued:
            return 0
        StatementLine = self.env['account.bank.statement.line']
        try:
            with self.env.cr.savepoint():
                StatementLine._telco_apply_counterparts_many([entry[:3] for entry in queued])
                for line, _parts, _partner, rule, invoices in queued:
                    line._telco_record_match(rule, invoices)
            return 0
        except (UserError, ValidationError) as error:
            _logger.info("Applying %d queued payments together failed (%s); applying them "
                         "one by one", len(queued), error)
        failed = 0
        for line, parts, partner, rule, invoices in queued:
            try:
                with self.env.cr.savepoint():
                    StatementLine._telco_apply_counterparts_many([(line, parts, partner)])
                    line._telco_record_match(rule, invoices)
            except (UserError, ValidationError) as error:
                failed += 1
                self._note_failure(line, error)
        return failed

    @api.model
    def _queue_invoice_payment(self, line, invoices, rule, context, partner=None):
        """Queue the payment of ``invoices`` by ``line`` for the end of the batch.

        The amounts allocated to each invoice are recorded in the context, so that a later
        movement of the same batch naming that invoice is allocated only what is still due.
        """
        entry = line._telco_invoice_entry(invoices, partner=partner,
                                          allocated=context['allocated'])
        line, parts, partner = entry
        for part in parts:
            invoice = part.get('invoice')
            if invoice:
                context['allocated'][invoice.id] -= part['amount']
        paid = self.env['account.move'].union(*[p['invoice'] for p in parts if p.get('invoice')])
        context['queued'].append((line, parts, partner, rule, paid))
        return True

    @api.model
    def _open_amount(self, invoice, context):
        """Return what is still due on ``invoice`` after the payments queued in this batch."""
        receivable = self.env['account.bank.statement.line']._telco_open_receivables(invoice)
        return sum(receivable.mapped('amount_residual')) - context['allocated'].get(invoice.id, 0.0)

    @api.model
    def _match_one(self, line, context):
        currency = line.company_id.currency_id
        if currency.is_zero(line.amount):
            return False
        if line.amount > 0 and self._match_remittance_credit(line, context):
            return True
        if line.amount < 0 and self._is_return(line):
            return self._match_return(line, context)
        if line.amount > 0 and self._match_registered_payment(line, context):
            return True
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

        invoices = self._search_invoices_by_tokens(company, all_tokens)
        paid_invoices = self._search_invoices_by_tokens(company, all_tokens, paid=True)
        paid_by_token = defaultdict(lambda: self.env['account.move'])
        for invoice in paid_invoices:
            paid_by_token[invoice.name.upper()] |= invoice
            if invoice.payment_reference:
                paid_by_token[invoice.payment_reference.upper()] |= invoice
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
            'paid_invoices_by_token': paid_by_token,
            'remittances': remittances,
            'partner_by_number': self._partners_by_account_number(lines),
            # Payments of customer invoices waiting for the end of the batch, and the amount
            # they allocate to each invoice id.
            'queued': [],
            'allocated': defaultdict(float),
        }

    @api.model
    def _partners_by_account_number(self, lines):
        """Return {sanitized account number: commercial partners} for the movements' IBANs."""
        numbers = {
            sanitize_account_number(line.telco_counterparty_iban or line.account_number)
            for line in lines
        } - {''}
        result = defaultdict(lambda: self.env['res.partner'])
        if numbers:
            banks = self.env['res.partner.bank'].search([
                ('sanitized_acc_number', 'in', list(numbers)),
            ])
            for bank in banks:
                result[bank.sanitized_acc_number] |= bank.partner_id.commercial_partner_id
        return result

    @api.model
    def _search_invoices_by_tokens(self, company, tokens, paid=False):
        """Return the open (with ``paid``, the partly or fully paid) invoices named by ``tokens``.

        Odoo indexes both columns with trigram GIN indexes, which PostgreSQL 15 picks for
        ``name = ANY(tokens)`` on a cost estimate far below the real one (measured: 2.8 s for
        500 tokens over 3,000 entries, growing with the table). GIN indexes serve bitmap scans only,
        so bitmap scans are off for these two searches and PostgreSQL uses the b-tree indexes
        of account.move.init instead (under 1 ms for the same search).
        """
        invoices = self.env['account.move']
        if not tokens:
            return invoices
        self.env.flush_all()
        self.env.cr.execute("SET LOCAL enable_bitmapscan = off")
        try:
            # Two searches rather than one with an OR, so that each uses its own index.
            domain = open_invoice_domain(company)
            if paid:
                # Partly paid invoices count too, because a registered payment may cover part
                # of one.
                domain = [term if term[0] != 'payment_state'
                          else ('payment_state', 'in', ('partial', 'paid', 'in_payment'))
                          for term in domain]
            for field_name in ('name', 'payment_reference'):
                invoices |= invoices.search(domain + [(field_name, 'in', tokens)])
        finally:
            self.env.cr.execute("RESET enable_bitmapscan")
        return invoices

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
                amount=format_amount(self.env, -line.amount, currency),
                debit=debit.end_to_end_id,
                collected=format_amount(self.env, debit.amount, currency),
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

    # -- registered payment --------------------------------------------------------------------

    @api.model
    def _match_registered_payment(self, line, context):
        """Match a transfer with a payment already registered in Odoo for the invoice it names.

        A payment registered by hand (Register Payment on the invoice) debits the journal's
        outstanding receipts account and already settles the invoice, so the invoice is no
        longer open for the reference rule. Its bank movement clears that outstanding item
        instead of paying another invoice of the customer a second time.
        """
        invoices = self.env['account.move']
        for token in context['tokens'][line.id]:
            invoices |= context['paid_invoices_by_token'].get(token, self.env['account.move'])
        currency = line.company_id.currency_id
        candidates = [
            (payment, liquidity) for payment, liquidity in self._pending_payments(invoices)
            if not currency.compare_amounts(payment.amount_company_currency_signed, line.amount)
        ]
        if not candidates or len({p.partner_id.commercial_partner_id for p, _l in candidates}) != 1:
            return False
        # Equal payments of one customer are interchangeable, so the oldest is cleared first.
        payment, liquidity = min(candidates, key=lambda item: (item[0].date, item[0].id))
        partner = payment.partner_id.commercial_partner_id
        line._telco_apply_counterparts([{
            'account': liquidity.account_id,
            'amount': -line.amount,
            'name': payment.name,
            'partner': partner,
            'reconcile_with': liquidity,
        }], partner=partner)
        line._telco_record_match('registered_payment', payment.reconciled_invoice_ids)
        return True

    @api.model
    def _pending_payments(self, invoices):
        """Return (payment, outstanding item) pairs of ``invoices`` still waiting for the bank.

        Only payments registered in Odoo count, not direct debits, and only while their
        outstanding receipts item is unreconciled.
        """
        payments = invoices._get_reconciled_payments()
        # Direct debit payments are cleared by the remittance credit, not one by one.
        payments -= self.env['telco.sepa.remittance.line'].search([
            ('payment_id', 'in', payments.ids),
        ]).payment_id
        result = []
        for payment in payments:
            # Odoo 18 shows such a payment as Paid once its invoices are paid, even while its
            # outstanding item waits for the bank, so the outstanding item decides.
            if payment.state not in ('in_process', 'paid') or payment.payment_type != 'inbound':
                continue
            liquidity = payment._seek_for_lines()[0].filtered(
                lambda aml: not aml.reconciled and aml.account_id.reconcile
            )
            if liquidity:
                result.append((payment, liquidity))
        return result

    # -- rule c: invoice reference -----------------------------------------------------------

    @api.model
    def _match_invoice_reference(self, line, context):
        invoices = self.env['account.move']
        for token in context['tokens'][line.id]:
            invoices |= context['invoices_by_token'].get(token, self.env['account.move'])
        currency = line.company_id.currency_id
        invoices = invoices.filtered(
            lambda inv: inv.payment_state in ('not_paid', 'partial')
            and currency.compare_amounts(self._open_amount(inv, context), 0) > 0
        )
        if not invoices or len(invoices.commercial_partner_id) != 1:
            return False
        if len(invoices) > 1:
            # A text naming several invoices with the exact amount of one of them pays that one.
            exact = invoices.filtered(
                lambda inv: currency.compare_amounts(self._open_amount(inv, context),
                                                     line.amount) == 0
            )
            if len(exact) == 1:
                invoices = exact
        return self._queue_invoice_payment(
            line, invoices.sorted(lambda inv: (inv.invoice_date_due, inv.id)),
            'invoice_reference', context,
        )

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
        return self._queue_invoice_payment(line, invoices, 'known_counterparty', context,
                                           partner=partner)

    @api.model
    def _known_partner(self, line, context):
        """Return the one customer owning the movement's IBAN or a NIF in its texts, if any."""
        Partner = self.env['res.partner']
        partners = Partner
        number = sanitize_account_number(line.telco_counterparty_iban or line.account_number)
        if number:
            partners = context['partner_by_number'].get(number, Partner)
        if not partners:
            tokens = context['tokens'][line.id]
            vats = list(tokens | {f"ES{token}" for token in tokens if not token.startswith('ES')})
            if vats:
                partners = Partner.search([('vat', 'in', vats)]).commercial_partner_id
        if len(partners) != 1:
            return Partner
        return partners
