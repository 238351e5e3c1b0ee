from odoo import _, api, models
from odoo.exceptions import ValidationError

from telcocollect.errors import InvalidIdentifier
from telcocollect.identifiers import compact_iban


class ResPartnerBank(models.Model):
    _inherit = 'res.partner.bank'

    @api.constrains('acc_number')
    def _check_spanish_iban(self):
        """Reject a Spanish IBAN whose check digits or CCC control digits are wrong.

        Direct debits are collected from these accounts, and the bank returns a debit to an
        invalid account (AC01) only after the collection date. Accounts of other countries and
        numbers that are not IBANs are left to Odoo's own checks.
        """
        for bank in self:
            number = (bank.acc_number or '').replace(' ', '').upper()
            if not (number.startswith('ES') and number[2:4].isdigit()):
                continue
            try:
                compact_iban(number)
            except InvalidIdentifier:
                raise ValidationError(_(
                    "The IBAN %(iban)s of %(partner)s is not valid: its check digits do not "
                    "match. Copy it again from the customer's bank document.",
                    iban=bank.acc_number,
                    partner=bank.partner_id.display_name,
                )) from None
