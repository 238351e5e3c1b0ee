from odoo import fields, models


class AccountMove(models.Model):
    _inherit = 'account.move'

    telco_sepa_line_ids = fields.One2many(
        'telco.sepa.remittance.line', 'move_id', string='Direct debits', readonly=True,
    )

    def init(self):
        super().init()
        # Statement matching looks customer invoices up by number and payment reference, a
        # batch of tokens at a time (telco.reconcile.engine._search_invoices_by_tokens).
        # Odoo indexes both columns with trigram GIN indexes only, which are slow for
        # equality with many values.
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS account_move_telco_invoice_name_idx
                ON account_move (name) WHERE move_type = 'out_invoice'
        """)
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS account_move_telco_invoice_payment_reference_idx
                ON account_move (payment_reference)
             WHERE move_type = 'out_invoice' AND payment_reference IS NOT NULL
        """)

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
