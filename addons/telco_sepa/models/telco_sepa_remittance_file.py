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

PAIN008_VERSION = 'pain.008.001.02'


class TelcoSepaRemittance(models.Model):
    """Generation of the pain.008 file of a remittance."""

    _inherit = 'telco.sepa.remittance'

    def action_generate_file(self):
        """Build the pain.008 file, validate it against the XSD and attach it."""
        self._check_state(('draft', 'generated'), _("generate the file of"))
        for remittance in self:
            remittance._generate_file()

    def _generate_file(self):
        self.ensure_one()
        problems = self._get_file_problems()
        if problems:
            raise UserError(_(
                "The file of remittance %(name)s cannot be generated:\n%(problems)s",
                name=self.name,
                problems="\n".join(f"- {problem}" for problem in problems),
            ))

        created = fields.Datetime.now()
        message_id = f"{self.name}-{created.strftime('%Y%m%d%H%M%S')}"
        try:
            xml = build_pain008(
                message_id,
                created,
                self._get_pain008_creditor(),
                [line._get_pain008_debit() for line in self.line_ids],
                version=PAIN008_VERSION,
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
                "Remittance %s: generated %s file failed XSD validation (%d errors)",
                self.name, PAIN008_VERSION, len(error.errors),
            )
            raise UserError(_(
                "The generated file of remittance %(name)s does not match the %(version)s "
                "schema, so it was not stored:\n%(problems)s",
                name=self.name,
                version=PAIN008_VERSION,
                problems="\n".join(f"- {problem}" for problem in error.errors),
            )) from None

        old_attachment = self.file_attachment_id
        attachment = self.env['ir.attachment'].create({
            'name': f"{self.name}.xml",
            'raw': xml,
            'mimetype': 'application/xml',
            'res_model': self._name,
            'res_id': self.id,
        })
        warnings = spanish_bank_warnings(xml)
        self.write({
            'state': 'generated',
            'message_id': message_id,
            'file_attachment_id': attachment.id,
            'generated_date': created,
            'bank_warnings': "\n".join(warnings) or False,
        })
        old_attachment.unlink()

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

        today = fields.Date.context_today(self)
        if self.collection_date < today:
            problems.append(_(
                "The collection date %(date)s is in the past.", date=self.collection_date,
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
        creditor_id = validate_creditor_id(company.sepa_creditor_identifier)
        return Creditor(
            name=to_sepa_text(company.name, 70),
            iban=compact_iban(bank_account.acc_number),
            bic=bank_account.bank_id.bic or None,
            creditor_id=creditor_id,
            initiating_party_id=creditor_id,
        )

    @staticmethod
    def _to_cents(amount, currency):
        """Return a Monetary value as exact integer cents, rounded by its currency first."""
        return to_cents(float_repr(currency.round(amount), currency.decimal_places))

