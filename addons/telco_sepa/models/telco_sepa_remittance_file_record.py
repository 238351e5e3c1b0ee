from odoo import fields, models


class TelcoSepaRemittanceFile(models.Model):
    """One pain.008 file of a remittance; a remittance above the bank's maximum has several."""

    _name = 'telco.sepa.remittance.file'
    _description = 'SEPA remittance file'
    _order = 'remittance_id desc, sequence'
    _rec_name = 'name'

    remittance_id = fields.Many2one(
        'telco.sepa.remittance', required=True, ondelete='cascade', index=True,
    )
    company_id = fields.Many2one(related='remittance_id.company_id', store=True, index=True)
    currency_id = fields.Many2one(related='remittance_id.currency_id')
    sequence = fields.Integer(
        string='File number', required=True,
        help="Number of the file within the remittance, starting at 1. It is part of the "
             "message id, so generating the file again gives the same id.",
    )
    name = fields.Char(related='attachment_id.name', string='File name')
    message_id = fields.Char(string='Message id', required=True, index=True)
    pain008_version = fields.Char(string='pain.008 version', required=True)
    attachment_id = fields.Many2one('ir.attachment', string='Attachment', required=True)
    datas = fields.Binary(related='attachment_id.datas', string='File')
    transaction_count = fields.Integer(string='Number of debits')
    amount_total = fields.Monetary(string='Total amount')
    line_ids = fields.One2many('telco.sepa.remittance.line', 'file_id', string='Debits')

    def unlink(self):
        attachments = self.attachment_id
        res = super().unlink()
        attachments.unlink()
        return res


class TelcoSepaRemittanceLine(models.Model):
    _inherit = 'telco.sepa.remittance.line'

    file_id = fields.Many2one(
        'telco.sepa.remittance.file', string='File', readonly=True, copy=False, index=True,
        ondelete='set null',
    )
    file_message_id = fields.Char(
        related='file_id.message_id', string='File message id',
        help="MsgId of the pain.008 file that carries this debit; rejects quote it as the "
             "original message id.",
    )
