import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from telcocollect.calendars import adjust_collection_date, earliest_collection_date

# The cut-off times of Spanish banks are local times.
BANK_TIMEZONE = 'Europe/Madrid'
ACCOUNTANT_GROUP = 'telco_collections.group_collections_accountant'


class TelcoSepaRemittance(models.Model):
    """Bank profile, collection date rules, pre-notification override and closing states."""

    _inherit = 'telco.sepa.remittance'

    bank_profile_id = fields.Many2one(
        'telco.sepa.bank.profile', string='Bank profile', compute='_compute_bank_profile_id',
        help="Settings of the collecting bank: file version, cut-off, lead days and maximum "
             "debits per file.",
    )
    collection_date_moved_note = fields.Char(
        string='Collection date change', readonly=True, copy=False,
        help="Set when the requested collection date was a TARGET2 closing day and was moved "
             "to the next business day.",
    )
    prenotification_override = fields.Boolean(
        string='Collect without pre-notification', tracking=True, copy=False,
        help="Collect the invoices whose pre-notification is missing or was sent too late. "
             "Only accountants may set it, for example when the contract agrees a shorter "
             "notice.",
    )
    file_ids = fields.One2many(
        'telco.sepa.remittance.file', 'remittance_id', string='Files', readonly=True,
        copy=False,
    )
    file_count = fields.Integer(string='Number of files', compute='_compute_file_count')

    @api.depends('journal_id')
    def _compute_bank_profile_id(self):
        for remittance in self:
            remittance.bank_profile_id = remittance.journal_id.telco_sepa_bank_profile_ids[:1]

    @api.depends('file_ids')
    def _compute_file_count(self):
        for remittance in self:
            remittance.file_count = len(remittance.file_ids)

    # ------------------------------------------------------------------ collection date

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get('prenotification_override') for vals in vals_list):
            self._check_prenotification_override_access()
        moves = []
        for vals in vals_list:
            moves.append(self._adjust_collection_date_vals(vals))
        remittances = super().create(vals_list)
        for remittance, move in zip(remittances, moves):
            if move:
                remittance._post_collection_date_moved(*move)
            if remittance.prenotification_override:
                remittance._post_prenotification_override()
        return remittances

    def write(self, vals):
        if 'prenotification_override' in vals:
            self._check_prenotification_override_access()
        move = self._adjust_collection_date_vals(vals) if 'collection_date' in vals else None
        if 'collection_date' in vals and not move:
            vals['collection_date_moved_note'] = False
        res = super().write(vals)
        if move:
            for remittance in self:
                remittance._post_collection_date_moved(*move)
        if vals.get('prenotification_override'):
            for remittance in self:
                remittance._post_prenotification_override()
        return res

    @api.model
    def _adjust_collection_date_vals(self, vals):
        """Move a collection date that falls on a TARGET2 closing day to the next business day.

        ``vals`` is changed in place. Returns ``(requested, moved_to)`` or None.
        """
        if not vals.get('collection_date'):
            return None
        requested = fields.Date.to_date(vals['collection_date'])
        adjusted, moved = adjust_collection_date(requested)
        if not moved:
            return None
        vals['collection_date'] = adjusted
        vals['collection_date_moved_note'] = _(
            "Collection date moved from %(requested)s to %(date)s: TARGET2 closing day",
            requested=requested,
            date=adjusted,
        )
        return requested, adjusted

    def _post_collection_date_moved(self, requested, adjusted):
        self._message_log(body=_(
            "Collection date moved from %(requested)s to %(date)s: TARGET2 closing day",
            requested=requested,
            date=adjusted,
        ))

    def _get_bank_now(self):
        """Return the current time in the bank's time zone, as a naive datetime."""
        now = pytz.utc.localize(fields.Datetime.now())
        return now.astimezone(pytz.timezone(BANK_TIMEZONE)).replace(tzinfo=None)

    def _get_earliest_collection_date(self):
        """Return the earliest collection date for a file sent to the bank now.

        It applies the D-1 TARGET2 rule with the bank profile's cut-off and lead days.
        """
        self.ensure_one()
        profile = self.journal_id._get_telco_sepa_bank_profile()
        return earliest_collection_date(
            self._get_bank_now(), profile._get_cutoff_time(), profile.lead_days,
        )

    # ------------------------------------------------------------------ pre-notification

    def _check_prenotification_override_access(self):
        if not self.env.user.has_group(ACCOUNTANT_GROUP):
            raise AccessError(_(
                "Only collection accountants may collect invoices without their "
                "pre-notification."
            ))

    def _post_prenotification_override(self):
        self._message_log(body=_(
            "%(user)s allowed this remittance to collect invoices whose pre-notification is "
            "missing or was sent less than %(days)s days before the collection date.",
            user=self.env.user.name,
            days=self.company_id.sepa_pre_notification_days,
        ))

    # ------------------------------------------------------------------ states

    def action_close(self):
        """Close remittances once nothing more is expected, such as after the refund period."""
        self._check_state(('sent', 'credited'), _("close"))
        self.write({'state': 'closed'})

    def _telco_mark_credited(self, statement_line):
        """Record that the bank credited this remittance on ``statement_line``.

        Bank statement import calls this when it matches the remittance's credit. It only
        moves sent remittances to 'credited' and logs the statement line. The
        reconciliation of the credit with the outstanding receipts belongs to the caller,
        which may extend this method.
        """
        self._check_state(('sent',), _("mark as credited"))
        self.write({'state': 'credited'})
        for remittance in self:
            remittance._message_log(body=_(
                "Credited by the bank: %(line)s.",
                line=statement_line.display_name if statement_line else _("no statement line"),
            ))
