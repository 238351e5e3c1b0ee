from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from telcocollect.errors import InvalidIdentifier
from telcocollect.identifiers import compact_iban, validate_creditor_id


class ResCompany(models.Model):
    _inherit = 'res.company'

    sepa_creditor_identifier = fields.Char(
        string='SEPA creditor identifier',
        help="Creditor identifier assigned by the bank: ES, 2 check digits, a 3-character "
             "business code and the company NIF, such as ES26000B64717838.",
    )
    sepa_collection_journal_id = fields.Many2one(
        comodel_name='account.journal',
        string='Direct debit collection journal',
        domain="[('type', '=', 'bank'), ('company_id', '=', id)]",
        help="Bank journal that receives the direct debits. Its bank account is the creditor "
             "IBAN written in the remittance files.",
    )
    sepa_pre_notification_days = fields.Integer(
        string='Pre-notification days',
        default=14,
        help="Calendar days between the pre-notification sent to the debtor and the collection "
             "date. SEPA requires 14 unless the contract agrees a shorter period.",
    )
    sepa_use_frst = fields.Boolean(
        string='Send first debits as FRST',
        help="Mark the first debit of each recurrent mandate as FRST. When off, every recurrent "
             "debit is sent as RCUR, which the SEPA rulebook allows since November 2016.",
    )

    @api.constrains('sepa_creditor_identifier')
    def _check_sepa_creditor_identifier(self):
        for company in self.filtered('sepa_creditor_identifier'):
            try:
                validate_creditor_id(company.sepa_creditor_identifier)
            except InvalidIdentifier:
                raise ValidationError(_(
                    "Invalid SEPA creditor identifier %(value)s. Expected ES, 2 check digits, "
                    "a 3-character business code and the company NIF, such as ES26000B64717838.",
                    value=company.sepa_creditor_identifier,
                )) from None

    @api.constrains('sepa_collection_journal_id')
    def _check_sepa_collection_journal(self):
        for company in self.filtered('sepa_collection_journal_id'):
            journal = company.sepa_collection_journal_id
            if journal.type != 'bank':
                raise ValidationError(_(
                    "The direct debit collection journal %(journal)s must be a bank journal.",
                    journal=journal.display_name,
                ))
            iban = journal.bank_account_id.acc_number
            try:
                compact_iban(iban or '')
            except InvalidIdentifier:
                raise ValidationError(_(
                    "The bank account %(account)s of journal %(journal)s is not a valid IBAN. "
                    "Set the creditor IBAN on the journal before using it for direct debits.",
                    account=iban or _('(none)'),
                    journal=journal.display_name,
                )) from None

    @api.constrains('sepa_pre_notification_days')
    def _check_sepa_pre_notification_days(self):
        for company in self:
            if company.sepa_pre_notification_days < 0:
                raise ValidationError(_(
                    "Pre-notification days must be zero or more, not %(days)s.",
                    days=company.sepa_pre_notification_days,
                ))
