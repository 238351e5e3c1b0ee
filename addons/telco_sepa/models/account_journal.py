from odoo import _, models
from odoo.exceptions import UserError

from .account_payment_method import SEPA_DIRECT_DEBIT_CODE


class AccountJournal(models.Model):
    _inherit = 'account.journal'

    def _default_inbound_payment_methods(self):
        res = super()._default_inbound_payment_methods()
        if self.type == 'bank':
            res |= self.env.ref('telco_sepa.account_payment_method_telco_sepa_direct_debit')
        return res

    def _get_telco_sepa_payment_method_line(self):
        """Return the inbound SEPA direct debit payment method line of this bank journal."""
        self.ensure_one()
        method_line = self.inbound_payment_method_line_ids.filtered(
            lambda line: line.code == SEPA_DIRECT_DEBIT_CODE
        )[:1]
        if not method_line:
            raise UserError(_(
                "Journal %(journal)s has no SEPA direct debit payment method. Add it in the "
                "journal's incoming payments tab.",
                journal=self.display_name,
            ))
        return method_line
