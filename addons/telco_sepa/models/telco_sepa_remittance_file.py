import logging

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_repr

from telcocollect.calendars import is_target2_day, next_target2_day
from telcocollect.charset import to_sepa_text
from telcocollect.errors import InvalidIdentifier, SchemaValidationError
from telcocollect.identifiers import compact_iban, validate_creditor_id
from telcocollect.money import to_cents
from telcocollect.sepa.pain008 import (
    Creditor,
    InvalidDebitError,
    build_pain008,
    spanish_bank_warnings,
    validate_pain008,
)

_logger = logging.getLogger(__name__)

class TelcoSepaRemittance(models.Model):
    """Generation of the pain.008 file of a remittance."""

    _inherit = 'telco.sepa.remittance'

    def action_generate_file(self):
        """Build the pain.008 file, validate it against the XSD and attach it."""
        self._check_state(('draft', 'generated'), _("generate the file of"))
        for remittance in self:
            remittance._generate_file()

    def _generate_file(self):
        """Build, validate and attach the remittance's files, one per ``max_transactions`` debits.

        Every file is built and validated before any is stored, so a remittance never has
        only part of its files. The message id of file ``n`` is ``<remittance>-<n>`` and does
        not depend on the clock, so generating again gives the same ids; only ``CreDtTm``
        changes.
        """
        self.ensure_one()
        problems = self._get_file_problems()
        if problems:
            raise UserError(_(
                "The file of remittance %(name)s cannot be generated:\n%(problems)s",
                name=self.name,
                problems="\n".join(f"- {problem}" for problem in problems),
            ))

        profile = self.journal_id._get_telco_sepa_bank_profile()
        version = profile.pain008_version
        created = fields.Datetime.now()
        creditor = self._get_pain008_creditor()
        chunks = self._split_lines_into_files(profile.max_transactions)
        built = []
        for number, lines in enumerate(chunks, start=1):
            message_id = f"{self.name}-{number}"
            xml = self._build_file(message_id, created, creditor, lines, version)
            built.append((number, message_id, lines, xml))

        old_files = self.file_ids
        old_attachment = self.file_attachment_id - old_files.attachment_id
        file_vals_list = []
        warnings = []
        for number, message_id, lines, xml in built:
            file_name = f"{self.name}.xml" if len(built) == 1 else f"{self.name}-{number}.xml"
            attachment = self.env['ir.attachment'].create({
                'name': file_name,
                'raw': xml,
                'mimetype': 'application/xml',
                'res_model': self._name,
                'res_id': self.id,
            })
            file_vals_list.append({
                'remittance_id': self.id,
                'sequence': number,
                'message_id': message_id,
                'pain008_version': version,
                'attachment_id': attachment.id,
                'transaction_count': len(lines),
                'amount_total': sum(lines.mapped('amount')),
            })
            warnings.extend(spanish_bank_warnings(xml))
        old_files.unlink()
        files = self.env['telco.sepa.remittance.file'].create(file_vals_list)
        for file, (_number, _message_id, lines, _xml) in zip(files, built):
            lines.file_id = file
        self.write({
            'state': 'generated',
            'message_id': files[0].message_id,
            'file_attachment_id': files[0].attachment_id.id,
            'generated_date': created,
            'bank_warnings': "\n".join(warnings) or False,
        })
        old_attachment.unlink()

    def _split_lines_into_files(self, max_transactions):
        """Return the debits cut into lists of at most ``max_transactions`` (0: no limit).

        Debits are ordered by sequence type and id, so a file holds few payment information
        blocks and generating again cuts the same files.
        """
        self.ensure_one()
        order = {'FRST': 0, 'RCUR': 1, 'FNAL': 2, 'OOFF': 3}
        lines = self.line_ids.sorted(lambda line: (order[line.sequence_type], line.id))
        size = max_transactions or len(lines)
        return [lines[start:start + size] for start in range(0, len(lines), size)]

    def _build_file(self, message_id, created, creditor, lines, version):
        """Build one pain.008 file of ``lines`` and validate it against its XSD."""
        try:
            xml = build_pain008(
                message_id,
                created,
                creditor,
                [line._get_pain008_debit() for line in lines],
                version=version,
            )
        except InvalidDebitError as error:
            raise UserError(_(
                "The file of remittance %(name)s cannot be generated:\n%(problems)s",
                name=self.name,
                problems="\n".join(
                    f"- {e2e}: {'; '.join(texts)}" for e2e, texts in error.problems.items()
                ),
            )) from None
        except ValueError as error:
            raise UserError(_(
                "The file of remittance %(name)s cannot be generated: %(error)s",
                name=self.name,
                error=error,
            )) from None

        try:
            validate_pain008(xml)
        except SchemaValidationError as error:
            _logger.error(
                "Remittance %s: generated %s file %s failed XSD validation (%d errors)",
                self.name, version, message_id, len(error.errors),
            )
            raise UserError(_(
                "The generated file of remittance %(name)s does not match the %(version)s "
                "schema, so it was not stored:\n%(problems)s",
                name=self.name,
                version=version,
                problems="\n".join(f"- {problem}" for problem in error.errors),
            )) from None
        return xml

    def _get_file_problems(self):
        """Return every problem that stops the file from being built, as translated texts."""
        self.ensure_one()
        problems = []
        company = self.company_id
        if company.currency_id.name != 'EUR':
            problems.append(_(
                "The company currency is %(currency)s; SEPA direct debits are in EUR only.",
                currency=company.currency_id.name,
            ))
        if not company.sepa_creditor_identifier:
            problems.append(_(
                "Company %(company)s has no SEPA creditor identifier: set it in Settings > "
                "Collections.",
                company=company.name,
            ))
        iban = self.journal_id.bank_account_id.acc_number
        try:
            compact_iban(iban or '')
        except InvalidIdentifier:
            problems.append(_(
                "Journal %(journal)s has no valid IBAN (%(account)s): set the creditor bank "
                "account on the journal.",
                journal=self.journal_id.display_name,
                account=iban or _('none'),
            ))
        if not self.line_ids:
            problems.append(_("The remittance has no debits: select invoices first."))

        earliest = self._get_earliest_collection_date()
        if self.collection_date < earliest:
            profile = self.journal_id._get_telco_sepa_bank_profile()
            problems.append(_(
                "The collection date %(date)s is too early: a file sent to %(bank)s now "
                "(cut-off %(cutoff)s Europe/Madrid, %(days)s TARGET2 day(s) before "
                "collection) can be collected on %(earliest)s at the earliest.",
                date=self.collection_date,
                bank=profile.bank_name or self.journal_id.display_name,
                cutoff=profile._get_cutoff_time().strftime('%H:%M'),
                days=profile.lead_days,
                earliest=earliest,
            ))
        if not is_target2_day(self.collection_date):
            problems.append(_(
                "The collection date %(date)s is not a TARGET2 business day; the next one is "
                "%(next)s.",
                date=self.collection_date,
                next=next_target2_day(self.collection_date),
            ))

        for line in self.line_ids:
            problems.extend(line._get_debit_problems())
        return problems

    def _get_pain008_creditor(self):
        company = self.company_id
        bank_account = self.journal_id.bank_account_id
        profile = self.journal_id._get_telco_sepa_bank_profile()
        creditor_id = validate_creditor_id(profile.creditor_identifier)
        return Creditor(
            name=to_sepa_text(company.name, 70),
            iban=compact_iban(bank_account.acc_number),
            bic=bank_account.bank_id.bic or None,
            creditor_id=creditor_id,
            initiating_party_id=profile._get_initiating_party_id(),
        )

    @staticmethod
    def _to_cents(amount, currency):
        """Return a Monetary value as exact integer cents, rounded by its currency first."""
        return to_cents(float_repr(currency.round(amount), currency.decimal_places))

