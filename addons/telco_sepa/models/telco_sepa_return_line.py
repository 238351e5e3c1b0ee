from odoo import fields, models


class TelcoSepaReturnLine(models.Model):
    _name = 'telco.sepa.return.line'
    _description = 'Rejected or returned SEPA debit'
    _order = 'file_id desc, sequence, id'
    _rec_name = 'end_to_end_id'

    file_id = fields.Many2one(
        'telco.sepa.return.file', string='Return file', required=True, ondelete='cascade',
        index=True,
    )
    sequence = fields.Integer()
    company_id = fields.Many2one(related='file_id.company_id', store=True, index=True)
    currency_id = fields.Many2one(related='file_id.currency_id')
    end_to_end_id = fields.Char(string='End-to-end id', index=True)
    reason_code = fields.Char()
    reason_id = fields.Many2one('telco.sepa.return.reason', string='Reason')
    amount = fields.Monetary()
    kind = fields.Selection(
        [('reject', 'Reject'), ('return', 'Return'), ('refund', 'Refund')],
        help="Reject: the debit failed before settlement. Return: the debtor bank sent the "
             "money back after settlement. Refund: the debtor claimed the money back.",
    )
    return_date = fields.Date()
    mandate_reference = fields.Char()
    source_line = fields.Integer(string='Line in file')
    remittance_line_id = fields.Many2one(
        'telco.sepa.remittance.line', string='Debit', index=True,
    )
    move_id = fields.Many2one(related='remittance_line_id.move_id', string='Invoice')
    partner_id = fields.Many2one(related='remittance_line_id.partner_id', string='Debtor')
    state = fields.Selection(
        [('applied', 'Applied'), ('not_found', 'Not found'),
         ('already_returned', 'Already returned'), ('amount_mismatch', 'Amount mismatch')],
        required=True,
    )
    message = fields.Char()
