import hashlib
import logging
from collections import Counter
from datetime import timezone

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from telcocollect.errors import FormatError
from telcocollect.money import from_cents
from telcocollect.returns import parse_return_file

_logger = logging.getLogger(__name__)


class TelcoSepaReturnFile(models.Model):
    _name = 'telco.sepa.return.file'
    _description = 'Imported SEPA reject or return file'
    _inherit = ['mail.thread']
    _order = 'import_date desc, id desc'

    name = fields.Char(string='File name', required=True, readonly=True)
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True, default=lambda self: self.env.company,
        index=True,
    )
    currency_id = fields.Many2one(related='company_id.currency_id')
    file_sha256 = fields.Char(string='SHA-256', required=True, readonly=True, index=True)
    file_format = fields.Char(string='Format', readonly=True)
    bank_message_id = fields.Char(string='Bank message id', readonly=True, index=True)
    bank_created = fields.Datetime(string='Created by the bank', readonly=True)
    import_date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        'res.users', string='Imported by', required=True, readonly=True,
        default=lambda self: self.env.user,
    )
    attachment_id = fields.Many2one('ir.attachment', string='File', readonly=True)
    line_ids = fields.One2many('telco.sepa.return.line', 'file_id', string='Transactions',
                               readonly=True)
    warnings = fields.Text(readonly=True)
    applied_count = fields.Integer(compute='_compute_counts', store=True)
    skipped_count = fields.Integer(
        compute='_compute_counts', store=True,
        help="Transactions not applied: not found, already returned or with another amount.",
    )
    amount_applied = fields.Monetary(compute='_compute_counts', store=True)

    _sql_constraints = [
        ('sha256_company_unique', 'unique (file_sha256, company_id)',
         'This file was already imported.'),
    ]

    @api.depends('line_ids.state', 'line_ids.amount')
    def _compute_counts(self):
        for return_file in self:
            applied = return_file.line_ids.filtered(lambda line: line.state == 'applied')
            return_file.applied_count = len(applied)
            return_file.skipped_count = len(return_file.line_ids) - len(applied)
            return_file.amount_applied = sum(applied.mapped('amount'))

    @api.model
    def import_return_file(self, data, file_name):
        """Import a pain.002, camt.054 or AEB 19.14 file and apply its returns.

        The whole file is applied inside one savepoint: any error undoes every change, even
        when the caller catches the exception. Raises UserError when the file was already
        imported (same content or same bank message id) or cannot be read.
        """
        company = self.env.company
        sha256 = hashlib.sha256(data).hexdigest()
        self._check_not_imported(company, [('file_sha256', '=', sha256)])
        try:
            parsed = parse_return_file(data)
        except FormatError as error:
            raise UserError(_(
                "The file %(file)s cannot be imported: %(error)s. Nothing was imported.",
                file=file_name,
                error=str(error),
            )) from None
        if parsed.message_id:
            self._check_not_imported(company, [('bank_message_id', '=', parsed.message_id)])

        with self.env.cr.savepoint():
            return_file = self.create({
                'name': file_name,
                'company_id': company.id,
                'file_sha256': sha256,
                'file_format': parsed.format,
                'bank_message_id': parsed.message_id or False,
                'bank_created': self._to_naive_utc(parsed.created),
                'warnings': "\n".join(parsed.warnings) or False,
            })
            return_file.attachment_id = self.env['ir.attachment'].create({
                'name': file_name,
                'raw': data,
                'res_model': self._name,
                'res_id': return_file.id,
            })
            return_file._apply_transactions(parsed)
        _logger.info(
            "Return file %s (%s, message %s) imported: %d applied, %d skipped",
            return_file.name, parsed.format, parsed.message_id,
            return_file.applied_count, return_file.skipped_count,
        )
        return return_file

    @staticmethod
    def _to_naive_utc(value):
        """Return a datetime as the naive UTC value Odoo stores; naive input is kept as is."""
        if not value or value.tzinfo is None:
            return value or False
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def _check_not_imported(self, company, domain):
        earlier = self.search([('company_id', '=', company.id)] + domain, limit=1)
        if earlier:
            raise UserError(_(
                "This file was already imported as %(name)s on %(date)s by %(user)s. Nothing "
                "was changed.",
                name=earlier.name,
                date=earlier.import_date,
                user=earlier.user_id.name,
            ))

    def _apply_transactions(self, parsed):
        self.ensure_one()
        RemittanceLine = self.env['telco.sepa.remittance.line']
        end_to_end_ids = [t.end_to_end_id for t in parsed.transactions]
        debits = RemittanceLine.search([
            ('end_to_end_id', 'in', end_to_end_ids),
            ('company_id', '=', self.company_id.id),
        ])
        debit_by_e2e = {debit.end_to_end_id: debit for debit in debits}
        reasons = self.env['telco.sepa.return.reason'].with_context(active_test=False).search([
            ('code', 'in', [t.reason_code for t in parsed.transactions if t.reason_code]),
        ])
        reason_by_code = {reason.code: reason for reason in reasons}
        default_date = (parsed.created and parsed.created.date()) or fields.Date.context_today(self)
        seen = Counter()

        line_vals_list = []
        for sequence, transaction in enumerate(parsed.transactions, start=1):
            debit = debit_by_e2e.get(transaction.end_to_end_id, RemittanceLine)
            reason = reason_by_code.get(transaction.reason_code)
            amount = (
                float(from_cents(transaction.amount_cents))
                if transaction.amount_cents is not None else 0.0
            )
            seen[transaction.end_to_end_id] += 1
            vals = {
                'file_id': self.id,
                'sequence': sequence,
                'end_to_end_id': transaction.end_to_end_id,
                'reason_code': transaction.reason_code or False,
                'reason_id': reason.id if reason else False,
                'amount': amount,
                'kind': transaction.kind,
                'return_date': transaction.return_date or default_date,
                'mandate_reference': transaction.mandate_id or False,
                'source_line': transaction.source_line or 0,
                'remittance_line_id': debit.id,
            }
            vals.update(self._classify(transaction, debit, seen[transaction.end_to_end_id]))
            line_vals_list.append(vals)

        lines = self.env['telco.sepa.return.line'].create(line_vals_list)
        to_apply = lines.filtered(lambda line: line.state == 'applied')
        to_apply.remittance_line_id._register_return(to_apply)

    def _classify(self, transaction, debit, occurrence):
        """Return the state and message of one transaction before anything is applied."""
        if not debit:
            return {
                'state': 'not_found',
                'message': _("No debit with this end-to-end id was sent from this company."),
            }
        if debit.state == 'returned' or occurrence > 1:
            return {
                'state': 'already_returned',
                'message': _(
                    "Debit %(debit)s was already returned on %(date)s; skipped.",
                    debit=debit.end_to_end_id,
                    date=debit.return_date or _("an earlier line of this file"),
                ),
            }
        if debit.state != 'sent':
            return {
                'state': 'not_found',
                'message': _(
                    "Debit %(debit)s is in remittance %(remittance)s, which was not sent.",
                    debit=debit.end_to_end_id,
                    remittance=debit.remittance_id.name,
                ),
            }
        if transaction.amount_cents is not None:
            debit_cents = debit.remittance_id._to_cents(debit.amount, debit.currency_id)
            if debit_cents != transaction.amount_cents:
                return {
                    'state': 'amount_mismatch',
                    'message': _(
                        "The file returns %(returned)s but debit %(debit)s collected "
                        "%(amount)s; not applied. Check it with the bank.",
                        returned=from_cents(transaction.amount_cents),
                        debit=debit.end_to_end_id,
                        amount=from_cents(debit_cents),
                    ),
                }
        return {'state': 'applied', 'message': False}
