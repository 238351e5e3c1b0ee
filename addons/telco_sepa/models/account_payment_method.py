from odoo import api, models

SEPA_DIRECT_DEBIT_CODE = 'telco_sepa_direct_debit'


class AccountPaymentMethod(models.Model):
    _inherit = 'account.payment.method'

    @api.model
    def _get_payment_method_information(self):
        res = super()._get_payment_method_information()
        # 'multi' adds the method to every bank journal, existing or created later.
        res[SEPA_DIRECT_DEBIT_CODE] = {'mode': 'multi', 'type': ('bank',)}
        return res
