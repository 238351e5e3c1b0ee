from odoo import _, api, fields, models


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
    sepa_pre_notification_warning = fields.Char(compute='_compute_sepa_pre_notification_warning')

    @api.depends('sepa_pre_notification_days', 'telco_invoice_due_days')
    def _compute_sepa_pre_notification_warning(self):
        for settings in self:
            due_days = settings.telco_invoice_due_days
            notice_days = settings.sepa_pre_notification_days
            if notice_days > due_days:
                settings.sepa_pre_notification_warning = _(
                    "Invoices fall due %(due)s days after they are issued, but debits must be "
                    "pre-notified %(notice)s days before collection: a debit pre-notified with "
                    "its invoice is collected %(late)s days after the due date. Shorten the "
                    "pre-notification period if the contract agrees it, or give more days to pay.",
                    due=due_days,
                    notice=notice_days,
                    late=notice_days - due_days,
                )
            else:
                settings.sepa_pre_notification_warning = False
