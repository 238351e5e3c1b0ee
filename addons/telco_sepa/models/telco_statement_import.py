import hashlib
import logging

import psycopg2.errors

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_datetime

from telcocollect.aeb import norma43
from telcocollect.errors import FormatError
from telcocollect.money import from_cents
from telcocollect.sepa import camt053
from telcocollect.statements import statement_line_fingerprints

_logger = logging.getLogger(__name__)

STATEMENT_FORMATS = [('norma43', 'AEB Norma 43'), ('camt.053', 'ISO 20022 camt.053')]

# Movements matched within the web request that imports the file. Matching takes about 25 ms
# per movement (docs/benchmarks.md), so a larger file is matched by a background job instead
# of running into the request's time limit.
MATCH_INLINE_LIMIT = 1000
# Movements matched and committed together by the background job.
MATCH_BATCH_SIZE = 500
# Statement lines created by one create() call. Odoo numbers and posts the journal entry of
# each line with work that grows with the lines of the call: 10,000 lines took 35 ms each in
# one call and 26 ms each in calls of 1,000 (docs/benchmarks.md).
IMPORT_CHUNK_SIZE = 1000


def sanitize_account_number(number):
    """Return an account number without spaces or punctuation, in upper case."""
    return ''.join(char for char in (number or '') if char.isalnum()).upper()


def sniff_statement_format(data):
    """Return 'camt.053' for an XML document, 'norma43' for a record 11, else None.

    The camt.053 parser checks the namespace itself and names it when it is another message.
    """
    head = data.lstrip(b'\xef\xbb\xbf \t\r\n')[:2]
    if head.startswith(b'<'):
        return 'camt.053'
    if head == b'11':
        return 'norma43'
    return None


class TelcoStatementImport(models.Model):
    _name = 'telco.statement.import'
    _description = 'Imported bank statement file'
    _order = 'import_date desc, id desc'

    name = fields.Char(string='File name', required=True, readonly=True)
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True, default=lambda self: self.env.company,
        index=True,
    )
    file_sha256 = fields.Char(string='SHA-256', required=True, readonly=True, index=True)
    file_format = fields.Selection(STATEMENT_FORMATS, string='Format', readonly=True)
    import_date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        'res.users', string='Imported by', required=True, readonly=True,
        default=lambda self: self.env.user,
    )
    attachment_id = fields.Many2one('ir.attachment', string='File', readonly=True)
    statement_ids = fields.Many2many(
        'account.bank.statement', 'telco_statement_import_statement_rel', 'import_id',
        'statement_id', string='Statements', readonly=True,
    )
    statement_line_ids = fields.One2many(
        'account.bank.statement.line', 'telco_import_id', string='Movements', readonly=True,
    )
    statement_count = fields.Integer(string='Number of statements', readonly=True)
    line_count = fields.Integer(string='Movements created', readonly=True)
    skipped_count = fields.Integer(
        string='Movements skipped', readonly=True,
        help="Movements of the file that an earlier import had already created.",
    )
    matched_count = fields.Integer(string='Movements matched', compute='_compute_matched_count')
    accepted_totals_mismatch = fields.Boolean(
        string='Totals mismatch accepted', readonly=True,
        help="The file was imported although its totals disagree with its movements.",
    )
    warnings = fields.Text(readonly=True)
    matching_requested = fields.Boolean(
        string='Matching in the background', readonly=True, copy=False,
        help="Set while a background job matches the movements of a large file.",
    )

    _sql_constraints = [
        ('sha256_company_unique', 'unique (file_sha256, company_id)',
         'This statement file was already imported.'),
    ]

    def _compute_matched_count(self):
        for record in self:
            record.matched_count = len(record.statement_line_ids.filtered('telco_match_rule'))

    # -- import -----------------------------------------------------------------------------

    @api.model
    def import_file(self, data, file_name, accept_totals_mismatch=False):
        """Create the statements of a Norma 43 or camt.053 file and return the import record.

        The file is imported as a whole inside one savepoint: an unknown account, a malformed
        record or a duplicate file raises UserError and nothing is created. Movements already
        present on their journal (same fingerprint) are skipped and counted. Matching runs
        separately, see ``telco.reconcile.engine``.
        """
        if not data.strip():
            raise UserError(_(
                "The file %(file)s is empty. Nothing was imported.", file=file_name,
            ))
        company = self.env.company
        sha256 = hashlib.sha256(data).hexdigest()
        earlier = self.search([('company_id', '=', company.id), ('file_sha256', '=', sha256)],
                              limit=1)
        if earlier:
            raise UserError(_(
                "This file was already imported as %(name)s on %(date)s by %(user)s. Nothing "
                "was changed.",
                name=earlier.name,
                date=format_datetime(self.env, earlier.import_date),
                user=earlier.user_id.name,
            ))
        file_format, statements = self._parse(data, file_name, accept_totals_mismatch)
        journals = self._find_journals(company, statements)

        try:
            with self.env.cr.savepoint():
                record = self._create_import(data, file_name, sha256, file_format,
                                             accept_totals_mismatch, statements, journals)
        except psycopg2.errors.UniqueViolation:
            # Another user imported the same file or some of its movements at the same moment,
            # and the unique indexes on the file hash and the movement fingerprint stopped this
            # import. Importing again skips what the other import created.
            _logger.info("Statement file %s collided with a concurrent import", file_name)
            raise UserError(_(
                "Another import of the same file or of some of its movements ran at the same "
                "moment. Nothing was imported from %(file)s. Import it again: the movements "
                "already imported are skipped.",
                file=file_name,
            )) from None
        _logger.info(
            "Statement file %s (%s) imported: %d statements, %d movements, %d skipped",
            record.name, file_format, record.statement_count, record.line_count,
            record.skipped_count,
        )
        return record

    @api.model
    def _create_import(self, data, file_name, sha256, file_format, accept_totals_mismatch,
                       statements, journals):
        record = self.create({
            'name': file_name,
            'company_id': self.env.company.id,
            'file_sha256': sha256,
            'file_format': file_format,
            'accepted_totals_mismatch': accept_totals_mismatch,
        })
        record.attachment_id = self.env['ir.attachment'].create({
            'name': file_name,
            'raw': data,
            'res_model': self._name,
            'res_id': record.id,
        })
        record._create_statements(statements, journals)
        return record

    @api.model
    def _parse(self, data, file_name, accept_totals_mismatch):
        file_format = sniff_statement_format(data)
        if file_format is None:
            raise UserError(_(
                "The file %(file)s is neither an AEB Norma 43 statement (80-character records "
                "starting with record 11) nor a camt.053 XML statement. Nothing was imported.",
                file=file_name,
            ))
        parser = norma43 if file_format == 'norma43' else camt053
        try:
            return file_format, parser.parse(data, strict=not accept_totals_mismatch)
        except FormatError as error:
            strict_error = error
        # A file that the lenient mode accepts failed only on totals or balances: the user
        # may accept it explicitly.
        try:
            parser.parse(data, strict=False)
        except FormatError:
            raise UserError(_(
                "The file %(file)s cannot be imported: %(error)s. Nothing was imported.",
                file=file_name,
                error=str(strict_error),
            )) from None
        raise UserError(_(
            "The totals or balances of %(file)s do not add up: %(error)s. Nothing was "
            "imported. Ask the bank for a corrected or complete file, or import it again with "
            "\"Accept totals mismatch\" ticked to keep the file's figures with a warning.",
            file=file_name,
            error=str(strict_error),
        ))

    @api.model
    def _find_journals(self, company, statements):
        """Return the bank journal of each statement, in order, or raise naming the unknown ones."""
        journals = self.env['account.journal'].search([
            ('type', '=', 'bank'),
            ('company_id', '=', company.id),
            ('bank_account_id', '!=', False),
        ])
        by_number = {
            sanitize_account_number(journal.bank_account_id.acc_number): journal
            for journal in journals
        }
        result = []
        unknown = []
        for statement in statements:
            journal = by_number.get(sanitize_account_number(statement.account_iban)) \
                or by_number.get(sanitize_account_number(statement.account_key))
            if not journal:
                unknown.append(_(
                    "IBAN %(iban)s (account %(key)s in the file)",
                    iban=statement.account_iban or _("unknown"),
                    key=statement.account_key,
                ))
            result.append(journal)
        if unknown:
            raise UserError(_(
                "No bank journal of %(company)s has these accounts:\n%(accounts)s\nCheck that "
                "the file belongs to this company, or ask an administrator to set each account "
                "number on a bank journal (Invoicing > Configuration > Accounting > Journals, "
                "field Account Number). Nothing was imported.",
                company=company.name,
                accounts="\n".join(f"- {item}" for item in unknown),
            ))
        for statement, journal in zip(statements, result):
            journal_currency = journal.currency_id or company.currency_id
            if journal_currency.name != statement.currency:
                raise UserError(_(
                    "The statement of IBAN %(iban)s is in %(currency)s but bank journal "
                    "%(journal)s keeps %(journal_currency)s. Set the journal's currency or "
                    "import the file into the right company. Nothing was imported.",
                    iban=statement.account_iban or statement.account_key,
                    currency=statement.currency,
                    journal=journal.display_name,
                    journal_currency=journal_currency.name,
                ))
        return result

    def _create_statements(self, statements, journals):
        self.ensure_one()
        StatementLine = self.env['account.bank.statement.line']
        warnings = []
        created = skipped = 0
        for statement, journal in zip(statements, journals):
            # The parser's warnings are English sentences that name the account themselves.
            warnings.extend(statement.warnings)
            fingerprints = statement_line_fingerprints(statement)
            existing = set(StatementLine.search([
                ('journal_id', '=', journal.id),
                ('telco_import_fingerprint', 'in', list(fingerprints)),
            ]).mapped('telco_import_fingerprint'))
            partner_by_iban = self._partners_by_iban(statement.lines)
            line_vals = []
            for sequence, (line, fingerprint) in enumerate(zip(statement.lines, fingerprints)):
                if fingerprint in existing:
                    skipped += 1
                    continue
                line_vals.append(self._statement_line_vals(
                    line, fingerprint, journal, sequence, partner_by_iban,
                ))
            if not line_vals:
                continue
            opening_cents = statement.opening_balance_cents
            if len(line_vals) < len(statement.lines):
                # The statement holds only the new movements, so its opening balance is the
                # file's closing balance less them. In overlapping files the movements imported
                # before come first, and this is the balance after them.
                opening_cents = statement.closing_balance_cents - sum(
                    line.amount_cents for line, fingerprint
                    in zip(statement.lines, fingerprints) if fingerprint not in existing
                )
                warnings.append(_(
                    "Statement %(statement)s: only its %(count)s new movements were imported, "
                    "so its opening balance is set to %(opening)s to add up to the file's "
                    "closing balance.",
                    statement=statement.statement_id,
                    count=len(line_vals),
                    opening=format_amount(self.env, float(from_cents(opening_cents)),
                                          journal.currency_id or self.company_id.currency_id),
                ))
            bank_statement = self.env['account.bank.statement'].create({
                'name': statement.statement_id,
                'reference': self.name,
                'journal_id': journal.id,
                'balance_start': float(from_cents(opening_cents)),
                'balance_end_real': float(from_cents(statement.closing_balance_cents)),
                'line_ids': [Command.create(vals) for vals in line_vals[:IMPORT_CHUNK_SIZE]],
            })
            for start in range(IMPORT_CHUNK_SIZE, len(line_vals), IMPORT_CHUNK_SIZE):
                StatementLine.create([
                    dict(vals, statement_id=bank_statement.id)
                    for vals in line_vals[start:start + IMPORT_CHUNK_SIZE]
                ])
            self.statement_ids = [Command.link(bank_statement.id)]
            created += len(line_vals)
        if not created and not skipped:
            raise UserError(_(
                "The file %(file)s contains no movements. Nothing was imported.", file=self.name,
            ))
        if not created:
            raise UserError(_(
                "All %(count)s movements of %(file)s were already imported by earlier files. "
                "Nothing was imported.",
                count=skipped,
                file=self.name,
            ))
        if skipped == 1:
            warnings.append(_("1 movement was already imported and was skipped."))
        elif skipped:
            warnings.append(_(
                "%(count)s movements were already imported and were skipped.", count=skipped,
            ))
        self.write({
            'statement_count': len(self.statement_ids),
            'line_count': created,
            'skipped_count': skipped,
            'warnings': "\n".join(warnings) or False,
        })

    @api.model
    def _partners_by_iban(self, lines):
        """Return {sanitized IBAN: partner} for the counterparties owned by exactly one customer."""
        numbers = {sanitize_account_number(line.counterparty_iban)
                   for line in lines if line.counterparty_iban}
        if not numbers:
            return {}
        banks = self.env['res.partner.bank'].search([('sanitized_acc_number', 'in', list(numbers))])
        partners = {}
        for bank in banks:
            partners.setdefault(bank.sanitized_acc_number, set()).add(
                bank.partner_id.commercial_partner_id.id
            )
        return {
            number: self.env['res.partner'].browse(ids.pop())
            for number, ids in partners.items() if len(ids) == 1
        }

    @api.model
    def _statement_line_vals(self, line, fingerprint, journal, sequence, partner_by_iban):
        references = [line.reference1, line.reference2, line.document_number]
        label = " | ".join(filter(None, [*line.texts, *references])) or _("Bank movement")
        partner = partner_by_iban.get(sanitize_account_number(line.counterparty_iban))
        return {
            'journal_id': journal.id,
            'date': line.booking_date,
            'sequence': sequence,
            'amount': float(from_cents(line.amount_cents)),
            'payment_ref': label,
            'partner_id': partner.id if partner else False,
            'partner_name': line.counterparty_name or False,
            'account_number': line.counterparty_iban or False,
            'telco_import_id': self.id,
            'telco_import_fingerprint': fingerprint,
            'telco_common_concept': line.common_concept or False,
            'telco_own_concept': line.own_concept or False,
            'telco_document_number': line.document_number or False,
            'telco_end_to_end_id': line.end_to_end_id or False,
            'telco_mandate_reference': line.mandate_id or False,
            'telco_creditor_identifier': line.creditor_id or False,
            'telco_counterparty_iban': line.counterparty_iban or False,
            'telco_counterparty_name': line.counterparty_name or False,
            'telco_bank_transaction_code': (
                line.bank_transaction_code or line.proprietary_bank_transaction_code or False
            ),
            'telco_return_reason': line.return_reason or False,
        }

    # -- actions ----------------------------------------------------------------------------

    def action_view_lines(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id(
            'telco_sepa.telco_statement_line_action'
        )
        action['domain'] = [('telco_import_id', '=', self.id)]
        action['context'] = {}
        return action

    def action_match_again(self):
        self._request_matching()
        return True

    # -- matching -----------------------------------------------------------------------------

    def _lines_to_match(self):
        return self.statement_line_ids.filtered(
            lambda line: not line.is_reconciled and not line.telco_match_rule
        )

    def _request_matching(self):
        """Match the open movements now, or in the background above MATCH_INLINE_LIMIT."""
        for record in self:
            lines = record._lines_to_match()
            if len(lines) > MATCH_INLINE_LIMIT:
                record.matching_requested = True
                self.env.ref('telco_sepa.ir_cron_telco_statement_match')._trigger()
            else:
                self.env['telco.reconcile.engine']._match_statement_lines(lines)

    @api.model
    def _cron_match_statements(self, batch_size=MATCH_BATCH_SIZE):
        """Match the movements of the imports waiting for it, committing per batch.

        A crash leaves the flag set, and the next run goes on with the movements still open.
        """
        for record in self.search([('matching_requested', '=', True)]):
            record = record.with_company(record.company_id)
            engine = record.env['telco.reconcile.engine']
            lines = record._lines_to_match()
            matched = 0
            for start in range(0, len(lines), batch_size):
                batch = lines[start:start + batch_size]
                matched += engine._match_statement_lines(batch, batch_size=batch_size)['matched']
                self.env.cr.commit()
                _logger.info(
                    "Statement file %s: %d of %d movements processed, %d matched", record.name,
                    min(start + batch_size, len(lines)), len(lines), matched,
                )
            record.matching_requested = False
            self.env.cr.commit()
