from odoo import fields, models


class AccountMove(models.Model):
    _inherit = 'account.move'

    telco_sepa_line_ids = fields.One2many(
        'telco.sepa.remittance.line', 'move_id', string='Direct debits', readonly=True,
    )

    def _get_invoice_in_payment_state(self):
        # Community Odoo shows a paid invoice as "Paid" at once. An invoice collected by a
        # direct debit that was sent but whose bank credit is not matched yet is shown "In
        # payment" instead, as with the outstanding receipts model of Odoo Accounting.
        # account.payment.create() calls this on an empty recordset. That call keeps the
        # standard result, so payments still get their outstanding account.
        if self:
            debit_in_transit = self.env['telco.sepa.remittance.line'].sudo().search_count(
                [('move_id', 'in', self.ids), ('state', '=', 'sent')], limit=1,
            )
            if debit_in_transit:
                return 'in_payment'
        return super()._get_invoice_in_payment_state()
