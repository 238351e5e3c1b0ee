from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    sepa_creditor_identifier = fields.Char(
        related='company_id.sepa_creditor_identifier',
        readonly=False,
    )
    sepa_collection_journal_id = fields.Many2one(
        related='company_id.sepa_collection_journal_id',
        readonly=False,
    )
    sepa_pre_notification_days = fields.Integer(
        related='company_id.sepa_pre_notification_days',
        readonly=False,
    )
    sepa_use_frst = fields.Boolean(
        related='company_id.sepa_use_frst',
        readonly=False,
    )
